// When a deck prints in two tabs (server/pdf/split-print.ts), how the halves' findings are
// joined, and the PDF object helpers merge.ts renumbers with (server/pdf/pdf-objects.ts).
// test/pdf/split-print.test.ts holds real prints of the two ways side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeck } from '../../server/deck/parse.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { joinBlocked, joinMissingGlyphs, printHalves, SPLIT_MIN_SLIDES } from '../../server/pdf/split-print.ts';
import { outsideStrings, renumber } from '../../server/pdf/pdf-objects.ts';

function deckOf(slides: string[]): LoadedDeck {
  const deck = parseDeck(`---\ntitle: Long\n---\n\n${slides.join('\n\n---\n\n')}\n`);
  return { slug: 'long', file: '/t/long.md', assetDir: '/t', deck, hash: 'h', dependencies: [] };
}

const plain = (n: number) => Array.from({ length: n }, (_, i) => `## Slide ${i + 1}\n\nSome words on slide ${i + 1}.`);

test('a long deck splits into two runs of slides at a little over half its markup for the first tab', () => {
  const halves = printHalves(deckOf(plain(100)), {}, 'auto', 2);
  assert.deepEqual(halves?.map((h) => [h[0], h.at(-1)]), [
    [1, 54],
    [55, 100],
  ]);
  // One long slide weighs more than many short ones.
  const heavy = plain(100);
  heavy[10] = `## Long\n\n${'A paragraph of many words. '.repeat(2000)}`;
  const [first] = printHalves(deckOf(heavy), {}, 'auto', 2)!;
  assert.ok(first.length < 20, `${first.length} slides in the first half`);
  // --slides: only the slides printed, halved.
  const picked = Array.from({ length: 90 }, (_, i) => i + 5);
  const [a, b] = printHalves(deckOf(plain(100)), { slides: picked }, 'auto', 2)!;
  assert.deepEqual([...a, ...b], picked);
});

test('what prints in one tab: short decks, handouts, reveal.js print view, links between slides, one core', () => {
  const long = deckOf(plain(100));
  assert.equal(printHalves(deckOf(plain(SPLIT_MIN_SLIDES - 1)), {}, 'auto', 2), undefined);
  assert.ok(printHalves(deckOf(plain(SPLIT_MIN_SLIDES)), {}, 'auto', 2));
  assert.equal(printHalves(long, { slides: [1, 2, 3] }, 'auto', 2), undefined);
  assert.equal(printHalves(long, { handout: 3 }, 'auto', 2), undefined);
  assert.equal(printHalves(long, { notes: true }, 'auto', 2), undefined);
  assert.equal(printHalves(long, {}, 'reveal', 2), undefined);
  assert.equal(printHalves(long, {}, 'auto', 1), undefined);
  for (const link of ['[back to the start](#/0)', '[see the intro](#intro)', '<a class="navigate-next">next</a>']) {
    const slides = plain(100);
    slides[70] += `\n\n${link}`;
    assert.equal(printHalves(deckOf(slides), {}, 'auto', 2), undefined, link);
  }
  // A link out of the deck does not keep it in one tab.
  const out = plain(100);
  out[70] += '\n\n[OpenStack](https://www.openstack.org/)';
  assert.ok(printHalves(deckOf(out), {}, 'auto', 2));
  // Fitted text needs reveal.js's print view.
  const fitted = plain(100);
  fitted[3] = '<h2 class="r-fit-text">Big</h2>';
  assert.equal(printHalves(deckOf(fitted), {}, 'auto', 2), undefined);
});

test('the halves report their missing characters and refused requests once, slides joined and in order', () => {
  assert.deepEqual(
    joinMissingGlyphs(
      [
        { char: '日', slides: [3, 1] },
        { char: '本', slides: [2] },
      ],
      [
        { char: '日', slides: [60, 3] },
        { char: 'ก', slides: [70] },
      ],
    ),
    [
      { char: '日', slides: [1, 3, 60] },
      { char: '本', slides: [2] },
      { char: 'ก', slides: [70] },
    ],
  );
  const refused = { url: 'http://10.0.0.1/x.png', host: '10.0.0.1', reason: 'private' as const };
  const other = { url: 'http://10.0.0.2/y.png', host: '10.0.0.2', reason: 'private' as const };
  assert.deepEqual(joinBlocked([refused], [refused, other]), [refused, other]);
});

test('renumbering touches references only, never the text of a string, however its parentheses nest', () => {
  const dict = '<</Type /StructElem /P 12 0 R /Alt (see 12 0 R \\(and \\) (nested 12 0 R) here) /K [13 0 R <</Obj 8 0 R>>] /ActualText (12 0 R)>>';
  const moved = renumber(dict, (n) => n + 100);
  assert.equal(moved, '<</Type /StructElem /P 112 0 R /Alt (see 12 0 R \\(and \\) (nested 12 0 R) here) /K [113 0 R <</Obj 108 0 R>>] /ActualText (12 0 R)>>');
  // Names and numbers that only look like the start of a reference stay.
  assert.equal(renumber('<</F4 4 0 R /W [0 [656.25] 130 [561]] /Length 20 0 R>>', (n) => n * 2), '<</F4 8 0 R /W [0 [656.25] 130 [561]] /Length 40 0 R>>');
  const strings: string[] = [];
  assert.equal(outsideStrings('a (b (c) d) e (f\\)) g', (code) => code.toUpperCase(), (s) => (strings.push(s), s)), 'A (b (c) d) E (f\\)) G');
  assert.deepEqual(strings, ['(b (c) d)', '(f\\))']);
});
