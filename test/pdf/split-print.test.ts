// A long deck printed in two tabs and joined (split-print.ts, merge.ts) against the same deck
// printed in one: the real showcase talks, twice over, with a table (its header cells carry
// IDs), a logo on many slides and a footer. Every page must render the same, read the same, sit
// in the same structure tree and outline, and the logo must be embedded once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { DeckStore } from '../../server/decks/store.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { projectRoot } from '../../server/config.ts';
import { printHalves } from '../../server/pdf/split-print.ts';
import { mergePrinted } from '../../server/pdf/merge.ts';
import { tempDir } from '../helpers/server.ts';
import { outlineOf, pageTexts, pdfFonts } from './pdf-tools.ts';
import { difference, rasterize } from './raster.ts';

const TABLE = `## Services by region

| Service | Nodes | Region |
|---|---|---|
| compute | 21 | ORD |
| storage | 34 | DFW |`;

/** The five showcase talks' slides, without their front matter. */
async function showcaseSlides(): Promise<string[]> {
  const dir = path.join(projectRoot, 'decks');
  const slides: string[] = [];
  for (const file of (await fs.readdir(dir)).filter((f) => f.endsWith('.md')).sort()) {
    const source = await fs.readFile(path.join(dir, file), 'utf8');
    slides.push(...source.replace(/^---\n[\s\S]*?\n---\n/, '').split(/^---$/m).map((s) => s.trim()).filter(Boolean));
  }
  return slides;
}

/** The structure tree as poppler prints it, without what names objects: table header cells' IDs, link annotations' numbers. */
function structure(file: string): string {
  return execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .replace(/node\d+(-2)?/g, 'ID')
    .replace(/Object \d+ \d+/g, 'Object');
}

describe('a long deck printed in two tabs', () => {
  let dir: string;
  let loaded: LoadedDeck;
  let one: PdfExporter;
  let two: PdfExporter;
  let single: Uint8Array;
  let split: Uint8Array;

  before(async () => {
    dir = await tempDir('lectern-split-');
    const deckDir = path.join(dir, 'long');
    await fs.mkdir(deckDir, { recursive: true });
    await fs.writeFile(path.join(deckDir, 'logo.png'), await sharp({ create: { width: 240, height: 80, channels: 4, background: '#c0392b' } }).png().toBuffer());
    const talks = await showcaseSlides();
    const slides = [...talks, TABLE, ...talks, TABLE].map((slide, i) => (i % 3 === 0 ? `${slide}\n\n![Lectern](logo.png)` : slide));
    await fs.writeFile(path.join(deckDir, 'index.md'), `---\ntitle: Two tabs\nfooter: OpenStack talks, twice\n---\n\n${slides.join('\n\n---\n\n')}\n`);
    loaded = await new DeckStore(dir).load('long');
    one = new PdfExporter({ splitPrint: false });
    two = new PdfExporter();
    const results = await Promise.all([one.export(loaded), two.export(loaded)]);
    assert.deepEqual(results.map((r) => r.tabs), [1, 2]);
    [single, split] = results.map((r) => r.pdf);
    await Promise.all([fs.writeFile(path.join(dir, 'single.pdf'), single), fs.writeFile(path.join(dir, 'split.pdf'), split)]);
  });

  after(async () => {
    await Promise.all([one?.close(), two?.close()]);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test('the deck is long enough to split, at a slide boundary near the middle of its markup', () => {
    const halves = printHalves(loaded, {}, 'auto', 2);
    assert.ok(halves, 'printed in two tabs');
    const [a, b] = halves;
    assert.deepEqual([...a, ...b], loaded.deck.slides.map((_, i) => i + 1));
    assert.ok(Math.abs(a.length - b.length) < loaded.deck.slides.length / 4, `${a.length} and ${b.length} slides`);
    assert.equal(printHalves(loaded, {}, 'auto', 1), undefined, 'one core: one tab');
  });

  test('every page renders the same as from one tab', async () => {
    const [x, y] = await Promise.all([rasterize(single, 24), rasterize(split, 24)]);
    assert.equal(y.length, loaded.deck.slides.length);
    assert.equal(y.length, x.length);
    x.forEach((page, i) => assert.equal(difference(page, y[i]!, 0).changed, 0, `page ${i + 1} differs`));
  });

  test('the same text, outline, fonts and structure tree; the logo embedded once', async () => {
    assert.deepEqual(await pageTexts(split), await pageTexts(single));
    assert.deepEqual(await outlineOf(split), await outlineOf(single));
    const fonts = async (pdf: Uint8Array) => new Set((await pdfFonts(pdf)).map((f) => f.type));
    assert.deepEqual([...(await fonts(split))], ['CID TrueType']);
    assert.deepEqual(await fonts(split), await fonts(single));
    assert.equal(structure(path.join(dir, 'split.pdf')), structure(path.join(dir, 'single.pdf')));
    const images = (file: string) => new Set(execFileSync('pdfimages', ['-list', path.join(dir, file)], { encoding: 'utf8' }).split('\n').slice(2).map((row) => row.trim().split(/\s+/)[10]).filter(Boolean));
    assert.equal(images('split.pdf').size, images('single.pdf').size);
    // Each half embeds its own subset of each font: here, where both halves are the same talks,
    // that is twice the font bytes; nothing else may grow.
    const fontCount = async (pdf: Uint8Array) => (await pdfFonts(pdf)).length;
    assert.ok((await fontCount(split)) <= 2 * (await fontCount(single)));
    assert.ok(split.byteLength < single.byteLength * 1.25, `${split.byteLength} bytes against ${single.byteLength}`);
  });

  test('an exporter already exporting prints the next deck in one tab: both cores are busy', async () => {
    const [first, second] = await Promise.all([two.export(loaded), two.export(loaded)]);
    assert.deepEqual([first.tabs, second.tabs], [2, 1]);
    assert.equal(second.pages, first.pages);
    assert.equal((await two.export(loaded)).tabs, 2, 'idle again');
  });

  test('files merge.ts does not know are left alone: the deck then prints in one tab', async () => {
    const raw = new PdfExporter({ writer: 'chromium', splitPrint: false });
    try {
      const linked = path.join(dir, 'linked');
      await fs.mkdir(linked, { recursive: true });
      await fs.writeFile(path.join(linked, 'index.md'), '# One\n\n[to two](#/1)\n\n---\n\n# Two\n\n---\n\n# Three\n');
      const links = await new DeckStore(dir).load('linked');
      const print = async (deck: LoadedDeck, slides: number[]) => (await raw.export(deck, { slides })).pdf;
      const joined = mergePrinted(await print(loaded, [1, 2]), await print(loaded, [3]));
      assert.ok(joined, 'two plain halves join');
      assert.match(execFileSync('pdfinfo', ['-'], { input: joined, encoding: 'utf8' }), /Pages:\s+3\n/);
      // A half with a link between its slides has named destinations, numbered by its own pages.
      assert.equal(mergePrinted(await print(links, [1, 2]), await print(links, [3])), undefined);
      assert.equal(mergePrinted(new TextEncoder().encode('%PDF-1.4\nnot a pdf'), joined), undefined);
    } finally {
      await raw.close();
    }
  });
});
