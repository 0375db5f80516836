// reveal-md decks open unchanged: notes never leak, separators split as reveal.js's markdown
// plugin splits, raw <section>s become slides, other reveal-md syntax is kept.
// Run: npx tsx --test test/unit/reveal-md-split.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LecternError } from '../../shared/errors.ts';
import { parseDeck } from '../../server/deck/parse.ts';
import type { Deck } from '../../server/deck/model.ts';

const positions = (deck: Deck) => deck.slides.map((s) => `${s.h}.${s.v}`);
const titles = (deck: Deck) => deck.slides.map((s) => s.title);
const withSeparators = (separator: string, vertical: string, body: string) =>
  `---\nseparator: ${JSON.stringify(separator)}\nverticalSeparator: ${JSON.stringify(vertical)}\n---\n${body}`;

describe('notes never leak', () => {
  for (const marker of ['Note:', 'Notes:', 'notes:', 'NOTE:', 'note:', '  Note:', '\tNotes:']) {
    test(`${JSON.stringify(marker)} starts the notes`, () => {
      const deck = parseDeck(`# A\nvisible\n${marker} private words\nmore private\n---\n# B`);
      assert.doesNotMatch(deck.slides[0].html, /private|notes?:/i);
      assert.equal(deck.slides[0].notes, '<p>private words\nmore private</p>');
      assert.match(deck.slides[0].html, /visible/);
    });
  }

  test("a deck's own notesSeparator wins over the default", () => {
    const deck = parseDeck('---\nnotesSeparator: "^Speaker:"\n---\n# A\nNote: this is on the slide\nSpeaker: private\n');
    assert.match(deck.slides[0].html, /Note: this is on the slide/);
    assert.equal(deck.slides[0].notes, '<p>private</p>');
  });

  test('several markers in one slide: everything after the first is notes (stricter than reveal-md)', () => {
    const deck = parseDeck('# A\nshown\nNote: one\ntext\nNotes: two\nnote: three\n---\n# B');
    assert.equal(deck.slides[0].html, '<h1>A</h1>\n<p>shown</p>');
    for (const word of ['one', 'text', 'two', 'three']) assert.match(deck.slides[0].notes, new RegExp(word));
    assert.doesNotMatch(deck.slides[0].notes, /notes?:/i);
  });

  test('a note: line inside a fenced code block is code, not a marker', () => {
    const deck = parseDeck('# A\n```\nerror[E0599]: no method\nnote: the method exists\n```\nNote: real notes\n');
    assert.match(deck.slides[0].html, /note: the method exists/);
    assert.equal(deck.slides[0].notes, '<p>real notes</p>');
  });
});

describe('separators as reveal.js splits', () => {
  test('blank-line separators "^\\n\\n\\n" / "^\\n\\n" (reveal-md documents them)', () => {
    const deck = parseDeck(withSeparators('^\n\n\n', '^\n\n', '# A\n\n\n\n# B\n\n\n# B1\n\n\n\n# C\ntext\n'));
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1', '2.0']);
    assert.deepEqual(titles(deck), ['A', 'B', 'B1', 'C']);
  });

  test('reveal-md\'s own defaults "\\r?\\n---\\r?\\n" on CRLF files', () => {
    const deck = parseDeck(withSeparators('\\r?\\n---\\r?\\n', '\\r?\\n----\\r?\\n', '# A\n---\n# B\n----\n# B1\n').replace(/\n/g, '\r\n'));
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1']);
    const strict = parseDeck(withSeparators('\\r\\n---\\r\\n', '', '# A\n---\n# B\n').replace(/\n/g, '\r\n'));
    assert.deepEqual(positions(strict), ['0.0', '1.0'], 'a separator insisting on \\r\\n still splits (CRLF is read as LF)');
  });

  test('a block separator "^\\n<!-- > -->\\n" and inline <!--s--> / <!--v-->', () => {
    const block = parseDeck(withSeparators('^\n<!-- > -->\n', '^\n<!-- v -->\n', '# A\n\n<!-- > -->\n# B\n\n<!-- v -->\n# B1\n'));
    assert.deepEqual(positions(block), ['0.0', '1.0', '1.1']);
    const inline = parseDeck(withSeparators('<!--s-->', '<!--v-->', '# A <!--s--> # B\n<!--v-->\n# B1'));
    assert.deepEqual(titles(inline), ['A', 'B', 'B1']);
  });

  test('swapped meanings: ---- horizontal, --- vertical', () => {
    const deck = parseDeck(withSeparators('^----$', '^---$', '# A\n---\n# A1\n----\n# B\n'));
    assert.deepEqual(positions(deck), ['0.0', '0.1', '1.0']);
  });

  test('prefix pairs: "^---"/"^--" split; "§§"/"§§§" is horizontal as in reveal.js, with a warning', () => {
    const dashes = parseDeck(withSeparators('^---', '^--', '# A\n--\n# A1\n---\n# B\n'));
    assert.deepEqual(positions(dashes), ['0.0', '0.1', '1.0']);
    const marks = parseDeck(withSeparators('§§', '§§§', '# A\n§§§\n# B\n'));
    assert.deepEqual(positions(marks), ['0.0', '1.0']);
    assert.match(marks.slides[1].html, /^<p>§<\/p>/, 'the third § stays, as reveal.js leaves it');
    assert.match(marks.warnings[0].message, /vertical separator matches in this deck but never splits it/);
  });

  test('a separator inside a closed fence is code; an unclosed fence is split through', () => {
    const deck = parseDeck(withSeparators('^\n\n\n', '^\n\n', '# A\n```\nx\n\n\n\ny\n```\n\n\n\n# B\n'));
    assert.deepEqual(titles(deck), ['A', 'B']);
    assert.match(deck.slides[0].html, /x\n\n\n\ny/);
  });

  test('a trailing separator makes a trailing empty slide, as reveal-md counts', () => {
    assert.equal(parseDeck('# A\n---\n').slides.length, 2);
    assert.equal(parseDeck('# A\n---').slides.length, 2);
    assert.equal(parseDeck('# A\n\n---\n\n').slides.length, 2);
  });

  test('a separator that matches empty text or every line break is refused at its key', () => {
    for (const bad of ['\\n', '^\\s*$', 'x*']) {
      assert.throws(
        () => parseDeck(`---\ntitle: T\nseparator: '${bad}'\n---\n# A`),
        (err) => err instanceof LecternError && /matches empty lines/.test(err.message) && err.location.line === 3,
      );
    }
  });

  test('a complex separator runs on RE2 over the whole text, quickly', () => {
    const started = performance.now();
    const deck = parseDeck(withSeparators('^(-+)+x$', '^(=+)+y$', `# A\n${'-'.repeat(5000)}!\n---x\n# B\n`));
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(titles(deck), ['A', 'B']);
  });
});

