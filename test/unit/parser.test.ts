// Unit tests for the pure deck parser (server/deck/parse.ts).
// Run: npx tsx --test test/unit/parser.test.ts
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { isTag, isText } from 'domutils';
import type { AnyNode } from 'domhandler';
import { parseDeck, clearRenderCache, deckTitle, renderedSinceClear, DEFAULT_META, UNTITLED_DECK } from '../../server/deck/parse.ts';
import { LecternError } from '../../shared/errors.ts';
import type { Deck } from '../../server/deck/model.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/decks/${name}`, import.meta.url), 'utf8');

/** Runs fn, which must throw a LecternError; returns it. */
function deckError(fn: () => unknown): LecternError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof LecternError, `expected a LecternError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a LecternError, nothing was thrown');
}

const positions = (deck: Deck) => deck.slides.map((s) => `${s.h}.${s.v}`);
const titles = (deck: Deck) => deck.slides.map((s) => s.title);

describe('separators', () => {
  test('--- splits horizontal slides, with 1-based file lines', () => {
    const deck = parseDeck('# One\n\ntext\n---\n# Two\n---\n\n\n# Three\n');
    assert.deepEqual(positions(deck), ['0.0', '1.0', '2.0']);
    assert.deepEqual(titles(deck), ['One', 'Two', 'Three']);
    assert.deepEqual(deck.slides.map((s) => s.line), [1, 5, 9]);
    assert.equal(deck.slides[0].html, '<h1>One</h1>\n<p>text</p>');
  });

  test('only a line that is exactly --- or ---- separates', () => {
    const deck = parseDeck('# A\n--- \n -- \n-----\ntext\n***\n');
    assert.equal(deck.slides.length, 1);
  });

  test('---- makes vertical slides below the current one', () => {
    const deck = parseDeck('# A\n---\n# B\n----\n# B1\n----\n# B2\n---\n# C\n----\n# C1');
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1', '1.2', '2.0', '2.1']);
    assert.deepEqual(titles(deck), ['A', 'B', 'B1', 'B2', 'C', 'C1']);
  });

  test('empty slides count, as reveal-md counts them (a trailing --- makes a last, empty slide)', () => {
    const deck = parseDeck('# A\n---\n# B\n---\n');
    assert.deepEqual(positions(deck), ['0.0', '1.0', '2.0']);
    assert.equal(deck.slides[2].html, '');
    assert.equal(deck.slides[2].title, 'Slide 3');
  });

  test('separators match over the text as reveal.js does: back-to-back "\\n---\\n" share a line break', () => {
    // reveal.js's regex consumes the line break after "---", so the next line needs its own:
    // "---" then "----" right below is one separator and an <hr>, not two separators.
    const deck = parseDeck('---\ntitle: T\n---\n# A\n---\n\n---\n----\n# B\n---\n');
    assert.deepEqual(positions(deck), ['0.0', '1.0', '2.0', '3.0']);
    assert.deepEqual(titles(deck), ['A', 'Slide 2', 'B', 'Slide 4']);
    assert.equal(deck.slides[2].html, '<hr />\n<h1>B</h1>');
    assert.deepEqual(deck.slides.map((s) => s.line), [4, 6, 8, 11]);
  });

  test('an empty first slide (a separator right after the front matter) is dropped', () => {
    assert.deepEqual(titles(parseDeck('---\ntitle: T\n---\n\n---\n\n# A\n---\n# B')), ['A', 'B']);
    assert.deepEqual(positions(parseDeck('---\ntitle: T\n---\n----\n# A\n----\n# A1\n---\n# B')), ['0.0', '0.1', '1.0']);
  });

  test('the vertical fixture has 5 slides: 3 horizontal, the second with 2 children', () => {
    const deck = parseDeck(fixture('vertical.md'));
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1', '1.2', '2.0']);
    assert.deepEqual(titles(deck), ['Vertical deck', 'Stack top', 'First child', 'Second child', 'The end']);
    const fragments = deck.slides.map((s) => (s.html.match(/class="fragment\b/g) ?? []).length);
    assert.deepEqual(fragments, [0, 3, 0, 2, 1]);
    assert.deepEqual(deck.slides[4].attributes, { 'data-background-color': '#1e293b' });
    assert.match(deck.slides[2].notes, /must never reach the audience/);
    assert.equal(deck.meta.author, 'Lectern tests');
  });

  test('CRLF (and a BOM) parse exactly like LF', () => {
    const lf = '---\ntitle: T\n---\n# A\nline one\nline two\n---\n# B\n----\n# B1\nNote: notes\nmore\n';
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    const a = parseDeck(lf);
    const b = parseDeck(crlf);
    assert.deepEqual(b, a);
    assert.ok(!JSON.stringify(b.slides).includes('\\r'), 'no carriage return left in any slide');
    assert.deepEqual(positions(b), ['0.0', '1.0', '1.1']);
    assert.deepEqual(b.slides.map((s) => s.line), [4, 8, 10]);
    assert.equal(b.slides[2].notes, '<p>notes\nmore</p>');
  });
});

describe('code fences', () => {
  test('--- and ---- inside ``` fences are code, not separators', () => {
    const deck = parseDeck('# A\n```yaml\n---\nkey: value\n----\n```\n---\n# B');
    assert.deepEqual(titles(deck), ['A', 'B']);
    assert.match(deck.slides[0].html, /<pre><code class="hljs language-yaml">[\s\S]*---[\s\S]*----[\s\S]*<\/code><\/pre>/);
  });

  test('--- and ---- inside ~~~ fences are code, not separators', () => {
    const deck = parseDeck('# A\n~~~\n---\n----\nNote: not notes\n~~~\n----\n# A1');
    assert.deepEqual(positions(deck), ['0.0', '0.1']);
    assert.match(deck.slides[0].html, /---\n----\nNote: not notes/);
    assert.equal(deck.slides[0].notes, '');
  });

  test('a fence closes only with the same character, at least as long', () => {
    const deck = parseDeck('# A\n````\n```\n---\n```\n~~~\n---\n````\n---\n# B');
    assert.deepEqual(titles(deck), ['A', 'B']);
    const deck2 = parseDeck('# A\n~~~~\n---\n~~~\n---\n~~~~\n---\n# B');
    assert.deepEqual(titles(deck2), ['A', 'B']);
  });

  test('an unclosed fence protects nothing (reveal-md splits through it) and is reported at its line', () => {
    const deck = parseDeck('# A\n```js [1|2]\nlet a;\n---\n# B\nNote: secret\n');
    assert.deepEqual(titles(deck), ['A', 'B']);
    assert.equal(deck.slides[1].notes, '<p>secret</p>');
    assert.doesNotMatch(deck.slides[1].html, /secret/);
    assert.deepEqual(deck.warnings, [
      { line: 2, message: 'this ``` code block is never closed: separators and notes after it still count (as in reveal.js); close it with a line ```' },
    ]);
  });

  test('a fence closed further on still protects what is inside it', () => {
    const deck = parseDeck('# A\n```\n---\nnote: code\n```\n---\n# B\n```\nunclosed');
    assert.deepEqual(titles(deck), ['A', 'B']);
    assert.match(deck.slides[0].html, /note: code/);
    assert.deepEqual(deck.warnings.map((w) => w.line), [8]);
  });
});

