// The exporter's small pure parts: ranges and sizes, the outline, the cache, the queue, set-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { optionsKey, parsePageSize, parseSlideRange } from '../../server/pdf/options.ts';
import { outlineEntries } from '../../server/pdf/outline.ts';
import { addOutline, readOutline } from '../../server/pdf/pdf-lib.ts';
import { PdfCache } from '../../server/pdf/cache.ts';
import { Limiter } from '../../server/pdf/limiter.ts';
import { LecternError } from '../../shared/errors.ts';
import { setupBrowser, type SetupDeps } from '../../cli/setup-browser.ts';
import { keywordsOf } from '../../server/pdf/finish.ts';
import type { DeckMeta } from '../../server/deck/model.ts';
import { FontPreloads, unicodeRanges } from '../../server/pdf/font-preloads.ts';
import { projectRoot } from '../../server/config.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';

test('slide ranges: lists, ranges, open ends, repeats', () => {
  assert.deepEqual(parseSlideRange('1-5,8', 27), [1, 2, 3, 4, 5, 8]);
  assert.deepEqual(parseSlideRange(' 8 , 2-3, 3 ', 27), [2, 3, 8]);
  assert.deepEqual(parseSlideRange('25-', 27), [25, 26, 27]);
  assert.deepEqual(parseSlideRange('27', 27), [27]);
});

test('slide ranges outside the deck or malformed are BAD_RANGE with what to do', () => {
  const bad = (text: string, pattern: RegExp) =>
    assert.throws(() => parseSlideRange(text, 27), (err) => err instanceof LecternError && err.code === 'bad-range' && err.exitCode === 2 && pattern.test(err.message));
  bad('30', /the deck has 27 slides, so pick numbers from 1 to 27/);
  bad('20-40', /the deck has 27 slides/);
  bad('0', /counted from 1/);
  bad('5-2', /not a range/);
  bad('a-b', /not a slide number or range/);
  bad('1,,2', /not a list of slide numbers/);
  bad('', /not a list of slide numbers/);
});

test('page sizes', () => {
  assert.deepEqual(parsePageSize('1920x1080'), { width: 1920, height: 1080 });
  assert.deepEqual(parsePageSize('1024×768'), { width: 1024, height: 768 });
  for (const bad of ['1920', 'x1080', '10x10', '99999x1080', '5000x100']) {
    assert.throws(() => parsePageSize(bad), (err) => err instanceof LecternError && err.code === 'bad-size');
  }
});

test('options keys differ for every option and are stable', () => {
  const keys = [{}, { notes: true }, { fragments: true }, { notes: true, fragments: true }, { slides: [1, 2] }, { size: { width: 1920, height: 1080 } }].map(optionsKey);
  assert.equal(new Set(keys).size, keys.length);
  assert.equal(optionsKey({ notes: false, fragments: false }), 'default');
});

test('outline entries: first page of each slide, vertical slides nested under their stack', () => {
  const slides = [
    { h: 0, v: 0, title: 'Intro' },
    { h: 1, v: 0, title: 'Stack top' },
    { h: 1, v: 1, title: 'Below one' },
    { h: 1, v: 2, title: 'Below two' },
    { h: 2, v: 0, title: '' },
  ];
  // With fragments: "Intro" spans pages 0-2, "Below one" pages 4-5.
  const pages: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [1, 0], [1, 1], [1, 1], [1, 2], [2, 0]];
  assert.deepEqual(outlineEntries(pages, slides), [
    { title: 'Intro', page: 0, children: [] },
    {
      title: 'Stack top',
      page: 3,
      children: [
        { title: 'Below one', page: 4, children: [] },
        { title: 'Below two', page: 6, children: [] },
      ],
    },
    { title: 'Slide 5', page: 7, children: [] },
  ]);
});

test('the outline written into a PDF reads back the same, with non-Latin titles', async () => {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 4; i++) doc.addPage([960, 540]);
  const entries = [
    { title: 'Überblick — “quotes” & émoji ✓', page: 0, children: [] },
    { title: 'Stack', page: 1, children: [{ title: 'Child', page: 2, children: [] }] },
    { title: 'End', page: 3, children: [] },
  ];
  addOutline(doc, entries);
  const reread = await PDFDocument.load(await doc.save());
  assert.deepEqual(readOutline(reread), entries);
});

