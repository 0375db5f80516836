// Parser tests for what a deck must not do to the page around its slides: publish speaker notes
// written as reveal.js's `data-notes`, or take the ids the pages keep for their own elements.
// Run: npx tsx --test test/unit/parser-page-safety.test.ts
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDeck } from '../../server/deck/parse.ts';
import { publicSlides, renderSections } from '../../server/render/reveal.ts';
import { RESERVED_ID_PREFIX } from '../../server/deck/reserved.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/decks/${name}`, import.meta.url), 'utf8');

describe('data-notes', () => {
  const deck = parseDeck(
    [
      '<!-- .slide: data-notes="On the slide: <b>bold?</b> & more" class="intro" -->',
      '# One',
      '',
      '<p data-notes="On an element">para</p>',
      '',
      '- step <!-- .element: class="fragment" data-notes="On a fragment" -->',
      '',
      'Note:',
      'The usual notes',
      '---',
      '<P DATA-NOTES="upper case">x</P>',
    ].join('\n'),
  );
  const [one, two] = deck.slides;

  test('becomes the slide’s notes, as escaped text with its line breaks kept', () => {
    assert.equal(
      one.notes,
      [
        '<p style="white-space:pre-wrap">On the slide: &lt;b&gt;bold?&lt;/b&gt; &amp; more</p>',
        '<p style="white-space:pre-wrap">On an element</p>',
        '<p style="white-space:pre-wrap">On a fragment</p>',
        '<p>The usual notes</p>',
      ].join('\n'),
    );
    assert.equal(two.notes, '<p style="white-space:pre-wrap">upper case</p>');
  });

  test('never stays in the slide, its attributes or anything public', () => {
    assert.deepEqual(one.attributes, { class: 'intro' });
    assert.match(one.html, /<li class="fragment">step<\/li>/);
    const published = JSON.stringify(publicSlides(deck)) + renderSections(deck);
    assert.doesNotMatch(published, /data-notes|On the slide|On an element|On a fragment|upper case/i);
    assert.match(renderSections(deck, { notes: true }), /On the slide: &lt;b&gt;bold\?&lt;\/b&gt;/);
  });

  test('an empty data-notes adds nothing', () => {
    assert.equal(parseDeck('<!-- .slide: data-notes="" -->\n# A\n<p data-notes=" ">x</p>').slides[0].notes, '');
  });
});

describe('the pages’ ids', () => {
  const deck = parseDeck(fixture('hostile-ids.md'));
  const sections = renderSections(deck, { notes: true });

  test('no id, reference or data-lectern-* of the deck is in the reserved namespace', () => {
    const ids = [...sections.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(ids.length > 100, `${ids.length} ids`);
    for (const id of ids) assert.ok(!id.toLowerCase().startsWith(RESERVED_ID_PREFIX), id);
    assert.doesNotMatch(sections, /#\/?lectern-|url\(#lectern-|data-lectern-h="7"/);
    assert.equal((sections.match(/data-lectern-h=/g) ?? []).length, deck.slides.length, 'only the renderer’s own');
  });

  test('are renamed, with the references to them, so the deck’s own links keep working', () => {
    const [first, intro] = deck.slides;
    assert.equal(first.attributes.id, 'author-lectern-deck');
    assert.match(first.html, /<a id="author-lectern-data" href="#author-lectern-data">/);
    assert.match(intro.html, /href="#\/author-lectern-deck"/);
    assert.match(intro.html, /<lineargradient id="author-lectern-g">[\s\S]*fill="url\(#author-lectern-g\)"/);
    assert.equal(intro.attributes.id, 'intro');
    assert.match(first.html, /<i id="status"><\/i>/, 'ids outside the namespace stay as written');
  });

  test('no named link target survives', () => {
    assert.doesNotMatch(sections, /target="lectern-audience"/);
  });
});
