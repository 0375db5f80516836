// The light print page (client/lib/print-pages.ts, client/print.ts) against reveal.js's own print
// view, which it stands in for: every showcase deck and a deck of tricky pages, exported through
// both, must give the same number of pages and pages that look the same (rendered at low
// resolution, within a small pixel difference). The light page exists only for speed; this is
// what shows it prints what reveal.js would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { DeckStore } from '../../server/decks/store.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { printPage } from '../../server/pdf/print-page.ts';
import type { ExportOptions } from '../../server/pdf/options.ts';
import { difference, rasterize } from './raster.ts';
import { outlineOf, pageTexts } from './pdf-tools.ts';

/** Low enough to ignore sub-pixel glyph placement, high enough to see a moved line or a lost background. */
const DPI = 36;
/** Per page: the share of pixels allowed to differ by more than the tolerance, and the mean difference. */
const MAX_CHANGED = 0.005;
const MAX_MEAN = 1.5;

const SHOWCASE = fs
  .readdirSync(path.join(projectRoot, 'decks'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.slice(0, -3));

const CASES: Array<{ slug: string; dir: 'decks' | 'fixtures'; options: ExportOptions; label: string }> = [
  ...SHOWCASE.map((slug) => ({ slug, dir: 'decks' as const, options: {}, label: slug })),
  { slug: 'europython-2013', dir: 'decks', options: { fragments: true }, label: 'europython-2013 --fragments' },
  { slug: 'europython-2013', dir: 'decks', options: { notes: true }, label: 'europython-2013 --notes' },
  { slug: 'tricky', dir: 'fixtures', options: {}, label: 'tricky' },
  { slug: 'tricky', dir: 'fixtures', options: { fragments: true }, label: 'tricky --fragments' },
  { slug: 'tricky', dir: 'fixtures', options: { notes: true }, label: 'tricky --notes' },
  { slug: 'tricky', dir: 'fixtures', options: { slides: [2, 9, 12], size: { width: 1024, height: 768 } }, label: 'tricky --slides 2,9,12 --size 1024x768' },
];

describe('the light print page prints what reveal.js print view prints', () => {
  let light: PdfExporter;
  let reveal: PdfExporter;
  const stores = {
    decks: new DeckStore(path.join(projectRoot, 'decks')),
    fixtures: new DeckStore(path.join(projectRoot, 'test', 'fixtures', 'decks')),
  };

  before(() => {
    light = new PdfExporter();
    reveal = new PdfExporter({ printView: 'reveal' });
    light.warmUp();
    reveal.warmUp();
  });

  after(async () => {
    await Promise.all([light?.close(), reveal?.close()]);
  });

  test('the tricky deck goes through the light page by default, and reveal.js when asked', async () => {
    const tricky = await stores.fixtures.load('tricky');
    assert.equal(printPage(tricky, {}).bundle, 'print');
    assert.equal(printPage(tricky, {}, undefined, 'reveal').bundle, 'deck');
  });

  for (const { slug, dir, options, label } of CASES) {
    test(label, async (t) => {
      const loaded: LoadedDeck = await stores[dir].load(slug);
      const [a, b] = await Promise.all([light.export(loaded, options), reveal.export(loaded, options)]);
      assert.equal(a.pages, b.pages, 'the same number of pages');
      assert.deepEqual([a.blocked, b.blocked], [[], []], 'every image of the deck loaded');
      const [ra, rb] = await Promise.all([rasterize(a.pdf, DPI), rasterize(b.pdf, DPI)]);
      assert.equal(ra.length, a.pages);
      const worst = ra.map((page, i) => ({ page: i + 1, ...difference(page, rb[i]) })).sort((x, y) => y.changed - x.changed);
      t.diagnostic(`${a.pages} pages; most different: page ${worst[0].page}, ${(worst[0].changed * 100).toFixed(2)}% of pixels, mean ${worst[0].mean.toFixed(2)}`);
      const off = worst.find((d) => d.changed > MAX_CHANGED || d.mean > MAX_MEAN);
      if (off) {
        // The pages' text says which slide it is and what moved.
        const [ta, tb] = await Promise.all([pageTexts(a.pdf), pageTexts(b.pdf)]);
        const text = (texts: string[]) => texts[off.page - 1].trim().replace(/\s+/g, ' ').slice(0, 200);
        assert.fail(`page ${off.page}: ${(off.changed * 100).toFixed(2)}% of pixels differ (mean ${off.mean.toFixed(2)}) around ${JSON.stringify(off.box)}\nlight:  ${text(ta)}\nreveal: ${text(tb)}`);
      }
      assert.deepEqual(await outlineOf(a.pdf), await outlineOf(b.pdf), 'the same outline');
    });
  }
});
