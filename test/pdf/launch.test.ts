// The exporter's launcher (server/pdf/launch.ts) against puppeteer.launch({ pipe: true }), the
// plain way: the same executable and flags give a browser that prints the same page into the
// same PDF. launch.ts spawns Chromium itself so it can run it as another user and in its own
// process group (sandbox.test.ts checks those); nothing else about the browser may differ. The
// headless shell runs off the record by default (nothing on disk): it prints the same document.
// The exporter warms its browser up once, however often asked, and gives way to an export (or,
// for a CLI, only starts it); a tab that only prints lays out minimized, drawing no frames, and
// prints the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { HEADLESS_ARGS, isHeadlessShell, locateBrowser } from '../../server/pdf/browser.ts';
import { killProcessTree, launchChromium, SharedBrowser } from '../../server/pdf/launch.ts';
import { Tabs } from '../../server/pdf/tabs.ts';
import { temporaryProfile } from '../../server/pdf/profile.ts';
import { difference, rasterize } from './raster.ts';
import { pageTexts, pdfFonts, pdfInfo } from './pdf-tools.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { loadDeckFile } from '../../server/decks/load.ts';
import { projectRoot } from '../../server/config.ts';

const PAGE = `data:text/html,${encodeURIComponent(`<!doctype html><html><head><style>
@page { size: 640px 360px; margin: 0 }
body { margin: 0; font: 28px sans-serif; background: linear-gradient(90deg, #102030, #f4d35e) }
section { height: 360px; break-after: page; padding: 24px; box-sizing: border-box; color: white }
</style></head><body><section><h1>First page</h1><p>Text, a gradient, ümlauts.</p></section><section><h1>Second page</h1></section></body></html>`)}`;

async function print(browser: Browser): Promise<{ pdf: Uint8Array; userAgent: string; version: string }> {
  const [tab] = await browser.pages();
  await tab.goto(PAGE);
  return { pdf: await tab.pdf({ width: '640px', height: '360px', printBackground: true }), userAgent: await browser.userAgent(), version: await browser.version() };
}

test('the same browser and the same PDF from launch.ts and from puppeteer.launch({ pipe: true })', async () => {
  const executablePath = (await locateBrowser({}, 'print')).executablePath;
  const profile = temporaryProfile();
  const [own, plain] = await Promise.all([
    launchChromium({ executablePath }),
    // puppeteer.launch cannot switch users: as root it runs without the sandbox, which changes nothing printed.
    puppeteer.launch({ executablePath, pipe: true, ignoreDefaultArgs: true, defaultViewport: null, args: [...HEADLESS_ARGS, '--no-sandbox', '--headless', `--user-data-dir=${profile.dir}`, 'about:blank'] }),
  ]);
  try {
    const [a, b] = await Promise.all([print(own.browser), print(plain)]);
    assert.equal(a.version, b.version);
    assert.equal(a.userAgent, b.userAgent);
    const [infoA, infoB] = await Promise.all([pdfInfo(a.pdf), pdfInfo(b.pdf)]);
    assert.equal(infoA.Pages, '2');
    for (const key of ['Pages', 'Page size', 'Producer']) assert.equal(infoA[key], infoB[key], key);
    assert.deepEqual(await pageTexts(a.pdf), await pageTexts(b.pdf));
    const [ra, rb] = await Promise.all([rasterize(a.pdf, 30), rasterize(b.pdf, 30)]);
    ra.forEach((page, i) => assert.equal(difference(page, rb[i], 8).changed, 0, `page ${i + 1} renders the same`));
  } finally {
    killProcessTree(own.process);
    await plain.close();
    profile.release();
  }
});

test('the headless shell browses off the record: an empty profile folder, and the same PDF as with a profile on disk', async (t) => {
  const executablePath = (await locateBrowser({}, 'print')).executablePath;
  if (!isHeadlessShell(executablePath)) return t.skip(`the print browser ${executablePath} is not a headless shell`);
  const running = await launchChromium({ executablePath });
  try {
    const dir = running.process.spawnargs.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length);
    await print(running.browser);
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing written to the profile folder');
  } finally {
    killProcessTree(running.process);
  }
  // The Europython deck (fonts, code, IPA symbols) exported both ways.
  const loaded = await loadDeckFile(path.join(projectRoot, 'decks', 'europython-2013.md'));
  const [off, on] = [new PdfExporter({ executablePath }), new PdfExporter({ executablePath, offTheRecord: false })];
  try {
    const [a, b] = await Promise.all([off.export(loaded), on.export(loaded)]);
    assert.equal(a.pages, 27);
    assert.equal(a.pages, b.pages);
    assert.deepEqual(await pageTexts(a.pdf), await pageTexts(b.pdf));
    const fonts = async (pdf: Uint8Array) => (await pdfFonts(pdf)).map((f) => `${f.name.replace(/^[A-Z]{6}\+/, '')} ${f.type}`).sort();
    assert.deepEqual(await fonts(a.pdf), await fonts(b.pdf));
    assert.deepEqual(a.missingGlyphs, b.missingGlyphs);
  } finally {
    await Promise.all([off.close(), on.close()]);
  }
});

const DYING = {
  // Its stderr outlives it: a child of it writes there after it has exited, holding the pipe open too.
  'even when they arrive after its exit': '(sleep 0.2; echo "FATAL: the last words" >&2) &\nexit 1\n',
  // The CDP pipe closes at once, so puppeteer sees the browser gone before its last words arrive.
  'even when its pipe closes before they arrive': '(exec 3>&- 4>&-; sleep 0.2; echo "FATAL: the last words" >&2) &\nexit 1\n',
};

for (const [when, script] of Object.entries(DYING)) {
  test(`a browser that dies at start is named with its last words on stderr, ${when}`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-dying-'));
    fs.chmodSync(dir, 0o755);
    const fake = path.join(dir, 'chromium');
    fs.writeFileSync(fake, `#!/bin/sh\n${script}`, { mode: 0o755 });
    try {
      await assert.rejects(launchChromium({ executablePath: fake }), (err: Error) => {
        assert.match(err.message, /did not start \(exited with code 1: FATAL: the last words\)/);
        return true;
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('warming up preloads the bundle once however often it is asked, and an export that starts first takes the tab over', async () => {
  const loaded = await loadDeckFile(path.join(projectRoot, 'decks', 'europython-2013.md'));
  const twice = new PdfExporter();
  const early = new PdfExporter();
  try {
    // A second navigation in the same tab would abort the first: both calls must hear "loaded".
    assert.deepEqual(await Promise.all([twice.warmUp(), twice.warmUp()]), [true, true]);
    assert.equal((await twice.export(loaded, { slides: [1, 2] })).pages, 2);
    // The export asks for the tab before the browser is up: the warm-up gives way.
    const warming = early.warmUp();
    const exported = early.export(loaded, { slides: [3] });
    assert.equal(await warming, false);
    assert.equal((await exported).pages, 1);
  } finally {
    await Promise.all([twice.close(), early.close()]);
  }
});

test('start() launches the browser without a page: a missing bundle is left to the export to report', async () => {
  const loaded = await loadDeckFile(path.join(projectRoot, 'decks', 'europython-2013.md'));
  const started = new PdfExporter();
  const bare = new PdfExporter({ clientDir: path.join(os.tmpdir(), 'lectern-no-bundle') });
  try {
    started.start();
    bare.start();
    assert.equal((await started.export(loaded, { slides: [1, 2] })).pages, 2);
    await assert.rejects(bare.export(loaded, { slides: [1] }), /client bundle is missing/);
  } finally {
    await Promise.all([started.close(), bare.close()]);
  }
});

test('a tab that only prints is minimized and draws no frames; one that takes screenshots is shown again', async () => {
  const browser = new SharedBrowser();
  const tabs = new Tabs(browser);
  try {
    const page = await tabs.take();
    await page.goto(PAGE);
    // requestAnimationFrame runs only where the page draws: the sign a minimized window gives.
    const state = () => page.evaluate(`Promise.race([new Promise((r) => requestAnimationFrame(() => r('frame'))), new Promise((r) => setTimeout(() => r('none'), 300))]).then((f) => document.visibilityState + ' ' + f)`);
    assert.equal(await state(), 'visible frame');
    await tabs.show(page, false);
    assert.equal(await state(), 'hidden none');
    await tabs.show(page, false);
    await tabs.show(page, true);
    assert.equal(await state(), 'visible frame');
    const printed = async () => rasterize(await page.pdf({ width: '640px', height: '360px', printBackground: true }), 48);
    const shown = await printed();
    await tabs.show(page, false);
    const hidden = await printed();
    assert.equal(hidden.length, 2);
    hidden.forEach((raster, i) => assert.equal(difference(raster, shown[i]!, 8).changed, 0, `page ${i + 1} prints the same minimized`));
  } finally {
    tabs.close();
    await browser.close();
  }
  // A browser without window states: a page that only prints stays shown and draws frames instead.
  let asked = 0;
  const refused = { isClosed: () => false, windowId: async () => '1', browser: () => ({ setWindowBounds: async () => (asked++, Promise.reject(new Error('no windows here'))) }) } as unknown as Page;
  await tabs.show(refused, false);
  await tabs.show(refused, true);
  assert.equal(asked, 1, 'a window never minimized is not asked to show');
});
