// The follower page's audience side: the reaction row, the Questions sheet (ask, upvote, top or
// newest), the question the speaker shows over the slide, and — on the audience window that the
// presenter view opens (`?screen`) — the room's reactions as a brief animation. Every text the
// audience wrote is set with textContent.
import { QUESTION_MAX_CHARS, type QuestionOrder, type Reaction } from '../../shared/audience.ts';
import type { AudienceSnapshot, QuestionList, ReactionBatch } from '../../shared/protocol.ts';
import { QuestionBook } from '../lib/audience.ts';
import { $ } from '../lib/dom.ts';
import type { LecternSocket } from '../lib/socket.ts';
import { burst, screenReactionsOn } from './bursts.ts';
import { questionItem, voteButton } from './question-item.ts';

const REFUSALS: Record<string, string> = {
  'rate-limited': 'Easy there: try again in a moment.',
  'questions-off': 'The speaker has turned questions off.',
  'too-many-questions': 'This session has all the questions it can take.',
  'bad-request': 'A question is 1 to 280 characters.',
};

export class FollowerAudience {
  private readonly book = new QuestionBook();
  private order: QuestionOrder = 'top';
  private socket?: LecternSocket;
  /** The audience window on the projector: shows, never asks. */
  readonly screen = new URLSearchParams(window.location.search).has('screen');

  constructor() {
    document.body.classList.toggle('is-screen', this.screen);
    if (this.screen) return;
    $('open-questions').addEventListener('click', () => this.openSheet(true));
    $('close-questions').addEventListener('click', () => this.openSheet(false));
    for (const button of $('reactions').querySelectorAll<HTMLButtonElement>('[data-reaction]')) {
      button.addEventListener('click', () => this.react(button.dataset.reaction as Reaction, button));
    }
    for (const button of $('questions').querySelectorAll<HTMLButtonElement>('[data-order]')) {
      button.addEventListener('click', () => {
        this.order = button.dataset.order as QuestionOrder;
        this.render();
      });
    }
    const text = $<HTMLTextAreaElement>('ask-text');
    text.addEventListener('input', () => ($('ask-count').textContent = String(QUESTION_MAX_CHARS - [...text.value].length)));
    $('ask-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.ask();
    });
  }

  connect(socket: LecternSocket): void {
    this.socket = socket;
  }

  joined(snapshot: AudienceSnapshot): void {
    this.book.snapshot(snapshot);
    this.render();
  }

  questions(list: QuestionList): void {
    if (this.book.apply(list)) this.render();
  }

  reactions(batch: ReactionBatch): void {
    if (this.screen && screenReactionsOn()) burst($('bursts'), batch.counts);
  }

  private openSheet(open: boolean): void {
    $('questions').hidden = !open;
    $('open-questions').setAttribute('aria-expanded', String(open));
    if (open) $('ask-text').focus();
    else $('open-questions').focus();
  }

  private react(reaction: Reaction, button: HTMLButtonElement): void {
    button.classList.remove('is-tapped');
    void button.offsetWidth; // restart the tap's little pop
    button.classList.add('is-tapped');
    this.socket?.emit('audience:react', { reaction }, () => {});
  }

  private ask(): void {
    const text = $<HTMLTextAreaElement>('ask-text');
    const name = $<HTMLInputElement>('ask-name').value.trim();
    if (!text.value.trim() || !this.socket) return;
    this.say('Sending…');
    this.socket.emit('audience:ask', { text: text.value, ...(name && { name }) }, (res) => {
      if (!res.ok) return this.say(REFUSALS[res.error] ?? `Not sent (${res.error}).`);
      text.value = '';
      $('ask-count').textContent = String(QUESTION_MAX_CHARS);
      this.book.update(res.question);
      this.say(res.question.status === 'pending' ? 'Sent: the speaker will see it; others once it is approved.' : 'Sent.');
      this.render();
    });
  }

  private vote(id: string): void {
    const up = !this.book.voted.has(id);
    this.socket?.emit('audience:vote', { question: id, up }, (res) => {
      if (!res.ok) return this.say(REFUSALS[res.error] ?? `Vote not counted (${res.error}).`);
      if (up) this.book.voted.add(id);
      else this.book.voted.delete(id);
      this.book.update(res.question);
      this.render();
    });
  }

  private say(message: string): void {
    $('ask-status').textContent = message;
  }

  private render(): void {
    const shown = this.book.shown();
    $('shown').hidden = !shown;
    if (shown) {
      $('shown-text').textContent = shown.text;
      $('shown-by').textContent = shown.name ? `asked by ${shown.name}` : 'from the audience';
    }
    if (this.screen) return;
    const off = this.book.mode === 'off';
    $('ask-form').hidden = off;
    $('questions-off').hidden = !off;
    $('open-questions').hidden = off && this.book.questions('top').length === 0;
    const questions = this.book.questions(this.order);
    $('question-count').textContent = String(questions.length);
    for (const button of $('questions').querySelectorAll<HTMLButtonElement>('[data-order]')) button.setAttribute('aria-pressed', String(button.dataset.order === this.order));
    const items = questions.map((q) => {
      const mine = q.by === this.book.you;
      const { item, actions } = questionItem(q, mine);
      const vote = voteButton(q, this.book.voted.has(q.id), !off);
      vote.addEventListener('click', () => this.vote(q.id));
      actions.append(vote);
      return item;
    });
    $('question-list').replaceChildren(...items);
    $('questions-empty').hidden = items.length > 0;
  }
}