test('keywords: from the front matter, else event, author and year', () => {
  const meta = { title: 't', theme: 'lectern', transition: 'fade', aspect: '16:9', separator: '', verticalSeparator: '', notesSeparator: '' } as DeckMeta;
  assert.deepEqual(keywordsOf({ ...meta, keywords: ['python', ' cloud '] }), ['python', 'cloud']);
  assert.deepEqual(keywordsOf({ ...meta, tags: 'a, b' }), ['a', 'b']);
  assert.deepEqual(keywordsOf({ ...meta, event: 'Europython 2013', author: 'Flavio', date: '2013-07-02' }), ['Europython 2013', 'Flavio', 'slides']);
  assert.deepEqual(keywordsOf({ ...meta, event: 'Summit', date: '2014-11-05' }), ['Summit', '2014', 'slides']);
});

test('font preloads: the Latin files for every deck, and the body weight of each subset its characters need', () => {
  assert.deepEqual(unicodeRanges('U+0400-045F, U+2116,U+4??'), [[0x400, 0x45f], [0x2116, 0x2116], [0x400, 0x4ff]]);
  const clientDir = path.join(projectRoot, 'dist', 'client');
  const fonts = new FontPreloads(clientDir);
  const files = (links: string) => [...links.matchAll(/href="\/assets\/files\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
  const common = files(fonts.common);
  assert.ok(common.some((f) => f.startsWith('inter-latin-400-')) && common.some((f) => f.startsWith('jetbrains-mono-latin-400-')));
  assert.deepEqual(files(fonts.forPage('<p>Plain “ASCII” – text…</p>')), common, 'Latin and punctuation: nothing more');
  const extra = files(fonts.forPage('<p>ˈfʊbə Привет Γειά שלום مرحبا नमस्ते 😀</p>')).filter((f) => !common.includes(f));
  for (const subset of ['inter-latin-ext-400', 'inter-cyrillic-400', 'inter-greek-400', 'hebrew-400', 'arabic-400', 'devanagari-400', 'emoji']) {
    assert.ok(extra.some((f) => f.includes(subset)), `${subset} in ${extra.join(', ')}`);
  }
  assert.ok(extra.every((f) => /-400-/.test(f) && existsSync(path.join(clientDir, 'files', f))), 'body weight files of the bundle');
});

test('cache: LRU by bytes, and a new deck version replaces the old one', () => {
  const cache = new PdfCache(4000);
  const pdf = (n: number) => ({ pdf: new Uint8Array(n), pages: 1, etag: `"${n}"` });
  cache.set('a|default', 'h1', pdf(900));
  cache.set('b|default', 'h1', pdf(900));
  assert.ok(cache.get(PdfCache.key('a|default', 'h1')));
  cache.set('a|default', 'h2', pdf(900));
  assert.equal(cache.get(PdfCache.key('a|default', 'h1')), undefined, 'edited deck: old version gone');
  assert.ok(cache.get(PdfCache.key('a|default', 'h2')));
  cache.set('c|default', 'h1', pdf(900));
  cache.get(PdfCache.key('b|default', 'h1')); // b is now the most recently used
  cache.set('d|default', 'h1', pdf(900));
  cache.set('e|default', 'h1', pdf(900));
  assert.ok(cache.totalBytes <= 4000);
  assert.ok(cache.get(PdfCache.key('b|default', 'h1')), 'recently used stays');
  assert.equal(cache.get(PdfCache.key('a|default', 'h2')), undefined, 'least recently used went first');
  cache.set('huge|default', 'h1', pdf(3000));
  assert.equal(cache.get(PdfCache.key('huge|default', 'h1')), undefined, 'one PDF larger than a quarter is not cached');
});

test('limiter: at most N at once, FIFO, bounded queue', async () => {
  const limiter = new Limiter(2, 3);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: Array<() => void> = [];
  const task = (i: number) =>
    limiter.run(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      order.push(i);
      running--;
      return i;
    });
  const all = [1, 2, 3, 4, 5].map(task);
  await assert.rejects(task(6), (err) => err instanceof LecternError && err.code === 'busy');
  while (order.length < 5) {
    await new Promise((r) => setImmediate(r));
    gates.shift()?.();
  }
  assert.deepEqual(await Promise.all(all), [1, 2, 3, 4, 5]);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
  assert.equal(limiter.active, 0);
});

function setupDeps(overrides: Partial<SetupDeps>): { deps: SetupDeps; lines: string[]; aptCalls: string[][] } {
  const lines: string[] = [];
  const aptCalls: string[][] = [];
  const deps: SetupDeps = {
    env: {},
    platform: 'linux',
    locate: async () => undefined,
    isExecutable: () => false,
    canApt: () => false,
    apt: (args) => {
      aptCalls.push(args);
      return true;
    },
    say: (line) => lines.push(line),
    ...overrides,
  };
  return { deps, lines, aptCalls };
}

test('set-up: a browser found is reported, nothing installed', async () => {
  const { deps, lines, aptCalls } = setupDeps({ locate: async () => ({ executablePath: '/usr/bin/chromium-headless-shell', source: 'system' }), canApt: () => true });
  assert.equal(await setupBrowser(deps), 'found');
  assert.deepEqual(lines, ['PDF export will use /usr/bin/chromium-headless-shell (system)']);
  assert.equal(aptCalls.length, 0);
});

test('set-up: none found, root with apt-get: installs chromium, updating lists when needed', async () => {
  let installed = false;
  const { deps, aptCalls } = setupDeps({
    canApt: () => true,
    locate: async () => (installed ? { executablePath: '/usr/bin/chromium', source: 'system' } : undefined),
    apt: (args) => {
      aptCalls.push(args);
      if (args[0] === 'update') return true;
      // The first install fails (no package lists yet), the one after update works.
      installed = aptCalls.some((a) => a[0] === 'update');
      return installed;
    },
  });
  assert.equal(await setupBrowser(deps), 'installed');
  assert.deepEqual(aptCalls.map((a) => a[0]), ['install', 'update', 'install', 'install']);
  assert.ok(aptCalls[0].includes('chromium'));
  // Then the headless shell, which PDF export prefers (optional: a failure is only reported).
  assert.ok(aptCalls[3].includes('chromium-headless-shell'));
});

test('set-up: a full browser found as root with apt: a one-line tip about the headless shell, no install', async () => {
  const { deps, lines, aptCalls } = setupDeps({ locate: async () => ({ executablePath: '/usr/bin/chromium', source: 'system' }), canApt: () => true });
  assert.equal(await setupBrowser(deps), 'found');
  assert.equal(lines.length, 2);
  assert.match(lines[1], /apt-get install chromium-headless-shell/);
  assert.equal(aptCalls.length, 0);
});

test('set-up: none found and no apt: exactly one line saying what to install', async () => {
  const { deps, lines } = setupDeps({ platform: 'darwin' });
  assert.equal(await setupBrowser(deps), 'hint');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /install Google Chrome .* or set CHROME_PATH/);
});

