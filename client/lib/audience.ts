// What a page knows of the session's questions, as plain logic (unit-tested in
// test/unit/audience-client.test.ts): the newest list by `rev`, the member's own questions (a
// follower keeps them from their join, their asks and lists sent to them as an author, since the
// lists every follower gets hold public questions only), and the questions they upvoted.
import { isPublic, sortQuestions, type Question, type QuestionMode, type QuestionOrder } from '../../shared/audience.ts';
import type { AudienceSnapshot, QuestionList } from '../../shared/protocol.ts';

export class QuestionBook {
  mode: QuestionMode = 'moderated';
  you = '';
  private rev = -1;
  private list: Question[] = [];
  private own = new Map<string, Question>();
  readonly voted = new Set<string>();

  /** A join's snapshot: always applied (the server may have restarted). */
  snapshot(snapshot: AudienceSnapshot): void {
    this.you = snapshot.you;
    this.rev = -1;
    this.own.clear();
    this.voted.clear();
    for (const id of snapshot.voted) this.voted.add(id);
    this.apply(snapshot);
  }

  /** A list from the server; false when it is older than the one shown. */
  apply(list: QuestionList): boolean {
    if (list.rev < this.rev) return false;
    this.rev = list.rev;
    this.mode = list.mode;
    this.list = list.questions;
    for (const q of list.questions) if (q.by === this.you) this.own.set(q.id, q);
    return true;
  }

  /** A question of ours, from an ask or a vote ack: shown at once, before the next list. */
  update(question: Question): void {
    if (question.by === this.you) this.own.set(question.id, question);
    if (this.list.some((q) => q.id === question.id)) this.list = this.list.map((q) => (q.id === question.id ? question : q));
    else if (question.by === this.you) this.list = [...this.list, question];
  }

  /** Every question this member sees, in `order`. */
  questions(order: QuestionOrder): Question[] {
    const seen = new Map(this.list.map((q) => [q.id, q]));
    for (const [id, q] of this.own) if (!seen.has(id)) seen.set(id, q);
    return sortQuestions([...seen.values()], order);
  }

  /** The question on screen, if any. */
  shown(): Question | undefined {
    return this.list.find((q) => q.status === 'shown');
  }

  /** Questions the room sees (for the count on the button). */
  get publicCount(): number {
    return this.questions('newest').filter((q) => isPublic(q.status) || q.by === this.you).length;
  }
}