describe('speaker notes', () => {
  test('Note: starts the notes, case-insensitive, text on the same line included', () => {
    for (const marker of ['Note:', 'note:', 'NOTE:']) {
      const deck = parseDeck(`# A\nvisible\n${marker} secret *words*\nsecond line\n---\n# B`);
      assert.equal(deck.slides[0].notes, '<p>secret <em>words</em>\nsecond line</p>');
      assert.equal(deck.slides[0].html, '<h1>A</h1>\n<p>visible</p>');
      assert.equal(deck.slides[1].notes, '');
    }
  });

  test('notes never leak into the slide html', () => {
    const deck = parseDeck(fixture('vertical.md'));
    for (const slide of deck.slides) assert.ok(!slide.html.includes('never reach the audience'));
    const inline = parseDeck('# A\n<aside class="notes">aside secret</aside>\nbody\nNote: note secret');
    assert.ok(!inline.slides[0].html.includes('secret'), inline.slides[0].html);
    assert.equal(inline.slides[0].notes, 'aside secret\n<p>note secret</p>');
  });

  test('notes are sanitized markdown and end at the next separator', () => {
    const deck = parseDeck('# A\nNote:\n- one\n- <b onclick="x()">two</b>\n----\n# B\nplain');
    assert.equal(deck.slides[0].notes, '<ul>\n<li>one</li>\n<li><b>two</b></li>\n</ul>');
    assert.equal(deck.slides[1].html, '<h1>B</h1>\n<p>plain</p>');
  });

  test('a second Note: line inside the notes stays notes', () => {
    const deck = parseDeck('# A\nNote: first\nNote: second');
    assert.equal(deck.slides[0].notes, '<p>first\nsecond</p>');
  });
});

