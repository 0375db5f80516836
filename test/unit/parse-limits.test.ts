// The parser's bounds: separators on a linear-time engine (server/deck/separators.ts), the
// nesting and emphasis caps checked before marked (server/deck/limits.ts), and attribute
// comments applied in linear time (server/deck/attributes.ts).
// Run: npx tsx --test test/unit/parse-limits.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSeparator, MAX_SEPARATOR_LENGTH } from '../../server/deck/separators.ts';
import { MAX_EMPHASIS_MARKS, MAX_NESTING, checkSlideSource, containerDepth } from '../../server/deck/limits.ts';
import { applyAttributeComments } from '../../server/deck/attributes.ts';
import { parseDeck } from '../../server/deck/parse.ts';
import { LecternError } from '../../shared/errors.ts';

function deckError(fn: () => unknown): LecternError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LecternError, `expected a LecternError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a LecternError');
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

describe('separators', () => {
  // Separators found in reveal-md and reveal.js decks, with lines each must and must not match.
  const REAL: Array<[string, '' | 'i', string[], string[]]> = [
    ['^---$', '', ['---'], ['----', ' ---', 'a---']],
    ['^----$', '', ['----'], ['---', '-----']],
    ['^\\r?\\n---\\r?\\n$', '', ['---'], ['----', 'x']],
    ['^(\\r\\n?|\\n)---(\\r\\n?|\\n)$', '', ['---'], ['----']],
    ['^note:', 'i', ['Note: x', 'NOTE:', 'note:'], [' note:', 'a note:']],
    ['^Note:', 'i', ['Note:', 'note: x'], ['x Note:']],
    ['notes?:', 'i', ['Notes: x', 'my note: x'], ['nothing']],
    ['^\\s*notes?:', 'i', ['   Notes:', 'note:'], ['x notes:']],
    ['<!--s-->', '', ['<!--s-->', 'a <!--s--> b'], ['<!--v-->']],
    ['<!--v-->', '', ['<!--v-->'], ['<!--s-->']],
    ['^--- *$', '', ['---', '---   '], ['--- x']],
    ['\\n---\\n', '', ['---'], ['----']],
    ['^(?:Notes?|Speaker notes):', 'i', ['speaker notes: x', 'Note:'], ['notes']],
  ];

  for (const [source, flags, yes, no] of REAL) {
    test(`${JSON.stringify(source)} matches what V8's engine would`, () => {
      const matcher = compileSeparator('separator', source, flags, 2);
      for (const line of yes) assert.ok(matcher.test(line), `${source} should match ${JSON.stringify(line)}`);
      for (const line of no) assert.ok(!matcher.test(line), `${source} should not match ${JSON.stringify(line)}`);
    });
  }

  test('a catastrophically backtracking separator runs in linear time', () => {
    const matcher = compileSeparator('separator', '(a+)+$', '', 2);
    // On V8's engine one line of 31 "a" and a "!" takes ~16 s, doubling with each "a".
    const { value, ms } = timed(() => matcher.test(`${'a'.repeat(100_000)}!`));
    assert.equal(value, false, 'no run of "a" ends the line');
    assert.ok(ms < 500, `took ${ms.toFixed(0)} ms`);
    assert.equal(matcher.test('xaaa'), true);
    const nested = compileSeparator('separator', '^(\\s*)*x$', '', 2);
    const spaces = timed(() => nested.test(`${' '.repeat(100_000)}!`));
    assert.equal(spaces.value, false);
    assert.ok(spaces.ms < 500, `took ${spaces.ms.toFixed(0)} ms`);
  });

  test('the deck with such a separator and a hostile line parses quickly, split as written', () => {
    const { value: deck, ms } = timed(() => parseDeck(`---\nseparator: "(a+)+$"\n---\n# One\n${'a'.repeat(31)}!\naaa\n# Two\n`));
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.deepEqual(deck.slides.map((s) => s.title), ['One', 'Two']);
  });

  test('the notes separator splits the line where it matches, on either engine', () => {
    assert.deepEqual(parseDeck('# A\nbefore ??? after\n').slides[0].notes, '');
    const deck = parseDeck('---\nnotesSeparator: "\\\\?{3}"\n---\n# A\nbefore ??? after\n');
    assert.equal(deck.slides[0].notes, '<p>after</p>');
    assert.match(deck.slides[0].html, /before/);
  });

  test('lookaround and backreferences are refused, naming the key and its line', () => {
    for (const source of ['^(?=---)', '(?<!x)---', '^(-)\\1\\1$']) {
      const err = deckError(() => parseDeck(`---\ntitle: T\nverticalSeparator: '${source}'\n---\n# A`, { file: 'decks/t.md' }));
      assert.equal(err.code, 'front-matter');
      assert.equal(err.location.line, 3);
      assert.equal(err.location.file, 'decks/t.md');
      assert.match(err.message, /^front matter "verticalSeparator" uses what separators cannot \(.+\): separators run on a linear-time engine \(RE2\)/);
    }
  });

  test('over-long and over-complex separators are refused', () => {
    assert.match(deckError(() => compileSeparator('separator', 'x'.repeat(MAX_SEPARATOR_LENGTH + 1), '', 4)).message, /is 201 characters long/);
    const complex = deckError(() => compileSeparator('notesSeparator', '(?:a?){40}a{40}', 'i', 4));
    assert.match(complex.message, /^front matter "notesSeparator" is too complex \(\d+ RE2 instructions, at most 100\)/);
    assert.equal(complex.location.line, 4);
  });

  test('a notes separator of blank lines alone ("^\\n\\n\\n") matches empty lines and is refused: notes markers are matched a line at a time', () => {
    for (const source of ['^\\n\\n\\n', '^\\n\\n']) {
      assert.match(deckError(() => compileSeparator('separator', source, '', 1)).message, /matches empty lines/);
    }
  });

  test('invalid and empty-matching separators keep their messages', () => {
    assert.match(deckError(() => compileSeparator('separator', '(', '', 1)).message, /is not a valid regular expression/);
    assert.match(deckError(() => compileSeparator('separator', '^\\s*$', '', 1)).message, /matches empty lines/);
  });
});

