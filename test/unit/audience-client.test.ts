// The pages' question book (client/lib/audience.ts): lists newer by rev win, a follower's own
// questions survive lists that hold public ones only, acks show at once, sorting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuestionBook } from '../../client/lib/audience.ts';
import type { Question } from '../../shared/audience.ts';

const q = (id: string, over: Partial<Question> = {}): Question => ({ id, text: id, by: 'other', status: 'approved', votes: 0, at: Number(id.slice(1)), ...over });

test('a follower keeps their pending question across public lists; older lists are dropped', () => {
  const book = new QuestionBook();
  book.snapshot({ questions: [q('q1'), q('q2', { by: 'me', status: 'pending' })], mode: 'moderated', rev: 5, you: 'me', voted: ['q1'] });
  assert.deepEqual(book.questions('newest').map((x) => x.id), ['q2', 'q1']);
  assert.equal(book.apply({ questions: [q('q1', { votes: 3 })], mode: 'moderated', rev: 6 }), true);
  assert.deepEqual(book.questions('top').map((x) => [x.id, x.votes]), [['q1', 3], ['q2', 0]], 'own pending kept; top by votes');
  assert.equal(book.apply({ questions: [], mode: 'off', rev: 4 }), false, 'stale');
  assert.equal(book.mode, 'moderated');
  assert.ok(book.voted.has('q1'));
  book.apply({ questions: [q('q1'), q('q2', { by: 'me', status: 'hidden' })], mode: 'open', rev: 7 });
  assert.equal(book.questions('newest')[0]!.status, 'hidden', 'a list sent to the author updates their own');
  book.update(q('q9', { by: 'me', status: 'pending' }));
  assert.ok(book.questions('newest').some((x) => x.id === 'q9'), 'an ask ack shows at once');
  assert.equal(book.shown(), undefined);
  book.apply({ questions: [q('q1', { status: 'shown' })], mode: 'open', rev: 8 });
  assert.equal(book.shown()?.id, 'q1');
});

test('a snapshot replaces everything, whatever rev it has (the server may have restarted)', () => {
  const book = new QuestionBook();
  book.snapshot({ questions: [q('q1')], mode: 'open', rev: 50, you: 'me', voted: ['q1'] });
  book.snapshot({ questions: [], mode: 'moderated', rev: 0, you: 'me', voted: [] });
  assert.deepEqual(book.questions('top'), []);
  assert.equal(book.voted.size, 0);
});