describe('reveal.js attribute comments', () => {
  test('.slide: goes to slide.attributes and is removed from the html', () => {
    const deck = parseDeck('<!-- .slide: data-background-color="#000" class="dark" data-auto-animate -->\n# A');
    assert.deepEqual(deck.slides[0].attributes, { 'data-background-color': '#000', class: 'dark', 'data-auto-animate': '' });
    assert.equal(deck.slides[0].html, '<h1>A</h1>');
  });

  test('several .slide: comments merge, classes too', () => {
    const deck = parseDeck('# A\n<!-- .slide: class="a b" data-x="1" -->\ntext\n<!-- .slide: class="b c" id="intro" -->');
    assert.deepEqual(deck.slides[0].attributes, { class: 'a b c', 'data-x': '1', id: 'intro' });
  });

  test('.slide: keeps only data-*, class, id and style', () => {
    const deck = parseDeck('<!-- .slide: onclick="x()" title="t" style="color: red" data-transition="zoom" -->\n# A');
    assert.deepEqual(deck.slides[0].attributes, { style: 'color: red', 'data-transition': 'zoom' });
  });

  test('.element: in a list item applies to the <li>', () => {
    const deck = parseDeck('- one <!-- .element: class="fragment" -->\n- two <!-- .element: class="fragment" data-fragment-index="1" -->');
    assert.equal(
      deck.slides[0].html,
      '<ul>\n<li class="fragment">one</li>\n<li class="fragment" data-fragment-index="1">two</li>\n</ul>',
    );
  });

  test('.element: after an image in a paragraph applies to the <img>', () => {
    const deck = parseDeck('![chart](chart.png) <!-- .element: style="width:50%" class="r-stretch" -->');
    assert.equal(deck.slides[0].html, '<p><img src="chart.png" alt="chart" style="width:50%" class="r-stretch" /></p>');
  });

  test('.element: after text applies to the parent; on its own line, to the previous block', () => {
    const deck = parseDeck('# Title <!-- .element: class="r-fit-text" -->\n\nparagraph\n<!-- .element: class="fragment" -->');
    assert.equal(deck.slides[0].html, '<h1 class="r-fit-text">Title</h1>\n<p class="fragment">paragraph</p>');
  });

  test('.element: class merges with the classes already there', () => {
    const deck = parseDeck('<p class="lead big">Hello <!-- .element: class="fragment big" --></p>');
    assert.equal(deck.slides[0].html, '<p class="lead big fragment">Hello</p>');
  });

  test('.element: skips <br> like reveal.js', () => {
    const deck = parseDeck('<p><span>a</span><br><!-- .element: class="x" --></p>');
    assert.equal(deck.slides[0].html, '<p><span class="x">a</span><br /></p>');
  });

  test('.element: with nothing before it at the top of a slide applies to the slide (reveal.js)', () => {
    const deck = parseDeck('<!-- .element: class="x" data-state="intro" -->\n# A');
    assert.deepEqual(deck.slides[0].attributes, { class: 'x', 'data-state': 'intro' });
  });

  test('.element: attributes are sanitized like any other', () => {
    const deck = parseDeck('- item <!-- .element: class="fragment" onclick="alert(1)" data-src="javascript:alert(1)" -->');
    assert.equal(deck.slides[0].html, '<ul>\n<li class="fragment">item</li>\n</ul>');
  });

  test('attribute comments in the notes are removed, not applied to the slide', () => {
    const slide = parseDeck('# A\nNote: n <!-- .slide: class="from-notes" -->').slides[0];
    assert.deepEqual(slide.attributes, {});
    assert.equal(slide.notes, '<p>n</p>');
  });

  test('comments inside code blocks are left alone', () => {
    const deck = parseDeck('```html\n<!-- .slide: class="nope" -->\n```');
    assert.deepEqual(deck.slides[0].attributes, {});
    assert.match(deck.slides[0].html, /\.slide: class=/);
  });
});

