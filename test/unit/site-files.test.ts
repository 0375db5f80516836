// What the static site copies and a single-file deck inlines: the local URLs a page and its
// stylesheets name (render/references.ts), and the font subsets a deck's text can use (site/fonts.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeFiles, cssReferences, deckPath, htmlReferences, loadedFiles, localPath, mapCssUrls, mapHtmlUrls } from '../../server/deck/references.ts';
import { codePoints, parseUnicodeRange, pruneFontFaces } from '../../server/site/fonts.ts';

test('localPath: a file beside the page, decoded, without query or fragment; nothing else', () => {
  assert.equal(localPath('img/a%20b.png?v=2#x'), 'img/a b.png');
  assert.equal(localPath(' ./pic.svg '), './pic.svg');
  for (const url of ['https://example.org/a.png', '//cdn/a.png', '/root.png', '#top', '?q', 'data:image/png;base64,AA', 'javascript:alert(1)', '\\\\share\\a.png', 'a%zz.png', '']) {
    assert.equal(localPath(url), undefined, url);
  }
});

test('htmlReferences: src, srcset, backgrounds, poster and style url()s, once each', () => {
  const html = `<img src="a.png" srcset="b.png 1x, c.png 2x"><section data-background-image="bg.jpg" data-background-video="v.mp4,v.webm">
<video poster="p.png"></video><div style="background: url('s.png')"></div><a href="https://example.org/">x</a><img src="a.png"></section>`;
  assert.deepEqual(htmlReferences(html).sort(), ['a.png', 'b.png', 'bg.jpg', 'c.png', 'p.png', 's.png', 'v.mp4', 'v.webm']);
});

test('mapHtmlUrls rewrites only what the mapper returns, and leaves markup without a change as it is', () => {
  const html = '<p class="x">Text &amp; more</p><img src="a.png" alt="A">';
  assert.equal(mapHtmlUrls(html, () => undefined), html);
  assert.equal(mapHtmlUrls(html, (url) => (url === 'a.png' ? '/decks/d/a.png' : undefined)), '<p class="x">Text &amp; more</p><img src="/decks/d/a.png" alt="A">');
});

test('cssReferences: url() quoted or not and @import, comments skipped', () => {
  const css = `@import "base.css"; @import url(more.css);
/* url(commented.png) */ .a { background: url( "x.png" ) } .b { src: url(f.woff2) format("woff2"), url('https://cdn/f.woff') }`;
  assert.deepEqual(cssReferences(css).sort(), ['base.css', 'f.woff2', 'more.css', 'x.png']);
  assert.equal(mapCssUrls(css, () => undefined), undefined);
  assert.match(mapCssUrls('.a{background:URL(x.png)}', (url) => (url === 'x.png' ? 'data:,' : undefined)) ?? '', /URL\(data:,\)/);
});

test('a stylesheet built to make a scanner backtrack is read in one pass', () => {
  const hostile = `${'url('.repeat(200_000)}${'/*'.repeat(100_000)}${'@import '.repeat(50_000)}`;
  const started = performance.now();
  cssReferences(hostile);
  assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
});

test('pruneFontFaces keeps the subsets whose unicode-range holds a character of the deck', () => {
  const css = `@font-face{font-family:I;src:url(latin.woff2);unicode-range:U+0000-00FF,U+2000-206F}
@font-face{font-family:I;src:url(cyrillic.woff2);unicode-range:U+0400-045F}
@font-face{font-family:I;src:url(any.woff2)}`;
  const latin = pruneFontFaces(css, codePoints('Hello — world'));
  assert.deepEqual(cssReferences(latin).sort(), ['any.woff2', 'latin.woff2']);
  const both = pruneFontFaces(css, codePoints('Привет'));
  assert.deepEqual(cssReferences(both).sort(), ['any.woff2', 'cyrillic.woff2']);
  assert.deepEqual(parseUnicodeRange('U+4??'), [[0x400, 0x4ff]]);
  assert.equal(parseUnicodeRange('U+zz'), undefined);
});

test('loadedFiles: what the page loads from the deck folder, not links, iframes or paths leaving the folder', () => {
  const html = [
    '<p><a href="notes.pdf">notes</a> <img src="./img/../a.png" srcset="b.png 2x, https://x.org/c.png 1x"></p>',
    '<svg><image href="d.svg"></image><use xlink:href="e.svg#i"></use></svg>',
    '<section data-background="#fff"></section><section data-background="f.jpg"></section>',
    '<section data-background-iframe="page.html" data-background-video="g.mp4,h.webm"></section>',
    '<video poster="p%20q.png" data-src="v.mp4"></video><img src="../outside.png"><img src="/root.png">',
    '<div style="background: url(&quot;s.png&quot;)"></div><img src="a.png?v=1&amp;w=2">',
  ].join('');
  assert.deepEqual(loadedFiles(html).sort(), ['a.png', 'b.png', 'd.svg', 'e.svg', 'f.jpg', 'g.mp4', 'h.webm', 'p q.png', 's.png', 'v.mp4']);
});

test('deckPath resolves inside the folder and refuses to leave it; attributeFiles reads a slide\'s own attributes', () => {
  assert.equal(deckPath('a/./b/../c.png'), 'a/c.png');
  assert.equal(deckPath('a/../../c.png'), undefined);
  assert.equal(deckPath('./'), undefined);
  assert.deepEqual(attributeFiles({ 'data-background-image': 'bg.png', 'data-background-color': '#000', 'data-background': 'red' }), ['bg.png']);
});

test('markup is parsed whenever it may name a URL: upper-case names and spaces around = count', () => {
  assert.deepEqual(loadedFiles('<IMG SRC = "a.png"><p>src and href in text</p>'), ['a.png']);
  assert.deepEqual(htmlReferences('<p>plain text, a list, code</p>'), []);
});