describe('nesting', () => {
  const list = (depth: number, indent = '  ') => Array.from({ length: depth }, (_, i) => `${indent.repeat(i)}- level ${i + 1}`).join('\n');

  test('containerDepth bounds lists and quotes from above', () => {
    assert.equal(containerDepth('plain text'), 0);
    assert.equal(containerDepth('        indented code'), 0);
    assert.equal(containerDepth('- item'), 1);
    assert.equal(containerDepth('  - item'), 2);
    assert.equal(containerDepth('> > - 1. x'), 4 + 2, 'four markers and four spaces');
    assert.equal(containerDepth('- - - - -'), 0, 'a thematic break, not lists');
    assert.equal(containerDepth('* * *'), 0);
    assert.equal(containerDepth('-not a marker'), 0);
    assert.equal(containerDepth('\t- tab'), 3);
  });

  test(`lists nested ${MAX_NESTING} levels deep render; one more is refused at its line`, () => {
    const ok = parseDeck(`# Deep\n\n${list(MAX_NESTING / 2)}\n`);
    assert.equal((ok.slides[0].html.match(/<ul>/g) ?? []).length, MAX_NESTING / 2);
    const { value: err, ms } = timed(() => deckError(() => parseDeck(`# Deep\n\n${list(2000)}\n`, { file: 'decks/deep.md' })));
    assert.equal(err.code, 'too-complex');
    assert.equal(err.location.file, 'decks/deep.md');
    assert.equal(err.location.line, 3 + MAX_NESTING, 'the first line nested too deep (2 columns of indentation a level)');
    assert.match(err.message, /lists and block quotes nest more than 100 levels deep here/);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });

  test('block quotes and markers on one line are counted the same way', () => {
    assert.equal(deckError(() => parseDeck(`# Q\n\n${'>'.repeat(2000)} deep\n`)).location.line, 3);
    assert.equal(deckError(() => parseDeck(`# L\n\nintro\n\n${'- '.repeat(MAX_NESTING + 1)}x\n`)).location.line, 5);
    assert.doesNotThrow(() => parseDeck(`# Q\n\n${'>'.repeat(MAX_NESTING)} deep enough\n`));
  });

  test('inside fenced code nothing nests', () => {
    assert.doesNotThrow(() => parseDeck(`# Code\n\n\`\`\`\n${'>'.repeat(500)}\n${list(300)}\n${'<div>'.repeat(300)}\n\`\`\`\n`));
  });

  test(`HTML nested more than ${MAX_NESTING} elements deep is refused at its line; implied closes do not count`, () => {
    const err = deckError(() => parseDeck(`# H\n\ntext\n\n${'<div>\n'.repeat(150)}x\n${'</div>\n'.repeat(150)}`, { file: 'h.md' }));
    assert.equal(err.code, 'too-complex');
    assert.equal(err.location.line, 5 + MAX_NESTING);
    assert.match(err.message, /HTML elements nest more than 100 levels deep here/);
    const flat = `<ul>${'<li>item<br>more'.repeat(300)}</ul>${'<p>para<img src="x.png">'.repeat(300)}`;
    assert.doesNotThrow(() => parseDeck(`# Flat\n\n${flat}\n`));
    assert.doesNotThrow(() => parseDeck(`# Balanced\n\n${'<span>x</span>'.repeat(500)}\n`));
  });

  test('10,000 nested elements neither overflow the stack nor take long', () => {
    const { value: err, ms } = timed(() => deckError(() => parseDeck(`${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}\n`)));
    assert.equal(err.location.line, 1);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  });
});