describe('front matter', () => {
  test('defaults apply when there is none', () => {
    const deck = parseDeck('# Hello');
    assert.deepEqual(deck.meta, { ...DEFAULT_META, title: 'Hello', css: [], reveal: { transition: 'slide', width: 1280, height: 720 } });
    assert.deepEqual(deck.warnings, []);
    assert.deepEqual(deck.features, { math: false, mermaid: false, lineNumbers: false });
    assert.equal(deck.meta.theme, 'lectern');
    assert.equal(deck.meta.transition, 'slide');
    assert.equal(deck.meta.aspect, '16:9');
  });

  test('known keys, unknown keys kept, dates stay strings', () => {
    const deck = parseDeck(
      '---\ntitle: My talk\nauthor: Ada\nevent: Conf\ndate: 2013-07-02\nfooter: "@ada"\ntheme: night\n' +
        'transition: fade\naspect: "4:3"\nrevealOptions:\n  controls: false\nversion: 1.10\n---\n# A',
    );
    assert.deepEqual(deck.meta, {
      ...DEFAULT_META,
      title: 'My talk',
      author: 'Ada',
      event: 'Conf',
      date: '2013-07-02',
      footer: '@ada',
      theme: 'night',
      transition: 'fade',
      aspect: '4:3',
      revealOptions: { controls: false },
      version: 1.1,
      css: [],
      reveal: { controls: false, transition: 'fade', width: 960, height: 720 },
    });
    assert.equal(deck.slides[0].line, 14);
  });

  test('a YAML timestamp becomes YYYY-MM-DD; numbers in text keys stay as written', () => {
    const deck = parseDeck('---\ndate: !!timestamp 2013-07-02T10:30:00Z\ntitle: 1984\nevent: 2.50\n---\n# A');
    assert.equal(deck.meta.date, '2013-07-02');
    assert.equal(deck.meta.title, '1984');
    assert.equal(deck.meta.event, '2.50');
  });

  test('title falls back to the first slide, then "Untitled deck"', () => {
    assert.equal(parseDeck('# Q&amp;A <em>time</em>\n---\n# B').meta.title, 'Q&A time');
    assert.equal(parseDeck('---\ntitle:\n---\n# From slide').meta.title, 'From slide');
    assert.equal(parseDeck('![x](a.png)\n---\n# Second').meta.title, UNTITLED_DECK);
    assert.equal(deckTitle(parseDeck('![x](a.png)')), 'Untitled deck');
  });

  test('options.defaults sit between built-in defaults and the front matter', () => {
    const deck = parseDeck('---\ntransition: zoom\n---\n# A', { defaults: { theme: 'night', transition: 'fade', title: 'Default title' } });
    assert.equal(deck.meta.theme, 'night');
    assert.equal(deck.meta.transition, 'zoom');
    assert.equal(deck.meta.title, 'Default title');
  });

  test('an empty front matter is fine', () => {
    const deck = parseDeck('---\n---\n# A');
    assert.equal(deck.meta.title, 'A');
    assert.equal(deck.slides[0].line, 3);
  });

  test('__proto__ keys do not pollute anything', () => {
    const deck = parseDeck('---\n__proto__: {polluted: true}\n---\n# A');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(deck.meta), Object.prototype);
  });
});

