// PdfExporter in real Chromium: pages, metadata, outline, text, fragments, notes, ranges and
// sizes, read back with poppler and pdf-lib.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { DeckStore } from '../../server/decks/store.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { LecternError } from '../../shared/errors.ts';
import { killProcessTree, type RunningBrowser } from '../../server/pdf/launch.ts';
import { copyDecks } from '../helpers/server.ts';
import { FRAG_DECK, outlineOf, pagePixel, pageSizes, pageTexts, pageWords, pdfInfo, squash, visibleWords } from './pdf-tools.ts';
import { needsRevealPrint, printPage } from '../../server/pdf/print-page.ts';
import { finishPdf } from '../../server/pdf/finish.ts';
import { readStructure } from '../../server/pdf/incremental.ts';
import { readOutline } from '../../server/pdf/pdf-lib.ts';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { difference, rasterize } from './raster.ts';

describe('PDF export in Chromium', () => {
  let exporter: PdfExporter;
  let store: DeckStore;
  let europython: LoadedDeck;
  let frag: LoadedDeck;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'frag.md': FRAG_DECK });
    store = new DeckStore(decksDir);
    exporter = new PdfExporter();
    exporter.warmUp();
    [europython, frag] = await Promise.all([store.load('europython-2013'), store.load('frag')]);
  });

  after(async () => {
    await exporter?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  describe('the Europython deck', () => {
    let pdf: Uint8Array;
    let texts: string[];

    before(async () => {
      const result = await exporter.export(europython);
      pdf = result.pdf;
      assert.equal(result.pages, 27);
      texts = await pageTexts(pdf);
    });

    test('27 pages of 16:9, one per slide', async () => {
      const info = await pdfInfo(pdf);
      assert.equal(info.Pages, '27');
      assert.equal(info['Page size'], '960 x 540 pts');
      assert.equal(texts.length, 27);
    });

    test('metadata from the front matter', async () => {
      const info = await pdfInfo(pdf);
      assert.equal(info.Title, 'OpenStack: A python based IaaS provider');
      assert.equal(info.Author, 'Flavio Percoco');
      assert.equal(info.Subject, 'Europython 2013');
      assert.equal(info.Keywords, 'Europython 2013, Flavio Percoco, slides');
      assert.equal(info.Creator, 'Lectern');
      assert.match(info.Producer, /^Lectern .*Chrom/);
    });

    test('fonts are embedded and the text is real text', async () => {
      const { execFileSync } = await import('node:child_process');
      const file = `/tmp/lectern-fonts-${process.pid}.pdf`;
      await fs.writeFile(file, pdf);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      await fs.rm(file, { force: true });
      assert.ok(fonts.length > 0);
      for (const line of fonts) assert.match(line, /\byes\s+\S+\s+yes\b/, `embedded with a Unicode map: ${line}`);
      assert.match(texts[0], /OpenStack/);
    });

    test('an outline with one entry per slide, titled by its heading', async () => {
      const outline = await outlineOf(pdf);
      assert.equal(outline.length, 27);
      europython.deck.slides.forEach((slide, i) => {
        assert.equal(outline[i].title, slide.title);
        assert.equal(outline[i].page, i);
      });
    });

    test("each page holds its slide's heading, and its footer and number as on screen", () => {
      europython.deck.slides.forEach((slide, i) => {
        // Word by word: side-by-side blocks ("9981 | 87" over "Contributors | Countries") come out interleaved.
        for (const word of slide.title.split(/\s+/)) assert.ok(squash(texts[i]).includes(squash(word)), `page ${i + 1} shows "${slide.title}"`);
        assert.ok(squash(texts[i]).includes(squash(`${i + 1}/27`)), `page ${i + 1} is numbered ${i + 1}/27`);
        assert.ok(texts[i].includes('@flaper87'), `page ${i + 1} has the footer`);
      });
    });

    test('slide 5, taller than a page, is entirely on page 5 (nothing cut, nothing spilled)', () => {
      const slide = europython.deck.slides[4];
      const page = squash(texts[4]);
      const words = visibleWords(slide.html);
      assert.ok(words.length > 40, 'the long slide');
      const missing = words.filter((word) => !page.includes(squash(word)));
      assert.deepEqual(missing, [], 'every word of slide 5 is on page 5');
      assert.ok(page.includes('(iaas).'), 'the last words too');
      assert.ok(!squash(texts[5]).includes('marketers'), 'nothing spilled onto page 6');
    });

    test("the compact rewrite, the incremental update and pdf-lib's re-save finish Chromium's file into the same document", async () => {
      const chromium = new PdfExporter({ writer: 'chromium' });
      let raw: Uint8Array;
      try {
        raw = (await chromium.export(europython)).pdf;
      } finally {
        await chromium.close();
      }
      assert.ok(readStructure(raw), "the fast writers understand this Chromium's file (else every export pays for pdf-lib)");
      const options = { meta: europython.deck.meta, outline: await outlineOf(pdf), producer: (await pdfInfo(pdf)).Producer, now: new Date(Date.UTC(2013, 6, 2, 9, 30)) };
      const compact = await finishPdf(raw, options);
      const incremental = await finishPdf(raw, options, 'incremental');
      const rewritten = await finishPdf(raw, options, 'pdf-lib');
      assert.deepEqual(incremental.pdf.subarray(0, raw.byteLength), raw, 'the incremental update leaves the original bytes as they were');
      assert.ok(compact.pdf.byteLength < raw.byteLength * 0.8, `the compact file is smaller: ${compact.pdf.byteLength} of ${raw.byteLength} bytes`);
      assert.ok(pdf.byteLength < raw.byteLength * 0.8, 'exports are compact');
      const documents = [compact, incremental, rewritten];
      for (const d of documents) assert.equal(d.pages, 27);
      const infos = await Promise.all(documents.map((d) => pdfInfo(d.pdf)));
      for (const key of ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Pages', 'Page size', 'Tagged']) {
        for (const info of infos) assert.equal(info[key], infos[2]![key], key);
      }
      const texts = await Promise.all(documents.map((d) => pageTexts(d.pdf)));
      for (const t of texts) assert.deepEqual(t, texts[2]);
      // The outline and the catalog entries a viewer reads: language, the bookmarks panel, the title bar.
      const read = async (bytes: Uint8Array) => {
        const doc = await PDFDocument.load(bytes, { updateMetadata: false });
        const { catalog } = doc;
        const preferences = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict);
        return { outline: readOutline(doc), lang: String(catalog.get(PDFName.of('Lang'))), mode: String(catalog.get(PDFName.of('PageMode'))), title: String(preferences?.get(PDFName.of('DisplayDocTitle'))) };
      };
      const read3 = await Promise.all(documents.map((d) => read(d.pdf)));
      assert.equal(read3[0]!.outline.length, 27);
      for (const r of read3) assert.deepEqual(r, read3[2]);
      const [a, b, c] = await Promise.all(documents.map((d) => rasterize(d.pdf, 20)));
      b!.forEach((page, i) => {
        assert.equal(difference(page, c![i]!, 0).changed, 0, `page ${i + 1} renders the same (incremental)`);
        assert.equal(difference(a![i]!, c![i]!, 0).changed, 0, `page ${i + 1} renders the same (compact)`);
      });
    });

    test('no speaker notes in the default PDF', () => {
      const all = squash(texts.join(' '));
      for (const slide of europython.deck.slides.filter((s) => s.notes)) {
        const firstWords = visibleWords(slide.notes).slice(0, 6).join(' ');
        assert.ok(!all.includes(squash(firstWords)), `notes "${firstWords}" absent`);
      }
    });
  });

  test('vertical slides and fragments: one page per slide, or per fragment step', async () => {
    const plain = await exporter.export(frag);
    assert.equal(plain.pages, 6);
    const plainTexts = await pageTexts(plain.pdf);
    assert.match(plainTexts[1], /first[\s\S]*second[\s\S]*third/, 'fragments shown fully revealed by default');
    assert.deepEqual(await outlineOf(plain.pdf), [
      { title: 'One', page: 0, children: [] },
      { title: 'Two', page: 1, children: [] },
      { title: 'Three top', page: 2, children: [{ title: 'Three below', page: 3, children: [] }, { title: 'Three bottom', page: 4, children: [] }] },
      { title: 'Four', page: 5, children: [] },
    ]);

    const stepped = await exporter.export(frag, { fragments: true });
    // One 1, Two 1 + 3 steps, Three top 1, Three below 1 + 1, Three bottom 1, Four 1.
    assert.equal(stepped.pages, 10);
    const texts = await pageTexts(stepped.pdf);
    assert.ok(!texts[1].includes('first'), 'the first page of "Two" hides its fragments');
    assert.ok(texts[2].includes('first') && !texts[2].includes('second'));
    assert.ok(texts[4].includes('third'));
    assert.ok(squash(texts[4]).includes('2/6'), 'fragment steps keep the slide number');
    const outline = await outlineOf(stepped.pdf);
    assert.deepEqual(
      outline.map((e) => [e.title, e.page, e.children.map((c) => [c.title, c.page])]),
      [
        ['One', 0, []],
        ['Two', 1, []],
        ['Three top', 5, [['Three below', 6], ['Three bottom', 8]]],
        ['Four', 9, []],
      ],
      'outline entries point at the first page of each slide',
    );
  });

  test('--notes: handout pages carry the notes, A4 portrait; default pages do not', async () => {
    const handout = await exporter.export(frag, { notes: true });
    assert.equal(handout.pages, 6);
    assert.match((await pdfInfo(handout.pdf))['Page size'], /\(A4\)/);
    const texts = await pageTexts(handout.pdf);
    assert.match(texts[0], /Secret note one/);
    assert.match(texts[3], /Second secret/);
    assert.match(texts[1], /No notes for this slide/);
    assert.match(texts[0], /Fragments and stacks/, 'the sheet names the deck');
    assert.match(texts[3], /Three below/, 'and shows the slide');
    // The sheet fills the paper: its 64 px (48 pt) side margins, not shrunk into the middle (a
    // slide-wide box makes Chromium lay the sheet out 1.5× wider and print it at 2/3 size).
    const words = await pageWords(handout.pdf, 1);
    const left = Math.min(...words.map((w) => w.xMin));
    const right = Math.max(...words.map((w) => w.xMax));
    assert.ok(left > 40 && left < 56, `text starts at the sheet's margin (x = ${left} pt)`);
    assert.ok(right > 480, `and reaches across the sheet (right edge ${right} pt of 595)`);
    const plain = (await pageTexts((await exporter.export(frag)).pdf)).join('\n');
    assert.ok(!plain.includes('Secret note one') && !plain.includes('Second secret'));
    assert.equal((await pdfInfo(handout.pdf)).Keywords, 'testing, fragments');
  });

  test('--slides prints the chosen slides, numbered as in the whole deck', async () => {
    const some = await exporter.export(frag, { slides: [2, 4, 6] });
    assert.equal(some.pages, 3);
    assert.equal(some.slides, 3);
    const texts = await pageTexts(some.pdf);
    assert.match(texts[0], /Two/);
    assert.match(texts[1], /Three below/);
    assert.match(texts[2], /Four/);
    assert.ok(squash(texts[1]).includes('4/6'));
    assert.deepEqual((await outlineOf(some.pdf)).map((e) => e.title), ['Two', 'Three below', 'Four']);
    await assert.rejects(exporter.export(frag, { slides: [7] }), (err) => err instanceof LecternError && err.code === 'bad-range' && /has 6 slides/.test(err.message));
  });

  test('--size scales the pages (16:9 at 1920×1080), another aspect lays the slide out at it', async () => {
    const big = await exporter.export(frag, { slides: [1], size: { width: 1920, height: 1080 } });
    assert.deepEqual(await pageSizes(big.pdf), ['1440 x 810']);
    const square = await exporter.export(frag, { slides: [1], size: { width: 1024, height: 768 } });
    assert.deepEqual(await pageSizes(square.pdf), ['768 x 576']);
    assert.match((await pageTexts(square.pdf))[0], /One/);
  });

  test("backgrounds print on the light print view; a deck that needs reveal's code goes through reveal's print view", async () => {
    const dir = await copyDecks({
      'bg.md': [
        '---\ntitle: Backgrounds\n---',
        '<!-- .slide: data-background-color="#102030" -->\n## Dark by attribute',
        '<!-- .slide: data-background-color="rgb(250, 240, 200)" -->\n## Light by attribute',
        '<!-- .slide: class="title" -->\n## A title slide by class',
      ].join('\n\n---\n\n'),
      'fit.md': '---\ntitle: Fitted\n---\n\n## Big words <!-- .element: class="r-fit-text" -->\n\n---\n\n## Plain',
    });
    try {
      const local = new DeckStore(dir);
      const [bg, fit] = await Promise.all([local.load('bg'), local.load('fit')]);
      assert.equal(printPage(bg, {}).bundle, 'print');
      assert.equal(printPage(fit, {}).bundle, 'deck', 'r-fit-text needs reveal.js');
      assert.ok(!needsRevealPrint(europython.deck.slides), 'the showcase decks print without reveal.js');

      const pdf = (await exporter.export(bg)).pdf;
      const near = (got: number[], want: number[]) => got.every((c, i) => Math.abs(c - want[i]) <= 3);
      const dark = await pagePixel(pdf, 1, 2, 2);
      assert.ok(near(dark, [16, 32, 48]), `slide 1 is #102030 to its corner (got ${dark})`);
      const light = await pagePixel(pdf, 2, 2, 2);
      assert.ok(near(light, [250, 240, 200]), `slide 2 is rgb(250, 240, 200) (got ${light})`);
      // The theme paints .title slides dark through their background element: white text shows.
      const title = await pagePixel(pdf, 3, 100, 5); // clear of the accent bar on its left edge
      assert.ok(title.every((c) => c < 80), `the title slide's background is dark (got ${title})`);
      assert.equal((await pageTexts(pdf)).length, 3);

      const fitted = await exporter.export(fit);
      assert.equal(fitted.pages, 2);
      assert.match((await pageTexts(fitted.pdf))[0], /Big words/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  test('a browser that died is relaunched for the next export', async () => {
    const browser = await (exporter as unknown as { browser: { get(): Promise<import('puppeteer-core').Browser> } }).browser.get();
    browser.process()?.kill('SIGKILL');
    // puppeteer's process() is null for a connected browser; end it through the protocol instead.
    await browser.close().catch(() => undefined);
    const again = await exporter.export(frag, { slides: [1] });
    assert.equal(again.pages, 1);
  });

  for (const stage of ['render', 'print'] as const) {
    test(`a browser killed mid-export (${stage}) is relaunched and the export tried once more`, async () => {
      const shared = (exporter as unknown as { browser: { running?: Promise<RunningBrowser> } }).browser;
      let killed: number | undefined;
      const result = await exporter.export(frag, {}, (at) => {
        if (at !== stage || killed !== undefined) return;
        killed = 0;
        // In a microtask, so the kill lands while the export is at this stage.
        void shared.running?.then((running) => {
          killed = running.process.pid;
          killProcessTree(running.process);
        });
      });
      assert.ok(killed, 'the browser was killed during the export');
      assert.equal(result.pages, 6);
      const now = await shared.running;
      assert.notEqual(now?.process.pid, killed, 'printed by a relaunched browser');
    });
  }
});
