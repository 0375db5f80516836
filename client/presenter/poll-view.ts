// The presenter view's poll controls: for the poll on the current slide, its state, the live
// counts (presenters always see them) and Open / Close / Reveal results / Reset. Revealed
// results are drawn on the presenter's own slides too, as the room sees them.
import type { RevealApi } from 'reveal.js';
import type { PollAction, PollState } from '../../shared/polls.ts';
import { $ } from '../lib/dom.ts';
import { drawResults, pollOnSlide } from '../audience/poll-results.ts';

export interface PollController {
  pollAction(poll: string, action: PollAction): void;
}

const BUTTONS: Array<[PollAction, string, (s: PollState) => boolean]> = [
  ['open', 'Open', (s) => !s.open],
  ['close', 'Close', (s) => s.open],
  ['reveal', 'Reveal results', (s) => !s.revealed],
  ['reset', 'Reset', (s) => s.total > 0 || s.open || s.revealed],
];

export class PollView {
  private states = new Map<string, PollState>();

  constructor(
    private readonly deck: RevealApi,
    private readonly controller: PollController,
  ) {
    deck.on('slidechanged', () => this.render());
  }

  joined(states: PollState[]): void {
    this.states = new Map(states.map((s) => [s.poll, s]));
    for (const s of states) this.draw(s);
    this.render();
  }

  state(state: PollState): void {
    this.states.set(state.poll, state);
    this.draw(state);
    this.render();
  }

  private draw(state: PollState): void {
    drawResults($('current'), state);
    drawResults($('next'), state);
  }

  render(): void {
    const poll = pollOnSlide(this.deck.getCurrentSlide());
    const state = poll && this.states.get(poll.id);
    $('pv-poll').hidden = !poll || !state;
    if (!poll || !state) return;
    $('pv-poll-question').textContent = poll.question;
    $('pv-poll-state').textContent = `${state.open ? 'Open' : 'Closed'}${state.revealed ? ' · shown' : ''} · ${state.total} answered`;
    const counts = state.counts ?? [];
    const sum = counts.reduce((a, b) => a + b, 0);
    $('pv-poll-bars').replaceChildren(
      ...poll.choices.map((choice, i) => {
        const li = document.createElement('li');
        li.style.setProperty('--share', `${sum ? Math.round(((counts[i] ?? 0) / sum) * 100) : 0}%`);
        if (state.correct?.includes(i)) li.dataset.correct = '';
        const label = document.createElement('span');
        label.textContent = `${String.fromCharCode(65 + i)}  ${choice}`;
        const n = document.createElement('span');
        n.textContent = String(counts[i] ?? 0);
        li.append(label, n);
        return li;
      }),
    );
    $('pv-poll-buttons').replaceChildren(
      ...BUTTONS.filter(([, , shown]) => shown(state)).map(([action, text]) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = action === 'reveal' ? 'pv-chip pv-chip--accent' : 'pv-chip';
        button.dataset.pollAction = action;
        button.textContent = text;
        button.addEventListener('click', () => this.controller.pollAction(poll.id, action));
        return button;
      }),
    );
  }
}
