// The static site's pages (server/site/pages.ts): every link and file relative to the page, so
// the site works under any sub-path and from file://, or under --base; nothing live offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeck } from '../../server/deck/parse.ts';
import { siteDeckPage, siteIndexPage, SITE_CSP } from '../../server/site/pages.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';

const loaded: LoadedDeck = {
  slug: 'my talk',
  file: '/t/my talk.md',
  assetDir: '/t',
  deck: parseDeck('---\ntitle: Mine\n---\n\n# One\n\n![x](img/x.png)\n'),
  hash: 'h',
  dependencies: [],
};
const summary = { slug: 'my talk', title: 'Mine', slides: 1, warnings: [] };

const attrs = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

test('the index links each deck and its PDF relatively, loads its files from assets/, says live features are absent', () => {
  const html = siteIndexPage([summary], { pdf: true });
  assert.deepEqual(attrs(html, 'href').filter((h) => h.startsWith('decks/')), ['decks/my%20talk/index.html', 'decks/my%20talk/my%20talk.pdf']);
  for (const url of [...attrs(html, 'src'), ...attrs(html, 'href')]) assert.ok(!url.startsWith('/'), `${url} is relative`);
  assert.match(html, /Live features need the Lectern server/);
  assert.ok(!html.includes('Present live'));
  assert.ok(!siteIndexPage([summary], { pdf: false }).includes('.pdf'), '--no-pdf: no PDF links');
});

test('a deck page: assets two folders up, its own files and PDF beside it, no socket, a CSP in <head>', () => {
  const html = siteDeckPage(loaded, { pdf: true });
  assert.ok(attrs(html, 'src').includes('../../assets/static.js'));
  assert.ok(attrs(html, 'src').includes('img/x.png'));
  assert.ok(attrs(html, 'href').includes('../../index.html'));
  assert.ok(attrs(html, 'href').includes('my%20talk.pdf'));
  assert.ok(!html.includes('socket.io') && !html.includes('lectern-present-live'));
  assert.match(html, /<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src /, 'the policy comes first in <head>');
  assert.ok(!SITE_CSP.includes('frame-ancestors'), 'a <meta> policy cannot carry frame-ancestors');
});

test('--base: links from the site\'s URL path instead', () => {
  const index = siteIndexPage([summary], { pdf: false, base: '/talks/' });
  assert.ok(attrs(index, 'href').includes('/talks/decks/my%20talk/'));
  const deck = siteDeckPage(loaded, { pdf: false, base: '/talks/' });
  assert.ok(attrs(deck, 'src').includes('/talks/assets/static.js'));
  assert.ok(attrs(deck, 'href').includes('/talks/'));
});

test('a deck page preloads no font: file:// refuses the CORS request a preload is', () => {
  assert.ok(!siteDeckPage(loaded, { pdf: false }).includes('rel="preload"'));
});

test("a deck page links the deck's own stylesheet beside it, and names the diagram module under assets/", () => {
  const styled = siteDeckPage({ ...loaded, stylesheet: { css: '.lectern-deck h1{color:red}', hash: 'abc' } }, { pdf: false });
  assert.ok(attrs(styled, 'href').includes('lectern-deck.css'));
  assert.ok(!attrs(siteDeckPage(loaded, { pdf: false }), 'href').includes('lectern-deck.css'), 'no stylesheet: no link');
  const chart = siteDeckPage({ ...loaded, deck: parseDeck('# Chart\n\n```mermaid\ngraph LR\n  A --> B\n```\n') }, { pdf: false });
  assert.match(chart, /"diagrams":\{"src":"\.\.\/\.\.\/assets\/chunks\/diagrams-\w+\.js"/);
  assert.ok(!siteDeckPage(loaded, { pdf: false }).includes('"diagrams"'), 'no diagrams: no module');
});