describe('raw <section>s become vertical slides (reveal.js nests them)', () => {
  test('a slide of sections is a stack; each gets its own attributes, the lead heading starts each', () => {
    const deck = parseDeck(
      '# Intro\n---\n<!-- .slide: class="outer" -->\n<h2>Over all</h2>\n<section data-auto-animate>\n<p>one</p>\n</section>\n' +
        '<section data-auto-animate class="x">\n<p>two</p>\n</section>\nNote: private\n---\n# End',
    );
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1', '2.0']);
    assert.deepEqual(deck.slides[1].attributes, { class: 'outer', 'data-auto-animate': '' });
    assert.deepEqual(deck.slides[2].attributes, { class: 'outer x', 'data-auto-animate': '' });
    assert.match(deck.slides[1].html, /<h2>Over all<\/h2>\n<p>one<\/p>/);
    assert.match(deck.slides[2].html, /<h2>Over all<\/h2>\n<p>two<\/p>/);
    assert.equal(deck.slides[1].notes, '<p>private</p>');
    assert.equal(deck.slides[2].notes, '');
  });
});

describe('other reveal-md syntax', () => {
  test('a .slide: comment after the heading applies to the slide', () => {
    const deck = parseDeck('## Questions\n<!-- .slide: data-background-color="rgb(220,75,68)" data-background-image="bg.png" data-background-size="cover" -->\n');
    assert.deepEqual(deck.slides[0].attributes, { 'data-background-color': 'rgb(220,75,68)', 'data-background-image': 'bg.png', 'data-background-size': 'cover' });
    assert.equal(deck.slides[0].html, '<h2>Questions</h2>');
  });

  test('data-background-* variants, auto-animate, r-stack and r-fit-text stay', () => {
    const deck = parseDeck(
      '<!-- .slide: data-auto-animate data-auto-animate-easing="ease" data-background-video="v.mp4" data-background-iframe="https://example.org" data-background-interactive -->\n' +
        '<div class="r-stack"><img class="fragment" src="a.png"><img class="fragment" src="b.png"></div>\n\n## Big <!-- .element: class="r-fit-text" -->\n',
    );
    const { attributes, html } = deck.slides[0];
    for (const name of ['data-auto-animate', 'data-auto-animate-easing', 'data-background-video', 'data-background-iframe', 'data-background-interactive']) {
      assert.ok(name in attributes, name);
    }
    assert.match(html, /<div class="r-stack">/);
    assert.match(html, /<h2 class="r-fit-text">Big<\/h2>/);
  });

  test(':emoji: shortcodes stay text, as in reveal-md', () => {
    assert.match(parseDeck('# Thanks :tada: :+1:').slides[0].html, /Thanks :tada: :\+1:/);
  });
});
