// reveal-md decks through the PDF exporter in real Chromium: the theme and reveal.js options
// (slide size, centring), KaTeX's styles, mermaid diagrams drawn before printing, the last state
// of a stack, no notes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DeckStore } from '../../server/decks/store.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { tempDir } from '../helpers/server.ts';
import { pagePixel, pageSizes, pageTexts, pageWords, squash } from './pdf-tools.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'reveal-md');

const STACK = `---
title: Stack
---

# Layers

<div class="r-stack">
  <p class="fragment">Alpha layer</p>
  <p class="fragment">Bravo layer</p>
  <p class="fragment">Charlie layer</p>
</div>

---

# Steps

<div class="r-stack">
  <p class="fragment fade-out" data-fragment-index="1">Delta gone</p>
  <p class="fragment fade-in-then-out" data-fragment-index="1">Echo passing</p>
  <p class="fragment fade-in-then-out" data-fragment-index="2">Foxtrot last</p>
</div>
`;

describe('reveal-md decks in the PDF', () => {
  let exporter: PdfExporter;
  let store: DeckStore;
  let decksDir: string;
  const exportDeck = async (slug: string, options = {}) => (await exporter.export(await store.load(slug), options)).pdf;

  before(async () => {
    decksDir = await tempDir('lectern-reveal-md-pdf-');
    await fs.cp(FIXTURES, decksDir, { recursive: true });
    await fs.writeFile(path.join(decksDir, 'stack.md'), STACK);
    store = new DeckStore(decksDir);
    exporter = new PdfExporter();
    exporter.warmUp();
  });

  after(async () => {
    await exporter?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test("a 1024×768 deck prints 4:3 pages, from the top with center: false", async () => {
    const pdf = await exportDeck('four-three');
    assert.deepEqual(await pageSizes(pdf), ['768 x 576', '768 x 576']);
    const title = (await pageWords(pdf, 1)).find((w) => w.word === 'FOUR' || w.word === 'Four');
    assert.ok(title, 'the title is on the page');
    assert.ok(title.yMin > 0 && title.yMin < 576 * 0.25, `the title starts near the top, not cut by it (y ${title.yMin})`);
  });

  test("a deck in reveal.js's black theme prints dark pages, without its notes", async () => {
    const pdf = await exportDeck('themed');
    const [r, g, b] = await pagePixel(pdf, 1, 2, 2);
    assert.ok(r < 40 && g < 40 && b < 40, `the corner is dark (${r}, ${g}, ${b})`);
    const texts = await pageTexts(pdf);
    assert.equal(texts.length, 2);
    assert.ok(!texts.join(' ').includes('private notes'));
  });

  test('math prints once, typeset: the MathML copy is not printed over it', async () => {
    const pdf = await exportDeck('math');
    const text = squash((await pageTexts(pdf))[1] ?? '');
    assert.match(text, /theareais/);
    assert.equal((text.match(/area/g) ?? []).length, 1);
    assert.ok((text.match(/=/g) ?? []).length <= 2, `one copy of the formula: ${text}`);
  });

  test('the PDF waits for the diagrams: drawn, with their labels as text', async () => {
    const pdf = await exportDeck('diagrams');
    const first = squash((await pageTexts(pdf))[0] ?? '');
    assert.match(first, /writemarkdown/);
    assert.doesNotMatch(first, /graphlr/);
  });

  test('a stack prints its last state: the last layer of an r-stack, the last line step', async () => {
    const [plain = '', steps = ''] = (await pageTexts(await exportDeck('stack'))).map(squash);
    assert.match(plain, /charlielayer/);
    assert.doesNotMatch(plain, /alpha|bravo/);
    // fade-out is gone after its step, fade-in-then-out shows only on the last step.
    assert.match(steps, /foxtrotlast/);
    assert.doesNotMatch(steps, /delta|echo/);
    const code = squash((await pageTexts(await exportDeck('line-steps')))[0] ?? '');
    assert.equal((code.match(/consta=1;/g) ?? []).length, 1, code);
    // The same through reveal.js's own print view (decks that need reveal.js to print).
    const reveal = new PdfExporter({ printView: 'reveal' });
    try {
      const [, revealSteps = ''] = (await pageTexts((await reveal.export(await store.load('stack'))).pdf)).map(squash);
      assert.match(revealSteps, /foxtrotlast/);
      assert.doesNotMatch(revealSteps, /delta|echo/);
    } finally {
      await reveal.close();
    }
    const pages = await pageTexts(await exportDeck('line-steps', { fragments: true }));
    assert.equal(pages.length, 3, 'with --fragments, a page per step');
  });
});