describe('emphasis', () => {
  test(`more than ${MAX_EMPHASIS_MARKS} emphasis marks in a slide are refused at the line that passes the limit`, () => {
    const { value: err, ms } = timed(() => deckError(() => parseDeck(`# E\n\n${'*a'.repeat(200_000)}\n`, { file: 'e.md' })));
    assert.equal(err.code, 'too-complex');
    assert.equal(err.location.line, 3);
    assert.match(err.message, /more than 2000 emphasis marks/);
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    const lines = Array.from({ length: 1100 }, (_, i) => `_a_ ${i}`).join('\n');
    assert.equal(deckError(() => parseDeck(`# E\n\n${lines}\n`)).location.line, 3 + 1000);
  });

  test('the limit is per slide, and code does not count', () => {
    const slide = `# S\n\n${'**bold** '.repeat(400)}\n`;
    assert.equal(parseDeck(Array.from({ length: 10 }, () => slide).join('\n---\n')).slides.length, 10);
    assert.doesNotThrow(() => parseDeck(`# Code\n\n\`\`\`\n${'*a_'.repeat(5000)}\n\`\`\`\n`));
  });
});

describe('attribute comments', () => {
  test('100,000 .element comments in one paragraph apply in linear time', () => {
    const html = `<p>${'x <!-- .element: class="a" -->\n'.repeat(100_000)}</p>`;
    const { value, ms } = timed(() => applyAttributeComments(html));
    assert.ok(value.html.startsWith('<p class="a">x \nx \n'));
    assert.ok(!value.html.includes('<!--'));
    // Quadratic removal or look-back would take over a minute here; linear takes well under a second.
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });

  test('the nearest previous element is still the target, past text, <br> and removed comments', () => {
    const out = applyAttributeComments('<p><em>a</em> text <!-- .slide: class="s" --><br><!-- .element: class="e" --> tail <!-- .element: class="f" --></p>');
    assert.equal(out.html, '<p><em class="e f">a</em> text <br> tail</p>');
    assert.deepEqual(out.slideAttributes, [['class', 's']]);
  });
});
