// ```poll fences in the pure parser: question, choices, correct answers, multiple; malformed
// polls stay code blocks with a warning; the markup is text only; ids follow the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeck } from '../../server/deck/parse.ts';
import { parsePollFence } from '../../server/deck/polls.ts';
import { publicSlides } from '../../server/render/reveal.ts';
import { resultsForDeck } from '../../server/pdf/poll-results.ts';

const DECK = `# Intro

---

## Quiz

\`\`\`poll
Which store keeps <b>sessions</b>?
- [ ] Files
- [x] Redis
- [ ] Both
\`\`\`

---

\`\`\`poll
Pick any
- [ ] A
- [ ] B
multiple: true
\`\`\`

---

\`\`\`poll
No choices here
\`\`\`
`;

test('polls: parsed per slide, rendered as text, listed without correct answers', () => {
  const deck = parseDeck(DECK);
  const quiz = deck.slides[1]!.poll!;
  assert.deepEqual({ ...quiz, id: undefined }, { id: undefined, question: 'Which store keeps <b>sessions</b>?', choices: ['Files', 'Redis', 'Both'], multiple: false, correct: [1] });
  assert.match(quiz.id, /^p[0-9a-z]+$/);
  assert.match(deck.slides[1]!.html, /Which store keeps &lt;b&gt;sessions&lt;\/b&gt;\?/);
  assert.match(deck.slides[1]!.html, new RegExp(`data-poll="${quiz.id}"`));
  assert.equal(deck.slides[2]!.poll!.multiple, true);
  assert.equal(deck.slides[3]!.poll, undefined, 'malformed: no poll');
  assert.match(deck.slides[3]!.html, /<pre><code/, 'it stays a code block');
  assert.ok(deck.warnings.some((w) => /2 to 12/.test(w.message)));
  const listed = publicSlides(deck)[1]!.poll!;
  assert.deepEqual(Object.keys(listed).sort(), ['choices', 'id', 'multiple', 'question']);
  assert.equal(parseDeck(DECK.replace('Both', 'Both!')).slides[1]!.poll!.id === quiz.id, false, 'a changed poll is a new poll');
  assert.equal(parseDeck(`# X\n\n---\n\n${DECK}`).slides[2]!.poll!.id, quiz.id, 'moving the slide keeps its id');
});

test('poll fences: refusals say what to fix', () => {
  assert.match((parsePollFence('Q\n- [ ] a\n- [ ] b\nmultiple: maybe') as { problem: string }).problem, /true or false/);
  assert.match((parsePollFence('- [ ] a\n- [ ] b') as { problem: string }).problem, /question/);
  assert.match((parsePollFence('Q\n- [ ] a\nstray line\n- [ ] b') as { problem: string }).problem, /neither/);
  assert.equal((parsePollFence('Q\n- [x] a\n- [x] b') as { poll: { multiple: boolean } }).poll.multiple, true, 'two correct answers: several choices');
});

test('--poll-results: counts matched to the deck by id, correct choices from the deck, others ignored', () => {
  const deck = parseDeck(DECK);
  const quiz = deck.slides[1]!.poll!;
  const any = deck.slides[2]!.poll!;
  const counts = new Map([
    [quiz.id, [1, 5, 2]],
    [any.id, [4]],
    ['pnotondeck', [1, 1]],
  ]);
  const { results, ignored } = resultsForDeck(deck.slides, counts);
  assert.deepEqual(results, { [quiz.id]: { counts: [1, 5, 2], correct: [1] } });
  assert.deepEqual(ignored, [any.id, 'pnotondeck'], 'another number of choices, or not on the deck');
});
