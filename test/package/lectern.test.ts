// Every `lectern` command, run from a packed and installed tarball in an empty folder on plain
// node: serving a deck file and a folder, PDF export, a static site served under a sub-path by a
// plain static server, a single-file deck opened from file:// with the network off, and a live
// session with a follower. Real Chromium throughout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import express from 'express';
import type { Browser, Page } from 'puppeteer-core';
import { projectRoot } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
import { launchBrowser, screenshot, waitForReveal } from '../helpers/browser.ts';
import { pdfInfo } from '../pdf/pdf-tools.ts';
import { lectern, packAndInstall, startLectern, type Installed, type Running } from './helpers.ts';

const PHONE = { width: 390, height: 844 };

// A 1×1 PNG beside the deck file: a speaker's image, named by a relative path.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const SLIDES = `---
title: A talk of my own
author: A speaker
---

# A talk of my own

---

## With a picture

![a pixel](pixel.png)

---

## The end
`;

/** Slides reveal.js counts on the page. */
const slideCount = (page: Page) => page.evaluate(() => window.Reveal.getTotalSlides());

/** Waits for every <img> of the deck to have loaded (a broken one has no natural width). */
async function imagesLoaded(page: Page): Promise<boolean> {
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), { timeout: 10_000, polling: 50 });
  return page.evaluate(() => [...document.images].every((img) => img.naturalWidth > 0));
}

/** A page (as openPage makes it) that also records every request that failed or answered 4xx/5xx. */
async function openWatched(browser: Browser, url: string, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => response.status() >= 400 && errors.push(`${response.url()}: ${response.status()}`));
  await page.setViewport(viewport);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

describe('the installed package', () => {
  let installed: Installed;
  let talks: string;
  let data: string;
  let browser: Browser;
  const running: Running[] = [];

  before(async () => {
    const started = performance.now();
    [installed, browser] = await Promise.all([packAndInstall(), launchBrowser()]);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    process.stderr.write(`# packed ${path.basename(installed.tarball)}: ${mb(installed.tarballBytes)}; installed node_modules: ${mb(installed.installedBytes)}; ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    // A speaker's folder: a deck file with an image beside it, and a folder deck.
    talks = path.join(installed.dir, 'talks');
    await fs.mkdir(talks);
    await fs.writeFile(path.join(talks, 'slides.md'), SLIDES);
    await fs.writeFile(path.join(talks, 'pixel.png'), PIXEL);
    await fs.writeFile(path.join(talks, 'private.json'), '{ "secret": true }\n');
    await fs.cp(path.join(projectRoot, 'test', 'fixtures', 'decks', 'tricky'), path.join(talks, 'tricky'), { recursive: true });
    data = await tempDir('lectern-package-data-');
  });

  after(async () => {
    await Promise.all(running.map((r) => r.stop()));
    await browser?.close();
    await Promise.all([installed?.dir, installed && path.dirname(installed.tarball), data].filter(Boolean).map((dir) => fs.rm(dir as string, { recursive: true, force: true })));
  });

  const serve = (args: string[], env?: Record<string, string>) => {
    const r = startLectern(installed, [...args, '--port', '0', '--host', '127.0.0.1', '--data', data], { env });
    running.push(r);
    return r;
  };

  test('runs on plain node from compiled JavaScript: no tsx, esbuild or TypeScript installed, none of the source', async () => {
    for (const build of ['tsx', 'esbuild', 'typescript', 'reveal.js']) {
      await assert.rejects(fs.stat(path.join(installed.dir, 'node_modules', build)), `${build} is not installed`);
    }
    const files = await fs.readdir(path.join(installed.dir, 'node_modules', 'lectern'), { recursive: true });
    assert.deepEqual(files.filter((f) => f.endsWith('.ts')), []);
    const pkg = JSON.parse(await fs.readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const version = await lectern(installed, ['--version']);
    assert.deepEqual([version.code, version.stdout.trim()], [0, pkg.version]);
    const help = await lectern(installed, ['--help']);
    assert.equal(help.code, 0);
    for (const command of ['lectern export', 'lectern build', 'lectern present']) assert.ok(help.stdout.includes(command), command);
    const buildHelp = await lectern(installed, ['build', '--help']);
    assert.match(buildHelp.stdout, /--single-file/);
  });

  test('errors are one line and an exit code: 2 for usage, 1 for a failure', async () => {
    const usage = await lectern(installed, ['talks', '--colour']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^lectern: unknown option '--colour'\nRun `lectern --help` for the options\.\n$/);
    const missing = await lectern(installed, ['nowhere.md']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, "lectern: nowhere.md: no such file or folder: pass a deck's .md file or a folder of decks\n");
    const exportUsage = await lectern(installed, ['export']);
    assert.equal(exportUsage.code, 2);
    assert.match(exportUsage.stderr, /^lectern export: which deck\?/);
  });

  test('the browser set-up runs from the installed package and finds the browser export uses', async () => {
    const setup = await import('node:child_process').then(({ execFileSync }) =>
      execFileSync(process.execPath, [path.join(installed.dir, 'node_modules', 'lectern', 'scripts', 'postinstall.mjs')], {
        cwd: installed.dir,
        env: { ...process.env, NODE_OPTIONS: '', PUPPETEER_SKIP_DOWNLOAD: '1' },
        encoding: 'utf8',
      }),
    );
    assert.match(setup, /^lectern: PDF export will use \/\S+ \(/m);
  });

  test('serves one deck file: the deck URL first, its image beside it, the slides in Chromium', async () => {
    // --open: the `open` package's xdg-open hands the URL to $BROWSER, here a script that notes it.
    const opened = path.join(data, 'opened.txt');
    const fakeBrowser = path.join(data, 'browser.sh');
    await fs.writeFile(fakeBrowser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`, { mode: 0o755 });
    const started = performance.now();
    const server = serve(['talks/slides.md', '--open'], { BROWSER: fakeBrowser });
    const [, url] = await server.waitFor(/^ {2}Deck: +(http:\/\/localhost:\d+\/decks\/slides\/)$/m);
    process.stderr.write(`# lectern slides.md listening ${Math.round(performance.now() - started)} ms after spawn\n`);
    const lines = server.output().split('\n');
    assert.equal(lines[0], 'Lectern is serving talks/slides.md');
    assert.match(lines[1] ?? '', /^ {2}Deck:/, 'the deck page is the first URL');
    const { page, errors } = await openWatched(browser, url!);
    await waitForReveal(page);
    assert.equal(await slideCount(page), 3);
    assert.equal(await imagesLoaded(page), true, 'the image beside the deck loads');
    // Watching is on by default: an edit reaches the open page, and so does undoing it.
    await fs.appendFile(path.join(talks, 'slides.md'), '\n---\n\n## One more\n');
    await page.waitForFunction(() => window.Reveal.getTotalSlides() === 4, { timeout: 10_000, polling: 50 });
    await fs.writeFile(path.join(talks, 'slides.md'), SLIDES);
    await page.waitForFunction(() => window.Reveal.getTotalSlides() === 3, { timeout: 10_000, polling: 50 });
    assert.deepEqual(errors, []);
    await waitFor('--open to open the deck page', async () => (await fs.readFile(opened, 'utf8').catch(() => '')) === `${url}\n`);
    // Only that deck: the folder deck beside it is not served, nor the speaker's data files.
    assert.equal((await fetch(new URL('/decks/tricky/', url))).status, 404);
    assert.equal((await fetch(new URL('pixel.png', url))).status, 200);
    assert.equal((await fetch(new URL('private.json', url))).status, 404);
    await page.close();
    assert.equal(await server.stop(), 0);
  });

  test('serves a folder: the index lists its decks, a folder deck starts', async () => {
    const server = serve(['talks']);
    const [, url] = await server.waitFor(/^ {2}Decks: +(http:\/\/localhost:\d+\/)$/m);
    const { page, errors } = await openWatched(browser, url!);
    assert.deepEqual(await page.$$eval('.card__title', (titles) => titles.map((t) => t.textContent).sort()), ['A talk of my own', 'Tricky pages']);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/decks/tricky"]')]);
    await waitForReveal(page);
    assert.equal(await slideCount(page), 14);
    assert.deepEqual(errors, []);
    await page.close();
    assert.equal(await server.stop(), 0);
  });

  test('exports a PDF with npm run export\'s flags', async () => {
    const out = path.join(data, 'slides.pdf');
    const result = await lectern(installed, ['export', 'talks/slides.md', '-o', out, '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await pdfInfo(await fs.readFile(out))).Pages, '3');
  });

  test('builds a static site that works under a sub-path of a plain static server', async () => {
    const result = await lectern(installed, ['build', 'talks', '--out', 'site', '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    const app = express();
    app.use('/some/talks/', express.static(path.join(installed.dir, 'site')));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    try {
      const root = `http://127.0.0.1:${(http.address() as AddressInfo).port}/some/talks/`;
      const { page, errors } = await openWatched(browser, root);
      await screenshot(page, 'lectern-site-index-1920');
      const cards = await page.$$eval('.card', (list) =>
        list.map((card) => ({ href: (card.querySelector('a.card__link') as HTMLAnchorElement).href, pdf: (card.querySelector('a[download]') as HTMLAnchorElement | null)?.href })),
      );
      assert.equal(cards.length, 2);
      assert.match(await page.$eval('.masthead__lede', (el) => el.textContent ?? ''), /Live features need the Lectern server/);
      for (const card of cards) {
        assert.ok(card.href.startsWith(root), `${card.href} is under the sub-path`);
        await Promise.all([page.waitForNavigation(), page.click(`a.card__link[href="${new URL(card.href).pathname.slice('/some/talks/'.length)}"]`)]);
        await waitForReveal(page);
        assert.ok((await slideCount(page)) >= 3, card.href);
        assert.equal(await imagesLoaded(page), true, `${card.href}: images load`);
        await screenshot(page, `lectern-site-${path.basename(new URL(card.href).pathname.replace(/\/index\.html$/, ''))}-1920`);
        assert.ok(card.pdf, 'a PDF per deck');
        const pdf = await fetch(card.pdf!);
        assert.equal(pdf.status, 200, card.pdf);
        assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
        await page.goBack({ waitUntil: 'load' });
      }
      assert.deepEqual(errors, []);
      const phone = await openWatched(browser, root, PHONE);
      await screenshot(phone.page, 'lectern-site-index-390');
      await phone.page.goto(new URL('decks/slides/index.html', root).href, { waitUntil: 'load' });
      await waitForReveal(phone.page);
      await screenshot(phone.page, 'lectern-site-slides-390');
      assert.deepEqual(phone.errors, []);
      // The same site from a folder (a USB stick): file:// pages, links and fonts work too.
      const local = await openWatched(browser, pathToFileURL(path.join(installed.dir, 'site', 'index.html')).href);
      await Promise.all([local.page.waitForNavigation(), local.page.click('a.card__link[href="decks/tricky/index.html"]')]);
      await waitForReveal(local.page);
      await local.page.evaluate(() => document.fonts.ready);
      assert.equal(await local.page.evaluate(() => document.fonts.check('1em "Inter Variable"')), true, 'the slide font loads from file://');
      assert.deepEqual(local.errors, []);
      await Promise.all([page.close(), phone.page.close(), local.page.close()]);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  test('--single-file: one HTML file that opens from file:// with the network off', async () => {
    const result = await lectern(installed, ['build', 'talks/slides.md', '--single-file', '--no-pdf', '--out', 'mail', '--quiet']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((await fs.readdir(path.join(installed.dir, 'mail'))).filter((f) => !f.startsWith('.')), ['slides.html']);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    const requested: string[] = [];
    await page.setOfflineMode(true);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('data:')) requested.push(url);
      void request.continue();
    });
    const file = pathToFileURL(path.join(installed.dir, 'mail', 'slides.html')).href;
    await page.goto(file, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.evaluate(() => document.fonts.ready);
    assert.equal(await slideCount(page), 3);
    assert.equal(await imagesLoaded(page), true, 'the image is inside the file');
    assert.equal(await page.evaluate(() => document.fonts.check('1em "Inter Variable"')), true, 'the font is inside the file');
    assert.deepEqual(requested, [file], 'nothing but the file itself is loaded');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('present: a live session, its presenter view and follow link; a follower joins', async () => {
    const server = serve(['present', 'talks/slides.md']);
    const [, presenterUrl] = await server.waitFor(/^ {4}(http:\/\/localhost:\d+\/present\/\w+#key=\S+)$/m);
    const [, followUrl] = await server.waitFor(/^ {4}(http:\/\/127\.0\.0\.1:\d+\/live\/\w+)$/m);
    assert.match(server.output(), /█/, 'a QR code is printed');
    const presenter = await openWatched(browser, presenterUrl!);
    await waitForReveal(presenter.page);
    await presenter.page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
    const follower = await openWatched(browser, followUrl!, PHONE);
    await waitForReveal(follower.page);
    await follower.page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    await presenter.page.waitForFunction(() => document.getElementById('lectern-followers')?.textContent === '1', { timeout: 10_000, polling: 50 });
    // The pages are not at the deck's URL: the image beside the deck still loads on both.
    assert.equal(await imagesLoaded(presenter.page), true, 'images on the presenter view');
    assert.equal(await imagesLoaded(follower.page), true, 'images on the follower page');
    assert.deepEqual([...presenter.errors, ...follower.errors], []);
    await Promise.all([presenter.page.close(), follower.page.close()]);
    assert.equal(await server.stop(), 0);
  });
});
