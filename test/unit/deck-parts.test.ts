// Unit tests for the parser's building blocks: attribute comments, slide splitting,
// front matter and titles (server/deck/{attributes,split,frontmatter,text}.ts).
// Run: npx tsx --test test/unit/deck-parts.test.ts
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyAttributeComments, parseAttributeList } from '../../server/deck/attributes.ts';
import { splitSlides, type Separators } from '../../server/deck/split.ts';
import { DEFAULT_NOTES_SEPARATOR, DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR, compileSeparator, compileSlideSeparators, lineRegexSource } from '../../server/deck/separators.ts';
import { readFrontMatter } from '../../server/deck/frontmatter.ts';
import { titleFromHtml, truncate } from '../../server/deck/text.ts';
import { LecternError } from '../../shared/errors.ts';

describe('parseAttributeList', () => {
  test('quoted, single-quoted, unquoted and bare attributes; entities decoded; names lowercased', () => {
    assert.deepEqual(parseAttributeList(` class="fragment  fade" data-Index='2' id=x data-auto-animate title="a &amp; b"`), [
      ['class', 'fragment  fade'],
      ['data-index', '2'],
      ['id', 'x'],
      ['data-auto-animate', ''],
      ['title', 'a & b'],
    ]);
  });

  test('nothing to parse', () => {
    assert.deepEqual(parseAttributeList('   '), []);
  });
});

describe('applyAttributeComments', () => {
  test('html without comments or asides is returned as is', () => {
    const html = '<p>unchanged &amp; untouched</p>';
    assert.equal(applyAttributeComments(html).html, html);
  });

  test('ordinary comments are left for the sanitizer; reveal comments are consumed', () => {
    const out = applyAttributeComments('<p>a <!-- todo --></p><!-- .slide: data-x="1" -->');
    assert.equal(out.html, '<p>a <!-- todo --></p>');
    assert.deepEqual(out.slideAttributes, [['data-x', '1']]);
  });

  test('.element: without a colon, like reveal.js accepts', () => {
    const out = applyAttributeComments('<ul><li>a <!-- .element class="fragment" --></li></ul>');
    assert.equal(out.html, '<ul><li class="fragment">a</li></ul>');
  });

  test('nested: the comment targets within its own parent only', () => {
    const out = applyAttributeComments('<ul><li>a<ul><li>b <!-- .element: class="inner" --></li></ul><!-- .element: class="outer" --></li></ul>');
    assert.equal(out.html, '<ul><li>a<ul class="outer"><li class="inner">b</li></ul></li></ul>');
  });

  test('aside.notes is taken out of the body', () => {
    const out = applyAttributeComments('<p>body</p><aside class="notes big"><p>secret</p></aside><aside>kept</aside>');
    assert.equal(out.html, '<p>body</p><aside>kept</aside>');
    assert.deepEqual(out.notes, ['<p>secret</p>']);
  });
});

