// The static site (`lectern build`) in real Chromium, served under a sub-path of a plain static
// server: a deck's own stylesheet (front matter css:) applies, sanitized and scoped as on the
// server, with the files it names copied; mermaid diagrams are drawn from the copied module. A
// single-file deck carries the deck's stylesheet inlined.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'puppeteer-core';
import { tempDir } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { buildSite } from '../../server/site/build.ts';
import { DeckStore } from '../../server/decks/store.ts';
import { clientDir } from '../../server/http/assets.ts';

const LOOK = `---\ntitle: Look\ncss: look.css\n---\n\n# Spaced out\n\n---\n\n## Dotted\n`;
const LOOK_CSS = `.reveal h1 { letter-spacing: 7px; }\n.reveal h2 { background-image: url(img/dot.svg); }\nbody { display: none; }\n`;
const DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>';
const CHART = '---\ntitle: Chart\n---\n\n# A flowchart\n\n```mermaid\ngraph LR\n  A[Write] --> B[Slides]\n```\n';

describe('a static site in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let server: http.Server;
  let root: string;

  before(async () => {
    dir = await tempDir('lectern-site-browser-');
    const decks = path.join(dir, 'decks');
    await fs.mkdir(path.join(decks, 'img'), { recursive: true });
    await fs.writeFile(path.join(decks, 'look.md'), LOOK);
    await fs.writeFile(path.join(decks, 'look.css'), LOOK_CSS);
    await fs.writeFile(path.join(decks, 'img', 'dot.svg'), DOT);
    await fs.writeFile(path.join(decks, 'chart.md'), CHART);
    await buildSite({ decks: new DeckStore(decks), outDir: path.join(dir, 'site'), clientDir });
    await buildSite({ decks: new DeckStore(decks), outDir: path.join(dir, 'mail'), clientDir, singleFile: true });
    const app = express();
    app.use('/some/talks/', express.static(path.join(dir, 'site')));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/some/talks/`;
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test("the deck's css: applies, scoped (the page stays shown), with the image it names copied", async () => {
    const { page, errors } = await openPage(browser, `${root}decks/look/index.html`);
    await waitForReveal(page);
    const look = await page.evaluate(() => ({
      spacing: getComputedStyle(document.querySelector('.reveal h1')!).letterSpacing,
      body: getComputedStyle(document.body).display,
      background: getComputedStyle(document.querySelector('.reveal h2')!).backgroundImage,
    }));
    assert.equal(look.spacing, '7px');
    assert.notEqual(look.body, 'none', 'the rule is scoped to the deck');
    const image = /url\("([^"]+)"\)/.exec(look.background)?.[1];
    assert.ok(image, look.background);
    assert.equal((await fetch(image)).status, 200, `${image} is copied`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a mermaid diagram is drawn from the module copied under assets/', async () => {
    const { page, errors } = await openPage(browser, `${root}decks/chart/index.html`);
    await waitForReveal(page);
    await page.waitForSelector('pre.mermaid svg', { timeout: 20000 });
    assert.ok(await page.evaluate(() => document.querySelector('pre.mermaid svg')?.textContent?.includes('Slides')));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a single-file deck carries the deck's stylesheet and the image it names", async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(path.join(dir, 'mail', 'look.html')).href);
    await waitForReveal(page);
    const look = await page.evaluate(() => ({
      spacing: getComputedStyle(document.querySelector('.reveal h1')!).letterSpacing,
      background: getComputedStyle(document.querySelector('.reveal h2')!).backgroundImage,
    }));
    assert.equal(look.spacing, '7px');
    assert.match(look.background, /^url\("data:image\/svg\+xml;base64,/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