test('set-up: skipped with LECTERN_SKIP_BROWSER_SETUP=1, and a wrong CHROME_PATH is named', async () => {
  const skipped = setupDeps({ env: { LECTERN_SKIP_BROWSER_SETUP: '1' }, canApt: () => true });
  assert.equal(await setupBrowser(skipped.deps), 'skipped');
  assert.deepEqual(skipped.lines, []);
  const wrong = setupDeps({ env: { CHROME_PATH: '/nope' }, canApt: () => true });
  assert.equal(await setupBrowser(wrong.deps), 'bad-env');
  assert.match(wrong.lines[0], /CHROME_PATH is set to "\/nope"/);
  assert.equal(wrong.aptCalls.length, 0);
});

test('incremental update: metadata and outline appended, the original bytes untouched', async () => {
  const { appendUpdate, pdfDate, pdfText, readStructure } = await import('../../server/pdf/incremental.ts');
  const doc = await PDFDocument.create();
  for (let i = 0; i < 3; i++) doc.addPage([960, 540]);
  const original = await doc.save({ useObjectStreams: false });
  const structure = readStructure(original);
  assert.ok(structure, 'a classic xref table is understood');
  assert.equal(structure.pages.length, 3);
  const outline = [{ title: 'Ünïcode “title”', page: 0, children: [{ title: 'Child', page: 1, children: [] }] }, { title: 'Last', page: 2, children: [] }];
  const updated = appendUpdate(original, structure, {
    info: { Title: pdfText('Deck — 2013'), Creator: pdfText('Lectern'), CreationDate: pdfDate(new Date(Date.UTC(2013, 6, 2, 10, 0, 0))) },
    outline,
    lang: 'en',
  });
  assert.deepEqual(updated.subarray(0, original.byteLength), original);
  const reread = await PDFDocument.load(updated, { updateMetadata: false });
  assert.equal(reread.getTitle(), 'Deck — 2013');
  assert.equal(reread.getCreator(), 'Lectern');
  assert.equal(reread.getCreationDate()?.toISOString(), '2013-07-02T10:00:00.000Z');
  assert.deepEqual(readOutline(reread), outline);
  assert.equal(readStructure(updated), undefined, 'a file already updated goes the pdf-lib way');
  const streams = await PDFDocument.create();
  streams.addPage();
  assert.equal(readStructure(await streams.save()), undefined, 'cross-reference streams go the pdf-lib way');
});