describe('separators', () => {
  test('reveal-md newline separators become line regexes', () => {
    assert.equal(lineRegexSource('^---$'), '^---$');
    assert.equal(lineRegexSource('^\\r?\\n---\\r?\\n$'), '^---$');
    assert.equal(lineRegexSource('\\r?\\n----\\r?\\n'), '^----$');
    assert.equal(lineRegexSource('^(\\r\\n?|\\n)---(\\r\\n?|\\n)$'), '^---$');
    assert.equal(lineRegexSource('\n--\n'), '^--$');
    assert.equal(lineRegexSource('<!--s-->'), '<!--s-->');
    assert.equal(lineRegexSource('^note:'), '^note:');
    assert.equal(lineRegexSource('cost \\$'), 'cost \\$');
  });

  test('bad or empty-matching regexes are front-matter errors at the given line', () => {
    const bad = (() => {
      try {
        compileSeparator('separator', '(', '', 7, 'x.md');
      } catch (err) {
        return err;
      }
      return null;
    })();
    assert.ok(bad instanceof LecternError);
    assert.equal(bad.code, 'front-matter');
    assert.equal(bad.location.line, 7);
    assert.equal(bad.location.file, 'x.md');
    assert.throws(() => compileSeparator('separator', '.*', '', 3), /matches empty lines/);
    assert.throws(() => compileSeparator('separator', '\\n', '', 3), /matches empty lines/);
  });

  const defaults: Separators = {
    slides: compileSlideSeparators(DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR),
    notes: compileSeparator('notesSeparator', DEFAULT_NOTES_SEPARATOR, 'i', undefined),
  };

  test('splitSlides keeps stacks, bodies, notes and lines', () => {
    const lines = ['# A', 'Note: n1', '---', '', '# B', '----', '# C', '```', '---', '```'];
    assert.deepEqual(splitSlides(lines, 0, defaults).slides, [
      { h: 0, v: 0, body: '# A', notes: 'n1', line: 1, bodyLine: 1, notesLine: 2 },
      { h: 1, v: 0, body: '\n# B', notes: '', line: 5, bodyLine: 4, notesLine: 4 },
      { h: 1, v: 1, body: '# C\n```\n---\n```\n', notes: '', line: 7, bodyLine: 7, notesLine: 7 },
    ]);
  });

  test('an unanchored notes separator splits the line: before is body, after is notes', () => {
    const seps = { ...defaults, notes: compileSeparator('notesSeparator', '\\?\\?\\?', 'i', undefined) };
    assert.deepEqual(splitSlides(['intro ??? secret', 'more'], 0, seps).slides, [
      { h: 0, v: 0, body: 'intro ', notes: 'secret\nmore\n', line: 1, bodyLine: 1, notesLine: 1 },
    ]);
  });
});

describe('readFrontMatter', () => {
  test('key lines and body start', () => {
    const fm = readFrontMatter(['---', 'title: T', '', 'separator: x', '---', '# A']);
    assert.deepEqual(fm.keyLines, { title: 2, separator: 4 });
    assert.equal(fm.bodyStart, 5);
    assert.deepEqual(fm.data, { title: 'T', separator: 'x' });
  });

  test('no front matter unless the first line is ---', () => {
    assert.deepEqual(readFrontMatter(['', '---', 'title: T', '---']), { data: {}, keyLines: {}, bodyStart: 0 });
  });

  test('unknown keys keep their YAML values (dates as ISO strings)', () => {
    const fm = readFrontMatter(['---', 'list: [1, two]', 'when: !!timestamp 2020-01-02T03:04:05Z', 'nested: {a: {b: true}}', '---']);
    assert.deepEqual(fm.data, { list: [1, 'two'], when: '2020-01-02T03:04:05.000Z', nested: { a: { b: true } } });
  });

  test('alias bombs are refused', () => {
    const lines = ['---', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    lines.push('---');
    assert.throws(() => readFrontMatter(lines), (err: unknown) => err instanceof LecternError && err.code === 'front-matter');
  });
});

describe('titles', () => {
  test('first heading with text, nested headings found', () => {
    assert.equal(titleFromHtml('<p>intro</p><div><h2>  Deep   <code>title</code> </h2></div><h1>later</h1>'), 'Deep title');
    assert.equal(titleFromHtml('<h1><img src="a.png" alt="x" /></h1><h2>Text</h2>'), 'Text');
  });

  test('else the first non-empty line of text, block elements break lines', () => {
    assert.equal(titleFromHtml('<div></div><div>first</div><div>second</div>'), 'first');
    assert.equal(titleFromHtml('<p>one<br />two</p>'), 'one');
    assert.equal(titleFromHtml('<img src="a.png" />'), null);
    assert.equal(titleFromHtml(''), null);
  });

  test('truncate', () => {
    assert.equal(truncate('short'), 'short');
    const t = truncate('x'.repeat(200));
    assert.equal(t.length, 80);
    assert.ok(t.endsWith('…'));
  });
});
