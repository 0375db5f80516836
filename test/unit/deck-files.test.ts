// What a reveal-md deck brings beside its markdown: its stylesheets (sanitized and scoped to the
// slides), reveal-md's config files (JSON5), slugs for any file name, and the stylesheets a page
// links for it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { safeStylesheets, scopeSelectors, checkUrl } from '../../server/deck/stylesheet.ts';
import { assignSlugs, isValidSlug } from '../../server/decks/slugs.ts';
import { readConfigFiles } from '../../server/decks/config-files.ts';
import { deckStyles, manifest } from '../../server/http/assets.ts';
import { tempDir } from '../helpers/server.ts';

const clean = (text: string) => safeStylesheets([{ path: 'style.css', text }]);

describe('author stylesheets', () => {
  test('selectors are scoped inside the slides; the page itself maps onto the deck element', () => {
    assert.deepEqual(scopeSelectors('h1, .reveal h2'), { inside: ['.lectern-deck .slides h1', '.lectern-deck .slides h2'], root: [], dropped: [] });
    assert.deepEqual(scopeSelectors(':root').root, ['.lectern-deck']);
    assert.deepEqual(scopeSelectors('.reveal.has-dark-background').root, ['.lectern-deck.has-dark-background']);
    assert.deepEqual(scopeSelectors('.reveal .slides > section').inside, ['.lectern-deck .slides > section']);
    assert.deepEqual(scopeSelectors('html.print-pdf .reveal h1').inside, ['html.print-pdf .lectern-deck .slides h1']);
    for (const outside of ['.reveal + .deck-toolbar', 'body ~ nav', '> p', '&:hover', 'html.other h1']) {
      assert.deepEqual(scopeSelectors(outside).dropped, [outside], outside);
    }
  });

  test('what loads or reaches the page is dropped with a warning naming the file and line', () => {
    const out = clean(':root { --r-heading-color: #ffd166; display: none }\nbody { display: none }\n@import url(x.css);\nh2 { background: url(javascript:alert(1)) }\nh3 { behavior: url(x.htc) }\np { color: red }\n');
    assert.match(out.css, /\.lectern-deck \{\s*--r-heading-color: #ffd166;?\s*\}/);
    assert.match(out.css, /\.lectern-deck \.slides p \{ color: red \}/);
    assert.doesNotMatch(out.css, /display|@import|javascript|behavior/);
    const lines = out.warnings.map((w) => `${w.file}:${w.line} ${w.message}`);
    assert.ok(lines.some((l) => /^style\.css:1 "display" on the page itself/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^style\.css:3 @import/.test(l)));
    assert.ok(lines.some((l) => /^style\.css:4 .*names a script/.test(l)));
    assert.ok(lines.some((l) => /^style\.css:5 .*not CSS a deck may use/.test(l)));
  });

  test('url(): files beside the deck (rewritten), https and inline images; nothing else', () => {
    assert.deepEqual(checkUrl('img/cat.png', 'css/theme.css', 'image'), { url: 'css/img/cat.png', asset: 'css/img/cat.png' });
    assert.deepEqual(checkUrl('../fonts/a.woff2', 'css/theme.css', 'font'), { url: 'fonts/a.woff2', asset: 'fonts/a.woff2' });
    assert.deepEqual(checkUrl('https://example.org/a.png', 'style.css', 'image'), { url: 'https://example.org/a.png' });
    for (const bad of ['../../etc/passwd.png', '/abs.png', 'http://example.org/a.png', 'https://example.org/font.woff2', 'a.html', 'data:text/html,x', '.hidden/a.png']) {
      assert.equal(checkUrl(bad, 'style.css', bad.endsWith('woff2') ? 'font' : 'image'), null, bad);
    }
    const out = clean('@font-face { font-family: Mine; src: url(https://fonts.example/x.woff2) }\n@font-face { font-family: "Inter Variable"; src: url(inter.woff2) }\n.a { background: image-set("x.png" 1x) }\n.b { background: u\\rl(x.png) }\n');
    assert.doesNotMatch(out.css, /font-face|image-set|u\\rl/);
    assert.deepEqual(out.warnings.map((w) => w.line), [1, 1, 2, 3, 4]);
  });

  test('invalid or oversized stylesheets are not loaded, and say so', () => {
    assert.match(clean('h1 { color: red').warnings[0]?.message ?? '', /^is not valid CSS/);
    const big = safeStylesheets([{ path: 'big.css', text: `h1{}${' '.repeat(300 * 1024)}` }]);
    assert.equal(big.css, '');
    assert.match(big.warnings[0]?.message ?? '', /limited to 256 KB: not loaded/);
  });
});

describe('slugs from any file name', () => {
  test('names that are slugs keep them; others get a readable, stable one', async () => {
    assert.equal((await assignSlugs(['my talk (final)'])).get('my talk (final)'), 'my-talk-final');
    const slugs = await assignSlugs(['europython-2013', 'my talk (final)', 'ünïcødé', '意識', 'My Talk Final']);
    assert.equal(slugs.get('europython-2013'), 'europython-2013');
    assert.equal(slugs.get('ünïcødé'), 'uenicode');
    assert.match(slugs.get('意識') ?? '', /^deck-[0-9a-f]{6}$/);
    // A collision: one (in name order) keeps the readable slug, the other gets a suffix from its own name.
    assert.equal(slugs.get('My Talk Final'), 'my-talk-final');
    assert.match(slugs.get('my talk (final)') ?? '', /^my-talk-final-[0-9a-f]{6}$/);
    for (const slug of slugs.values()) assert.ok(isValidSlug(slug), slug);
    // Stable: the same name gets the same slug whatever else is in the folder.
    assert.equal((await assignSlugs(['意識'])).get('意識'), slugs.get('意識'));
  });
});

describe("reveal-md's config files", () => {
  test('JSON5 beside the deck; a file that does not parse is a warning with its line', async () => {
    const dir = await tempDir('lectern-config-');
    try {
      await fs.writeFile(path.join(dir, 'reveal-md.json'), '{\n  // comment\n  theme: "solarized",\n  separator: "^===$",\n}\n');
      await fs.writeFile(path.join(dir, 'reveal.json5'), '{\n  width: 1000,\n  height: \n}\n');
      const read = await readConfigFiles(dir, 'decks/talk');
      assert.deepEqual(read.config.revealMd, { theme: 'solarized', separator: '^===$' });
      assert.equal(read.config.reveal, undefined);
      assert.equal(read.warnings.length, 1);
      assert.equal(read.warnings[0]?.file, path.join('decks/talk', 'reveal.json5'));
      assert.equal(read.warnings[0]?.line, 4);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the stylesheets a deck page links', () => {
  const deck = (meta: { theme: string; themeCss?: string; highlightTheme?: string }, math = false) => ({ slug: 'd', deck: { meta, features: { math, mermaid: false } } });

  test("Lectern's theme by default; a reveal.js theme, code style and KaTeX only when the deck uses them", () => {
    if (Object.keys(manifest().styles).length === 0) assert.fail('the client is not built: npm run build');
    const plain = deckStyles(deck({ theme: 'lectern' }));
    assert.equal(plain.length, 1);
    assert.match(plain[0] ?? '', /^\/assets\/styles\/themes\/lectern-\w+\.css$/);
    const black = deckStyles(deck({ theme: 'black', highlightTheme: 'github' }, true));
    assert.match(black.join(' '), /themes\/black-\w+\.css .*highlight\/github-\w+\.css .*math\/katex-\w+\.css/);
    // reveal-md's default code style for a reveal.js theme.
    assert.match(deckStyles(deck({ theme: 'white' })).join(' '), /highlight\/base16\/zenburn-/);
    // A deck whose stylesheet is its theme gets no built-in theme under it.
    const own = deckStyles({ ...deck({ theme: 'lectern', themeCss: 'mine.css' }), stylesheet: { hash: 'abc' } });
    assert.deepEqual(own.filter((href) => /themes\//.test(href)), []);
    assert.ok(own.includes('/decks/d/lectern-deck.css?v=abc'));
  });
});