describe('front matter errors', () => {
  test('broken.md: bad indentation on file line 4 -> line 4', () => {
    const err = deckError(() => parseDeck(fixture('broken.md'), { file: 'decks/broken.md' }));
    assert.equal(err.code, 'front-matter');
    assert.equal(err.location.line, 4);
    assert.equal(err.location.file, 'decks/broken.md');
    assert.match(err.located, /^decks\/broken\.md:4: invalid front matter: bad indentation/);
  });

  test('YAML errors report the file line (YAML line + 1)', () => {
    assert.equal(deckError(() => parseDeck('---\ntitle: x\nauthor: y\n  theme: z\n---\n# A')).location.line, 4);
    assert.equal(deckError(() => parseDeck('---\nauthor:\n    name: Ada\n  email: a@b.c\n---\n# A')).location.line, 4);
    assert.equal(deckError(() => parseDeck('---\ntitle: x\n\tauthor: y\n---\n# A')).location.line, 3);
    assert.equal(deckError(() => parseDeck('---\ntitle: a\ntitle: b\n---\n# A')).location.line, 3);
    assert.equal(deckError(() => parseDeck('---\n\n\ntitle: "unclosed\n---\n# A')).code, 'front-matter');
  });

  test('an unclosed front matter fails at the opening fence', () => {
    const err = deckError(() => parseDeck('---\ntitle: x\n# A\n\ntext', { file: 'talk.md' }));
    assert.equal(err.code, 'front-matter');
    assert.equal(err.location.line, 1);
    assert.match(err.message, /not closed/);
  });

  test('a front matter that is not a mapping fails', () => {
    const list = deckError(() => parseDeck('---\n- a\n- b\n---\n# A'));
    assert.equal(list.code, 'front-matter');
    assert.equal(list.location.line, 2);
    assert.match(list.message, /mapping/);
    const scalar = deckError(() => parseDeck('---\n\njust words\n---\n# A'));
    assert.equal(scalar.location.line, 3);
  });

  test('a wrong type fails at its key', () => {
    const err = deckError(() => parseDeck('---\nauthor: me\ntitle: [1, 2]\n---\n# A'));
    assert.equal(err.code, 'front-matter');
    assert.equal(err.location.line, 3);
    assert.match(err.message, /"title" must be text, not a list/);
    assert.equal(deckError(() => parseDeck('---\ntheme:\n  name: x\n---\n# A')).location.line, 2);
  });

  test('an invalid separator regex fails at its key', () => {
    const err = deckError(() => parseDeck('---\ntitle: x\n\nseparator: "(["\n---\n# A'));
    assert.equal(err.code, 'front-matter');
    assert.equal(err.location.line, 4);
    assert.match(err.message, /"separator" is not a valid regular expression/);
    assert.equal(deckError(() => parseDeck('---\nverticalSeparator: "a)"\n---\n# A')).location.line, 2);
    assert.equal(deckError(() => parseDeck('---\nnotesSeparator: "^"\n---\n# A')).location.line, 2);
  });

  test('an invalid aspect fails at its key', () => {
    const err = deckError(() => parseDeck('---\ntitle: x\naspect: wide\n---\n# A'));
    assert.equal(err.location.line, 3);
    assert.match(err.message, /aspect/);
  });

  test('a deck without content is an "empty" error', () => {
    for (const source of ['', '\n\n', '---\ntitle: Only meta\n---\n', '---\ntitle: x\n---\n\n---\n\n----\n  \n']) {
      const err = deckError(() => parseDeck(source, { file: 'empty.md' }));
      assert.equal(err.code, 'empty', JSON.stringify(source));
      assert.equal(err.location.file, 'empty.md');
    }
  });
});

