// The deck page in real headless Chromium: a toolbar that touch and the keyboard can reach, and
// the local speaker view (S): notes, next slide and timer, in step with the deck page, with
// nothing sent to the server; notes only where the notes rule allows them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { COCKPIT } from '../helpers/cockpit-deck.ts';
import { waitFor } from '../helpers/wait.ts';

describe('deck page toolbar and speaker view in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'cockpit.md': COCKPIT }) });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the toolbar is visible on a touch screen, tappable, and reachable with Tab', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, hasTouch: true, isMobile: true });
    await page.goto(`${server.url}/decks/cockpit`, { waitUntil: 'load' });
    await waitForReveal(page);
    const opacity = Number(await page.$eval('.deck-toolbar', (el) => getComputedStyle(el).opacity));
    assert.ok(opacity >= 0.5, `toolbar opacity ${opacity} without hover`);
    const popup = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.tap('#lectern-speaker-open');
    const speaker = await popup;
    assert.ok(speaker, 'tapping Speaker view opened it');
    await speaker.close();

    let reached = '';
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement?.closest('.deck-toolbar') ? document.activeElement.textContent ?? '' : ''));
    }
    assert.ok(reached, 'Tab reaches the toolbar');
    // Fully shown while focused (once its 0.2 s fade is over).
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.deck-toolbar')!).opacity === '1', { timeout: 3000, polling: 50 });
    await page.close();
  });

  test('S opens the speaker view on the slide shown: notes, next slide, timer; both windows move together', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/cockpit`);
    await waitForReveal(page);
    await page.evaluate(() => window.Reveal.slide(2, 0));
    const popup = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.keyboard.press('s');
    const speaker = (await popup)!;
    const sent: string[] = [];
    speaker.on('request', (req) => {
      if (req.method() !== 'GET' || /socket\.io|\/api\/sessions/.test(req.url())) sent.push(`${req.method()} ${req.url()}`);
    });
    await speaker.setViewport({ width: 1280, height: 800 });
    await waitForReveal(speaker);
    await speaker.waitForFunction(() => document.body.dataset.speakerNotes === 'loaded', { timeout: 10_000, polling: 50 });
    assert.equal((await speaker.evaluate(() => window.Reveal.getIndices())).h, 2);
    assert.equal(await speaker.$eval('#lectern-speaker-notes', (el) => el.textContent?.trim()), 'notes of 3');
    assert.match(await speaker.$eval('#lectern-speaker-next', (el) => el.textContent ?? ''), /Slide 4/);
    assert.equal(await speaker.$eval('#lectern-speaker-position', (el) => el.textContent), 'Slide 3 of 14');
    await speaker.waitForFunction(() => /^00:0[1-9]$/.test(document.getElementById('lectern-speaker-elapsed')?.textContent ?? ''), { timeout: 5000, polling: 100 });

    // Moving in the speaker view moves the deck page, and the other way round.
    await speaker.keyboard.press('ArrowRight');
    await page.waitForFunction(() => window.Reveal.getIndices().h === 3, { timeout: 5000, polling: 50 });
    await page.keyboard.press('ArrowRight');
    await speaker.waitForFunction(() => window.Reveal.getIndices().h === 4, { timeout: 5000, polling: 50 });
    assert.equal(await speaker.$eval('#lectern-speaker-notes', (el) => el.textContent?.trim()), 'notes of 5');
    await screenshot(speaker, 'speaker-view-1280');

    assert.deepEqual(sent, [], 'the speaker view sends nothing');
    assert.doesNotMatch(await page.content(), /notes of/, 'the deck page never holds the notes');

    // Go live from there: a session on the slide shown, and this window becomes its presenter view.
    // Waited for by its address: reveal.js's own hash update after the last move is a navigation
    // too, and on a busy machine it can land after the click.
    await speaker.click('#lectern-speaker-go-live');
    await waitFor('the presenter view', () => /^\/present\/[A-Z0-9]{6}$/.test(new URL(speaker.url()).pathname), { timeoutMs: 10_000 });
    await waitForReveal(speaker);
    await speaker.waitForFunction(() => document.body.dataset.joined === 'presenter' && document.body.dataset.moves === 'settled', { timeout: 10_000, polling: 50 });
    const id = new URL(speaker.url()).pathname.split('/').pop()!;
    await waitFor('the session on slide 5', async () => ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { state: { h: number } }).state.h === 4);
    assert.deepEqual(errors, []);
    await speaker.close();
    await page.close();
  });

  test('away from the machine Lectern runs on, the speaker view says notes are not available here', async () => {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.9' });
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${server.url}/decks/cockpit?speaker=1`, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForFunction(() => document.body.dataset.speakerNotes === 'unavailable', { timeout: 10_000, polling: 50 });
    assert.match(await page.$eval('#lectern-speaker-notes', (el) => el.textContent ?? ''), /^Speaker notes are not available here/);
    await page.close();
  });
});
