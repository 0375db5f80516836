// The presenter view's Questions panel: every question with its status, newest or top first,
// with moderation (approve, hide, answered, show on screen, take off the screen) and the mode;
// the room's reactions as a brief animation over the current slide (with the projector's off
// switch), and the "slower please" meter over the last minute.
import { SLOWER_WINDOW_MS, isQuestionMode, type Question, type QuestionAction, type QuestionMode, type QuestionOrder } from '../../shared/audience.ts';
import type { AudienceSnapshot, QuestionList, ReactionBatch } from '../../shared/protocol.ts';
import { QuestionBook } from '../lib/audience.ts';
import { $ } from '../lib/dom.ts';
import { burst, screenReactionsOn, setScreenReactions } from '../audience/bursts.ts';
import { questionItem } from '../audience/question-item.ts';

/** What the panel asks of the page's connection. */
export interface Moderator {
  moderate(question: string, action: QuestionAction): void;
  setMode(mode: QuestionMode): void;
}

const ACTIONS: Record<Question['status'], Array<[QuestionAction, string]>> = {
  pending: [['approve', 'Approve'], ['show', 'Show'], ['hide', 'Hide']],
  approved: [['show', 'Show'], ['answer', 'Answered'], ['hide', 'Hide']],
  answered: [['show', 'Show'], ['hide', 'Hide']],
  shown: [['dismiss', 'Take off screen']],
  hidden: [['approve', 'Approve']],
};

export class QuestionsView {
  private readonly book = new QuestionBook();
  private order: QuestionOrder = 'newest';
  /** [time, slower taps] of the batches of the last minute. */
  private slower: Array<[number, number]> = [];
  private followers = 0;

  constructor(private readonly moderator: Moderator) {
    for (const button of $('pv-questions').querySelectorAll<HTMLButtonElement>('[data-pv-order]')) {
      button.addEventListener('click', () => {
        this.order = button.dataset.pvOrder as QuestionOrder;
        this.render();
      });
    }
    $<HTMLSelectElement>('question-mode').addEventListener('change', (event) => {
      const mode = (event.target as HTMLSelectElement).value;
      if (isQuestionMode(mode)) moderator.setMode(mode);
    });
    const toggle = $<HTMLInputElement>('screen-reactions');
    toggle.checked = screenReactionsOn();
    toggle.addEventListener('change', () => setScreenReactions(toggle.checked));
    window.setInterval(() => this.renderMeter(), 5000);
  }

  joined(snapshot: AudienceSnapshot): void {
    this.book.snapshot(snapshot);
    this.render();
  }

  questions(list: QuestionList): void {
    if (this.book.apply(list)) this.render();
  }

  changed(question: Question): void {
    this.book.update(question);
    this.render();
  }

  setFollowers(n: number): void {
    this.followers = n;
    this.renderMeter();
  }

  reactions(batch: ReactionBatch): void {
    if (screenReactionsOn()) burst($('pv-bursts'), batch.counts);
    if (batch.counts.slower) this.slower.push([Date.now(), batch.counts.slower]);
    this.renderMeter();
  }

  private renderMeter(): void {
    const since = Date.now() - SLOWER_WINDOW_MS;
    this.slower = this.slower.filter(([at]) => at >= since);
    const taps = this.slower.reduce((sum, [, n]) => sum + n, 0);
    // Against the room: a tenth of the followers asking is a full meter.
    const level = Math.min(1, taps / Math.max(3, this.followers * 0.1));
    $('slower-fill').style.inlineSize = `${Math.round(level * 100)}%`;
    $('slower-meter').dataset.level = level >= 0.66 ? 'high' : level >= 0.33 ? 'mid' : 'low';
    $('slower-text').textContent = taps === 0 ? 'Nobody asked to slow down' : `${taps} × “slower please” in the last minute`;
  }

  private render(): void {
    const questions = this.book.questions(this.order);
    $<HTMLSelectElement>('question-mode').value = this.book.mode;
    const waiting = questions.filter((q) => q.status === 'pending').length;
    const count = questions.length === 0 ? 'No questions' : `${questions.length} ${questions.length === 1 ? 'question' : 'questions'}`;
    $('question-total').textContent = waiting ? `${count} · ${waiting} waiting` : count;
    for (const button of $('pv-questions').querySelectorAll<HTMLButtonElement>('[data-pv-order]')) button.setAttribute('aria-pressed', String(button.dataset.pvOrder === this.order));
    const items = questions.map((q) => {
      const { item, actions } = questionItem(q, false);
      const votes = document.createElement('p');
      votes.className = 'pv-q-votes';
      votes.textContent = `▲ ${q.votes}`;
      votes.setAttribute('aria-label', `${q.votes} ${q.votes === 1 ? 'vote' : 'votes'}`);
      actions.append(votes);
      const buttons = document.createElement('div');
      buttons.className = 'pv-q-buttons';
      for (const [action, label] of ACTIONS[q.status]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = action === 'show' || action === 'approve' ? 'pv-chip pv-chip--accent' : 'pv-chip';
        button.dataset.action = action;
        button.textContent = label;
        button.addEventListener('click', () => this.moderator.moderate(q.id, action));
        buttons.append(button);
      }
      item.querySelector('.aud-q__body')!.append(buttons);
      return item;
    });
    $('pv-question-list').replaceChildren(...items);
    $('pv-questions-empty').hidden = items.length > 0;
  }
}