describe('custom separators', () => {
  test('separator, verticalSeparator and notesSeparator from the front matter', () => {
    const deck = parseDeck(
      '---\nseparator: <!--s-->\nverticalSeparator: <!--v-->\nnotesSeparator: "^notes?:"\n---\n' +
        '# A\n---\n<!--s-->\n# B\n<!--v-->\n# B1\nNotes: secret',
    );
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1']);
    assert.equal(deck.slides[0].html, '<h1>A</h1>\n<hr />', '--- is a plain rule now');
    assert.equal(deck.slides[2].notes, '<p>secret</p>');
  });

  test('reveal-md style separators with newlines work line by line', () => {
    const deck = parseDeck(
      "---\nseparator: '^\\r?\\n---\\r?\\n$'\nverticalSeparator: '^(\\r\\n?|\\n)----(\\r\\n?|\\n)$'\n---\n" +
        '# A\n\n---\n\n# B\n\n----\n\n# B1',
    );
    assert.deepEqual(positions(deck), ['0.0', '1.0', '1.1']);
  });
});

describe('markdown rendering', () => {
  test('code is highlighted server-side with hljs classes', () => {
    const deck = parseDeck('```js\nconst x = "<b>";\n```');
    const html = deck.slides[0].html;
    assert.match(html, /^<pre><code class="hljs language-js">/);
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /<span class="hljs-string">&quot;&lt;b&gt;&quot;<\/span>|<span class="hljs-string">"&lt;b&gt;"<\/span>/);
  });

  test('an unknown or missing language is plain escaped text (no auto-detection)', () => {
    const unknown = parseDeck('```nosuchlang\nif (a < b) { return "x"; }\n```').slides[0].html;
    assert.equal(unknown, '<pre><code class="hljs language-nosuchlang">if (a &lt; b) { return "x"; }\n</code></pre>');
    const none = parseDeck('```\nconst x = 1;\n```').slides[0].html;
    assert.equal(none, '<pre><code class="hljs">const x = 1;\n</code></pre>');
  });

  test('a language outside the common set is loaded on first use; path-like names never are', () => {
    // dockerfile is not in highlight.js's common build: it comes from its own module.
    const docker = parseDeck('```dockerfile\nFROM debian:12\nRUN apt-get update\n```').slides[0].html;
    assert.match(docker, /<code class="hljs language-dockerfile"><span class="hljs-keyword">FROM<\/span>/);
    for (const lang of ['../core', '..%2fcore', 'languages/../../index', '/etc/passwd']) {
      const html = parseDeck(`\`\`\`${lang}\nFROM x\n\`\`\``).slides[0].html;
      assert.ok(!html.includes('hljs-keyword'), `${lang} is not highlighted`);
      assert.match(html, /FROM x/);
    }
  });

  test('GFM tables with alignment', () => {
    const html = parseDeck('| a | b |\n|:--|--:|\n| 1 | 2 |').slides[0].html;
    assert.match(html, /^<table>\n<thead>\n<tr>\n<th align="left">a<\/th>\n<th align="right">b<\/th>/);
    assert.match(html, /<td align="right">2<\/td>/);
  });

  test('markdown links with script URLs are inert (inline, reference, autolink)', () => {
    assert.equal(parseDeck('[a](javascript:alert(1) "t")').slides[0].html, '<p><a title="t">a</a></p>');
    assert.equal(parseDeck('[a]: JAVASCRIPT:alert(1)\n\n[x][a]').slides[0].html, '<p><a>x</a></p>');
    assert.equal(parseDeck('<javascript:alert(1)>').slides[0].html, '<p><a>javascript:alert(1)</a></p>');
  });

  test('links, images, emphasis, task lists', () => {
    const html = parseDeck('[site](https://example.com) ![pic](img/a.png "t") *em* **strong** ~~del~~\n\n- [x] done\n- [ ] todo').slides[0].html;
    assert.match(html, /<a href="https:\/\/example\.com">site<\/a>/);
    assert.match(html, /<img src="img\/a\.png" alt="pic" title="t" \/>/);
    assert.match(html, /<em>em<\/em> <strong>strong<\/strong> <del>del<\/del>/);
    assert.match(html, /<li><input type="checkbox" disabled checked \/> done<\/li>/);
  });
});

