// The index and deck pages in real headless Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';

const HOSTILE = `---
title: Hostile deck
---

# Looks harmless

<img src="x" onerror="window.__pwned = 'img'">
<script>window.__pwned = 'script'</script>
<a id="js-link" href="javascript:window.__pwned='link'">click me</a>
<svg><script>window.__pwned='svg'</script><circle r="4" onload="window.__pwned='svg-onload'"/></svg>
<iframe src="javascript:parent.__pwned='iframe'"></iframe>
<div style="color: red" class="kept">styled text</div>

---

<!-- .slide: data-background-iframe="javascript:parent.__pwned='bg'" -->
## Second <!-- .element: onclick="window.__pwned='element'" -->
`;

describe('viewer pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({
      'hostile.md': HOSTILE,
      'editable.md': '---\ntitle: Editable\n---\n\n# First\n\n---\n\n# Second version one\n\n---\n\n# Third\n',
    });
    server = await startServer({ decksDir, watch: true });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the index shows the five showcase decks and filters them', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/`);
    const titles = await page.$$eval('.card__title', (els) => els.map((e) => e.textContent?.trim()));
    for (const title of [
      'OpenStack: A python based IaaS provider',
      'From Our Code To Your Production Cloud',
      'Anatomy of an OpenStack distro',
      'Building the RackStack: Packaging from Upstream OpenStack',
      'Orchestration for Public Cloud: The Experience of Running Heat at Rackspace',
    ]) {
      assert.ok(titles.includes(title), `index shows "${title}"`);
    }
    await page.type('#lectern-filter', 'rackspace heat');
    const visible = await page.$$eval('.card:not([hidden]) .card__title', (els) => els.map((e) => e.textContent?.trim()));
    assert.deepEqual(visible, ['Orchestration for Public Cloud: The Experience of Running Heat at Rackspace']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the Europython deck has 27 slides, ArrowRight and PageDown advance, the hash follows', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/europython-2013`);
    await waitForReveal(page);
    assert.equal(await page.evaluate(() => window.Reveal.getTotalSlides()), 27);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000 });
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => window.Reveal.getIndices().h === 0, { timeout: 5000 });
    // Clickers send PageDown/PageUp: next and previous step (slide 0 has no fragments).
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000 });
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => window.Reveal.getIndices().f === 0, { timeout: 5000 });
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => window.Reveal.getIndices().f === -1, { timeout: 5000 });
    await page.waitForFunction(() => location.hash === '#/1', { timeout: 5000 });
    const footer = await page.$eval('.present .slide-footer', (el) => el.textContent);
    assert.equal(footer, '@flaper87 – Europython 2013');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('opening a slide URL lands on that slide', async () => {
    const { page } = await openPage(browser, `${server.url}/decks/europython-2013#/11`);
    await waitForReveal(page);
    assert.equal(await page.evaluate(() => window.Reveal.getIndices().h), 11);
    assert.match(await page.$eval('.present', (el) => el.textContent ?? ''), /core-committers/);
    await page.close();
  });

  test('a hostile deck runs no script', async () => {
    const { page } = await openPage(browser, `${server.url}/decks/hostile`);
    let dialog = false;
    page.on('dialog', async (d) => {
      dialog = true;
      await d.dismiss();
    });
    await waitForReveal(page);
    // The link has lost its javascript: URL (or is gone): a click does nothing, or finds nothing to click.
    if (await page.$('#js-link')) await page.click('#js-link');
    await page.evaluate(() => window.Reveal.next());
    // Everything that could have run a handler has happened: the slide changed, every image
    // settled (the broken one's error event included), and one more task ran after them.
    await page.waitForFunction(() => window.Reveal.getIndices().h === 1 && [...document.images].every((img) => img.complete), { timeout: 5000, polling: 50 });
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.equal(dialog, false);
    assert.equal(await page.$$eval('.slides script', (els) => els.length), 0);
    assert.equal(await page.$eval('.kept', (el) => getComputedStyle(el).color), 'rgb(255, 0, 0)');
    await page.close();
  });

  test('editing an open deck updates the page and keeps the current slide', async () => {
    const { page } = await openPage(browser, `${server.url}/decks/editable#/1`);
    await waitForReveal(page);
    await page.waitForFunction(() => document.documentElement.dataset.liveReload === 'on', { timeout: 10000 });
    // A mark on this document: a reload would make a new one without it. (reveal.js rewrites the
    // URL's hash with history.replaceState, debounced by a second, which is no reload.)
    await page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));
    await fs.writeFile(path.join(decksDir, 'editable.md'), '---\ntitle: Editable\n---\n\n# First\n\n---\n\n# Second version two\n\n---\n\n# Third\n\n---\n\n# Fourth\n');
    await page.waitForFunction(() => document.querySelector('.present')?.textContent?.includes('Second version two'), { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.Reveal.getIndices().h), 1);
    assert.equal(await page.evaluate(() => window.Reveal.getTotalSlides()), 4);
    assert.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'no full page reload');
    await page.close();
  });

  test('phone-sized deck page: slide view, swipeable, no horizontal scroll', async () => {
    const { page } = await openPage(browser, `${server.url}/decks/europython-2013`, { width: 390, height: 844 });
    await waitForReveal(page);
    assert.equal(await page.evaluate(() => document.querySelector('.reveal-scroll') === null), true, 'not the scroll view');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.close();
  });

  test('axe-core finds no serious or critical violation on the index and deck pages', async () => {
    for (const url of [`${server.url}/`, `${server.url}/decks/europython-2013`, `${server.url}/decks/building-the-rackstack`]) {
      const { page } = await openPage(browser, url);
      if (url.includes('/decks/')) await waitForReveal(page);
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `${url}: ${JSON.stringify(violations, null, 1)}`);
      await page.close();
    }
  });
});
