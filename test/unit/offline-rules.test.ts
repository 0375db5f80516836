// Which requests the offline service worker may answer, and what it keeps of a page
// (shared/offline.ts): the live connection, the API, presenter pages and notes PDFs never;
// a page's scripts, styles and slide images yes, its links to other pages no.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fontUrls, isImmutable, mayKeep, PDF_DELAY_MS, referencedUrls, strategyFor } from '../../shared/offline.ts';
import { followerPage } from '../../server/live/pages.ts';
import { parseDeck } from '../../server/deck/parse.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';

const BASE = 'http://127.0.0.1:4100';
const u = (path: string) => new URL(path, BASE);

test('the live connection, the API, presenter pages and notes PDFs are never the worker’s', () => {
  for (const path of ['/socket.io/?EIO=4&transport=websocket', '/api/sessions/ABC234', '/api/decks/talk/notes', '/present/ABC234', '/decks/talk.pdf?notes=1', '/decks/talk.pdf?handout=3', '/', '/healthz', '/sw.js']) {
    assert.equal(mayKeep(u(path)), false, path);
  }
  for (const path of ['/live/ABC234', '/decks/talk/', '/decks/talk/stage.png', '/decks/talk.pdf', '/assets/follow.js', '/assets/files/inter-latin-wght-normal-NRMW37G5.woff2']) {
    assert.equal(mayKeep(u(path)), true, path);
  }
});

test('a page keeps its PDF only once the reader has stayed 10 s (browser tests shorten the wait through window.lecternPdfDelayMs)', () => {
  assert.equal(PDF_DELAY_MS, 10_000);
});

test('only files named by their content are answered from the cache first', () => {
  assert.equal(isImmutable(u('/assets/chunks/chunk-ABCDEFGH.js')), true);
  assert.equal(isImmutable(u('/assets/styles/themes/black-PIEMDRIQ.css')), true);
  assert.equal(isImmutable(u('/assets/follow.js')), false, 'page bundles keep their names across builds');
  assert.equal(isImmutable(u('/decks/talk/photo-ABCDEFGH.png')), false, "a deck's own files may change under one name");
});

test("a page bundle comes from the cache only for a page of the worker's own build", () => {
  assert.equal(strategyFor(u('/assets/follow.js'), 'build-a', 'build-a'), 'cache-first');
  assert.equal(strategyFor(u('/assets/follow.css'), 'build-a', 'build-a'), 'cache-first');
  assert.equal(strategyFor(u('/assets/follow.js'), 'build-b', 'build-a'), 'network-first', 'a deploy the worker has not caught up with');
  assert.equal(strategyFor(u('/assets/follow.js'), undefined, 'build-a'), 'network-first', 'a page the worker does not know');
  assert.equal(strategyFor(u('/assets/chunks/chunk-ABCDEFGH.js'), undefined, 'build-a'), 'cache-first');
  assert.equal(strategyFor(u('/decks/talk/stage.png'), 'build-a', 'build-a'), 'network-first', "a deck's files follow its edits");
  assert.equal(strategyFor(u('/live/ABC234'), 'build-a', 'build-a'), 'network-first');
});

test("a page's references: its files and slide images, not its links, data: URLs or other origins", () => {
  const html = `<link rel="stylesheet" href="/assets/follow.css"><script src="/assets/follow.js" defer></script>
<section data-background-image="/decks/talk/bg.jpg"><img src="stage.png" alt=""><img data-src="/decks/talk/later.png">
<img src="data:image/png;base64,AAAA"><img src="https://example.com/remote.png"><a href="/decks/other">Other deck</a>
<a class="live-pill" href="/decks/talk.pdf" download>PDF</a><link rel="preload" href="/assets/files/a-ABCDEFGH.woff2" as="font">
<img src="/api/decks/talk/notes"></section>`;
  assert.deepEqual(referencedUrls(html, `${BASE}/decks/talk/`).sort(), [
    `${BASE}/assets/files/a-ABCDEFGH.woff2`,
    `${BASE}/assets/follow.css`,
    `${BASE}/assets/follow.js`,
    `${BASE}/decks/talk/bg.jpg`,
    `${BASE}/decks/talk/later.png`,
    `${BASE}/decks/talk/stage.png`,
  ]);
});

test("a stylesheet's web fonts, resolved against the stylesheet", () => {
  const css = `@font-face{src:url(./files/inter-latin-wght-normal-NRMW37G5.woff2)format("woff2-variations")}
@font-face{src:url("../fonts/x.woff2")} .a{background:url(data:image/gif;base64,R0lG)} @font-face{src:url(old.woff)}`;
  assert.deepEqual(fontUrls(css, `${BASE}/assets/styles/themes/black-PIEMDRIQ.css`), [
    `${BASE}/assets/styles/themes/files/inter-latin-wght-normal-NRMW37G5.woff2`,
    `${BASE}/assets/styles/fonts/x.woff2`,
  ]);
});

test("the follower page's own markup names its bundle and the deck's images", () => {
  const loaded: LoadedDeck = { slug: 'talk', file: '/t/talk/index.md', assetDir: '/t/talk', deck: parseDeck('# Hi\n\n![A stage](stage.png)\n'), hash: 'h', dependencies: [] };
  const html = followerPage(loaded, 'ABC234', { h: 0, v: 0, f: -1, paused: false, seq: 1, at: 0 });
  const urls = referencedUrls(html, `${BASE}/live/ABC234`).map((href) => new URL(href).pathname);
  assert.ok(urls.includes('/assets/follow.js'), urls.join(' '));
  assert.ok(urls.includes(`/decks/${loaded.slug}/stage.png`), urls.join(' '));
  assert.ok(!urls.some((path) => path.endsWith('.pdf')), 'the PDF is kept only when asked for');
});