describe('slide titles', () => {
  test('first heading, entities decoded and tags stripped', () => {
    const deck = parseDeck('text first\n\n## Fish &amp; <em>chips</em> &lt;3\n\n# Later');
    assert.equal(deck.slides[0].title, 'Fish & chips <3');
  });

  test('else the first line of text, truncated to about 80 characters', () => {
    const long = 'word '.repeat(40).trim();
    const deck = parseDeck(`![img](a.png)\n\n${long}\n---\n- short item\n- second`);
    assert.ok(deck.slides[0].title.length <= 80, deck.slides[0].title);
    assert.ok(deck.slides[0].title.endsWith('…'));
    assert.ok(deck.slides[0].title.startsWith('word word'));
    assert.equal(deck.slides[1].title, 'short item');
  });

  test('else "Slide n"', () => {
    const deck = parseDeck('# A\n---\n![img](a.png)\n----\n<!-- .slide: data-background-color="red" -->');
    assert.deepEqual(titles(deck), ['A', 'Slide 2', 'Slide 3']);
  });
});

// Attribute names, attribute values and text, entity-decoded by a real HTML parser.
function decoded(html: string): { names: string[]; values: string[]; texts: string[] } {
  const out = { names: [] as string[], values: [] as string[], texts: [] as string[] };
  const walk = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (isText(node)) out.texts.push(node.data);
      else if (isTag(node)) {
        for (const [name, value] of Object.entries(node.attribs)) {
          out.names.push(name);
          out.values.push(value);
        }
        walk(node.children);
      }
    }
  };
  walk(parseDocument(html).children);
  return out;
}

