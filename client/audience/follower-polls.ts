// The follower page's polls: while the poll on the live slide is open, a card above the
// reactions takes the answer (one tap for a single choice; toggles and Send for several), and
// it can be changed until the poll closes. Results are drawn on the slide once revealed — on
// phones and on the audience window alike.
import type { PollState } from '../../shared/polls.ts';
import { $ } from '../lib/dom.ts';
import type { LecternSocket } from '../lib/socket.ts';
import { drawResults, pollOnSlide } from './poll-results.ts';

const REFUSALS: Record<string, string> = {
  'poll-closed': 'The poll has closed.',
  'rate-limited': 'Easy there: try again in a moment.',
};

export class FollowerPolls {
  private states = new Map<string, PollState>();
  private socket?: LecternSocket;
  private picked = new Set<number>();
  private shownPoll?: string;

  constructor(
    private readonly deckElement: HTMLElement,
    private readonly liveSlide: () => Element | undefined,
    private readonly screen: boolean,
  ) {}

  connect(socket: LecternSocket): void {
    this.socket = socket;
  }

  joined(states: PollState[]): void {
    this.states = new Map(states.map((s) => [s.poll, s]));
    for (const s of states) drawResults(this.deckElement, s);
    this.render();
  }

  state(state: PollState): void {
    const mine = this.states.get(state.poll)?.mine;
    this.states.set(state.poll, { ...state, ...(mine && !('mine' in state) && { mine }) });
    drawResults(this.deckElement, state);
    this.render();
  }

  /** The live slide changed, or the deck was replaced. */
  render(): void {
    const poll = pollOnSlide(this.liveSlide());
    const state = poll && this.states.get(poll.id);
    const card = $('poll');
    if (this.screen || !poll || !state?.open) {
      card.hidden = true;
      this.shownPoll = undefined;
      return;
    }
    if (this.shownPoll !== poll.id) {
      this.shownPoll = poll.id;
      this.picked = new Set(state.mine ?? []);
    }
    card.hidden = false;
    $('poll-kind').textContent = poll.multiple ? 'Poll · pick any' : 'Poll';
    $('poll-question').textContent = poll.question;
    const buttons = poll.choices.map((choice, i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'aud-poll__choice';
      button.setAttribute('aria-pressed', String(this.picked.has(i)));
      const letter = document.createElement('span');
      letter.className = 'aud-poll__letter';
      letter.setAttribute('aria-hidden', 'true');
      letter.textContent = String.fromCharCode(65 + i);
      const label = document.createElement('span');
      label.textContent = choice;
      button.append(letter, label);
      button.addEventListener('click', () => {
        if (poll.multiple) {
          if (this.picked.has(i)) this.picked.delete(i);
          else this.picked.add(i);
          this.render();
        } else {
          this.picked = new Set([i]);
          this.send(poll.id);
        }
      });
      return button;
    });
    if (poll.multiple) {
      const send = document.createElement('button');
      send.type = 'button';
      send.className = 'live-pill live-pill--accent aud-poll__send';
      send.textContent = state.mine ? 'Change answer' : 'Send answer';
      send.disabled = this.picked.size === 0;
      send.addEventListener('click', () => this.send(poll.id));
      buttons.push(send);
    }
    $('poll-choices').replaceChildren(...buttons);
    $('poll-status').textContent = state.mine ? 'Answer sent: you can change it while the poll is open.' : '';
  }

  private send(id: string): void {
    const choices = [...this.picked].sort((a, b) => a - b);
    this.socket?.emit('poll:answer', { poll: id, choices }, (res) => {
      if (!res.ok) {
        $('poll-status').textContent = REFUSALS[res.error] ?? `Not counted (${res.error}).`;
        return;
      }
      this.states.set(id, { ...this.states.get(id), ...res.state });
      this.render();
    });
  }
}
