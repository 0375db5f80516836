// The follower page for readers who do not see the projector well, in real headless Chromium:
// every live move read out once through a polite live region (title, text, images by alt text;
// focus stays put), controls with names in the accessibility tree, axe-core clean, and no slide
// transitions for readers who prefer reduced motion, black on white for those who want more contrast.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, SerializedAXNode } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { closeClients, createSession, joinAsPresenter } from '../live/helpers.ts';
import type { CreatedSession } from '../../shared/protocol.ts';

const DECK = `---
title: Readable talk
---

# Welcome

Hello room.

Note: SECRET-A11Y-NOTE

---

## Pictures

![A lectern on a stage](stage.png)

Some words.

---

## Steps

- First <!-- .element: class="fragment" -->
- Second <!-- .element: class="fragment" -->
`;

const PHONE = { width: 390, height: 844 };

describe('follower page for every reader', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'readable.md': DECK }) });
    browser = await launchBrowser();
  });

  after(async () => {
    closeClients();
    await browser?.close();
    await server?.close();
  });

  async function follow(session: CreatedSession): Promise<Page> {
    const { page } = await openPage(browser, session.followUrl, PHONE);
    await waitForReveal(page);
    await page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    // Every text the live region is given, in order.
    await page.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const region = document.getElementById('lectern-announce')!;
      new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    return page;
  }

  const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard.map((t) => t.trim()));
  const waitHeard = (page: Page, n: number) => page.waitForFunction((count) => (window as unknown as { heard: string[] }).heard.length >= count, { timeout: 5000, polling: 50 }, n);

  test('each live move is announced once, politely: title, text, images by alt, shown fragments', async () => {
    const session = await createSession(server.url, 'readable');
    const { move } = await joinAsPresenter(server.url, session);
    const page = await follow(session);
    const region = await page.$eval('#lectern-announce', (el) => [el.getAttribute('aria-live'), el.getAttribute('aria-atomic')]);
    assert.deepEqual(region, ['polite', 'true']);
    assert.equal(await page.$eval('.reveal .aria-status', (el) => el.getAttribute('aria-live')), 'off', "reveal.js's own region does not say it twice");
    const focused = await page.evaluate(() => document.activeElement?.tagName);

    await move(1);
    await waitHeard(page, 1);
    assert.deepEqual(await heard(page), ['Pictures. Image: A lectern on a stage. Some words.']);
    await move(2);
    await waitHeard(page, 2);
    assert.equal((await heard(page))[1], 'Steps.', 'fragments not shown yet are not read');
    await move(2, 0);
    await waitHeard(page, 3);
    assert.equal((await heard(page))[2], 'First.');
    assert.equal((await heard(page)).length, 3, 'one announcement per move');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), focused, 'focus never jumps');
    assert.doesNotMatch(await page.content(), /SECRET-A11Y-NOTE/);
    await page.close();
  });

  test('controls have names in the accessibility tree, and axe-core finds nothing serious', async () => {
    const session = await createSession(server.url, 'readable');
    const page = await follow(session);
    const snapshot = await page.accessibility.snapshot({ interestingOnly: true });
    const controls: SerializedAXNode[] = [];
    const walk = (node: SerializedAXNode | null | undefined) => {
      if (!node) return;
      if (['button', 'link', 'textbox', 'checkbox', 'combobox'].includes(node.role)) controls.push(node);
      for (const child of node.children ?? []) walk(child);
    };
    walk(snapshot);
    assert.ok(controls.length >= 2, 'the page has controls');
    for (const control of controls) assert.ok(control.name?.trim(), `${control.role} without a name`);
    assert.ok(controls.some((c) => c.role === 'link' && c.name === 'Download PDF'));
    assert.deepEqual(await seriousViolations(page), []);
    await page.close();
  });

  test('prefers-reduced-motion: no slide transitions', async () => {
    const session = await createSession(server.url, 'readable');
    const { move } = await joinAsPresenter(server.url, session);
    const moving = await follow(session);
    assert.equal(await moving.evaluate(() => window.Reveal.getConfig().transition), 'slide', 'the deck has transitions otherwise');
    await moving.close();

    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
    await page.setViewport(PHONE);
    await page.goto(session.followUrl, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.Reveal.getConfig().transition), 'none');
    await move(1);
    await page.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000, polling: 50 });
    const durations = await page.$$eval('.reveal .slides section', (els) => els.map((el) => getComputedStyle(el).transitionDuration));
    assert.ok(durations.every((d) => d.split(',').every((x) => parseFloat(x) === 0)), `transitions: ${durations.join(' | ')}`);
    await page.close();
  });

  test('prefers-contrast: more: black on white slides, captions as bright as titles', async () => {
    const session = await createSession(server.url, 'readable');
    const colours = async (contrast: 'more' | 'no-preference') => {
      const page = await browser.newPage();
      // puppeteer's emulateMediaFeatures does not know prefers-contrast; Chromium's protocol does.
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-contrast', value: contrast }] });
      await page.setViewport(PHONE);
      await page.goto(session.followUrl, { waitUntil: 'load' });
      await waitForReveal(page);
      const seen = await page.evaluate(() => ({
        text: getComputedStyle(document.querySelector('.reveal .present h1')!).color,
        paper: getComputedStyle(document.querySelector('.reveal')!).getPropertyValue('--r-background-color').trim(),
        kicker: getComputedStyle(document.querySelector('.live-kicker')!).color,
        title: getComputedStyle(document.querySelector('.live-bar h1')!).color,
      }));
      await page.close();
      return seen;
    };
    const normal = await colours('no-preference');
    const more = await colours('more');
    assert.notEqual(normal.text, 'rgb(0, 0, 0)', 'the theme is not black on white otherwise');
    assert.equal(more.text, 'rgb(0, 0, 0)');
    assert.equal(more.paper, '#ffffff');
    assert.equal(more.kicker, more.title, 'captions as bright as titles');
  });
});