describe('hostile deck', () => {
  const deck = parseDeck(fixture('hostile.md'));
  const everything = deck.slides.flatMap((s) => [s.html, s.notes, ...Object.entries(s.attributes).flat()]).join('\n');

  test('parses into 4 slides', () => {
    assert.deepEqual(positions(deck), ['0.0', '1.0', '2.0', '3.0']);
  });

  test('no script, no event handler, no javascript: anywhere', () => {
    assert.doesNotMatch(everything, /<script/i);
    assert.doesNotMatch(everything, /\son\w+\s*=/i);
    assert.doesNotMatch(everything, /javascript:/i);
    assert.doesNotMatch(everything, /vbscript:/i);
    const { names, values, texts } = decoded(everything);
    assert.ok(names.length > 20, 'the walk saw the attributes');
    for (const name of names) assert.doesNotMatch(name, /^on/i);
    for (const text of [...values, ...texts]) {
      // Browsers ignore control characters and whitespace inside a scheme.
      assert.doesNotMatch(text.replace(/[\u0000-\u0020]/g, ''), /javascript:|vbscript:/i, text);
    }
  });

  test('no active or page-level elements survive', () => {
    for (const tag of ['script', 'style', 'object', 'embed', 'form', 'input type="text"', 'button', 'meta', 'base', 'link', 'mglyph', 'noscript', 'textarea', 'foreignobject', 'animate']) {
      assert.ok(!everything.toLowerCase().includes(`<${tag}`), `<${tag} survived`);
    }
    assert.doesNotMatch(everything, /srcdoc/i);
    assert.doesNotMatch(everything, /data:text\/html/i);
    assert.doesNotMatch(everything, /evil\.example/);
    assert.doesNotMatch(everything, /alert\(/);
  });

  test('harmless markup survives: classes, styles, images, tables, svg shapes', () => {
    const [scripts, links, head, table] = deck.slides;
    assert.match(scripts.html, /<h1 class="keep-heading">Scripts and handlers<\/h1>/);
    assert.match(scripts.html, /<img src="x\.png" class="keep-img" style="width:50%" \/>/);
    assert.match(scripts.html, /<svg width="100" height="100" class="keep-svg">/);
    assert.match(scripts.html, /<circle cx="50" cy="50" r="40" fill="red" stroke="black"><\/circle>/);
    assert.match(scripts.html, /<rect x="1" y="2" width="3" height="4" fill="blue"><\/rect>/);
    assert.match(scripts.html, /<path d="M0 0 L10 10" stroke="green"><\/path>/);
    assert.match(scripts.html, /<text x="1" y="2">svg text<\/text>/);
    assert.match(scripts.html, /<div class="keep-div" style="color:red">styled div<\/div>/);
    assert.match(links.html, /<h2 class="keep-links">/);
    assert.match(links.html, /<a href="https:\/\/example\.com\/ok" class="keep-link">fine link<\/a>/);
    assert.match(links.html, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="inline png" class="keep-data-img" \/>/);
    assert.match(links.html, /<iframe src="https:\/\/example\.com\/embed" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"><\/iframe>/);
    assert.deepEqual(head.attributes, { 'data-background-color': '#123456', class: 'keep-slide' });
    assert.match(head.html, /<p class="keep-p">reveal lazy loading<\/p>/);
    assert.match(head.html, /<li class="fragment">item<\/li>/);
    assert.match(table.html, /<th align="right">Value<\/th>/);
    assert.match(table.html, /<table class="keep-table"><tr><td style="color:blue">raw cell<\/td><\/tr><\/table>/);
    assert.equal(table.notes, '<p>Notes are hostile too: <img src="n" /> </p>');
  });
});

describe('performance', () => {
  const source = Array.from({ length: 200 }, (_, i) =>
    [
      `# Slide ${i}`,
      '',
      'Some *text* with a [link](https://example.com) and `code`.',
      '',
      '- one <!-- .element: class="fragment" -->',
      '- two',
      '',
      i % 4 === 0 ? '```js\nfunction f(x) {\n  return x * 2;\n}\n```\n' : '',
      i % 3 === 0 ? 'Note: remember this' : '',
    ].join('\n'),
  ).join('\n---\n');

  test('a 200-slide deck parses quickly, and a re-parse after an edit renders only the edited slide', () => {
    clearRenderCache();
    const cold = performance.now();
    const deck = parseDeck(source);
    const coldMs = performance.now() - cold;
    assert.equal(deck.slides.length, 200);
    const renderedCold = renderedSinceClear();
    assert.ok(renderedCold >= 200, `${renderedCold} slides rendered on the first parse`);
    const again = parseDeck(source.replace('# Slide 7', '# Slide seven'));
    assert.equal(again.slides[7].title, 'Slide seven');
    assert.equal(again.slides[8].title, 'Slide 8');
    // The edited slide's markdown is new; every other slide (and the notes) comes from the cache.
    // How long either takes is npm run bench:parse's to measure, not an assertion's.
    assert.equal(renderedSinceClear() - renderedCold, 1, 'only the edited slide is rendered again');
    // A bound no machine misses unless parsing went quadratic (typical: ~40 ms).
    assert.ok(coldMs < 2000, `cold parse took ${coldMs.toFixed(1)} ms`);
  });

  test('cached results are not shared mutable state', () => {
    const a = parseDeck('<!-- .slide: class="x" -->\n# A');
    a.slides[0].attributes.class = 'changed';
    a.slides[0].html = 'changed';
    const b = parseDeck('<!-- .slide: class="x" -->\n# A');
    assert.deepEqual(b.slides[0].attributes, { class: 'x' });
    assert.equal(b.slides[0].html, '<h1>A</h1>');
  });
});
