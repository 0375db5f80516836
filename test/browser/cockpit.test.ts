// The presenter's cockpit in real headless Chromium: Present live starts where the speaker is,
// the slide grid and jump-to-number (one move for followers), the countdown. With
// LECTERN_TEST_SCREENSHOTS=<folder>, screenshots land there for a human to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { closeClients, collect, connectClient, createSession, request } from '../live/helpers.ts';
import type { LiveState } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/wait.ts';
import { COCKPIT } from '../helpers/cockpit-deck.ts';

const LAPTOP = { width: 1920, height: 1080 };

describe('presenter cockpit in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'cockpit.md': COCKPIT }) });
    browser = await launchBrowser();
  });

  after(async () => {
    closeClients();
    await browser?.close();
    await server?.close();
  });

  const liveState = async (id: string): Promise<LiveState> => ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { state: LiveState }).state;

  async function joined(page: Page): Promise<void> {
    await waitForReveal(page);
    await page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
  }

  test('Present live from slide 12 with a fragment shown starts the session there', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/cockpit`, LAPTOP);
    await waitForReveal(page);
    await page.evaluate(() => window.Reveal.slide(11, 0, 0));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#lectern-present-live')]);
    assert.match(new URL(page.url()).pathname, /^\/present\/[A-Z0-9]{6}$/);
    await joined(page);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await waitFor('the session on slide 12, first fragment', async () => {
      const s = await liveState(id);
      return s.h === 11 && s.v === 0 && s.f === 0;
    });
    const at = await page.evaluate(() => window.Reveal.getIndices());
    assert.deepEqual([at.h, at.f], [11, 0]);
    assert.equal(await page.evaluate(() => location.hash), '', 'the key and the position left the address bar');
    assert.match(await page.$eval('#lectern-position', (el) => el.textContent ?? ''), /^Slide 12 of 14$/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  /** A presenter view, joined, and a follower socket that records every state it is sent. */
  async function presenting() {
    const session = await createSession(server.url, 'cockpit');
    const { page, errors } = await openPage(browser, session.presenterUrl, LAPTOP);
    await joined(page);
    const follower = await connectClient(server.url);
    await request(follower, 'session:join', { session: session.id });
    const states = collect(follower, 'session:state');
    return { session, page, errors, states };
  }

  const settled = (page: Page) => page.waitForFunction(() => document.body.dataset.moves === 'settled', { timeout: 5000, polling: 50 });

  test('G opens the slide grid with the current and live slides marked; choosing one is one move', async () => {
    const { session, page, errors, states } = await presenting();
    await page.evaluate(() => window.Reveal.slide(2, 0));
    await waitFor('the session on slide 3', async () => (await liveState(session.id)).h === 2);
    await settled(page);
    await page.keyboard.press('g');
    await page.waitForSelector('#lectern-grid:not([hidden])', { timeout: 3000 });
    assert.equal(await page.$$eval('#lectern-grid .pv-thumb', (els) => els.length), 14);
    assert.deepEqual(await page.$eval('#lectern-grid [aria-current="true"]', (el) => [el.getAttribute('data-h'), el.querySelector('.pv-thumb__caption')?.textContent]), ['2', '3Slide 3HereLive']);
    assert.equal(await page.$$eval('#lectern-grid .pv-thumb[data-live]', (els) => els.length), 1);
    assert.equal(await page.$eval('#lectern-grid .pv-thumb[data-h="13"] .slide-thumb__deck', (el) => getComputedStyle(el).backgroundColor), 'rgb(20, 33, 61)', "the slide's own background");
    const titleAt = await page.$eval('#lectern-grid .pv-thumb[data-h="0"] .slide-thumb', (box) => {
      const outer = box.getBoundingClientRect();
      const title = box.querySelector('h2')!.getBoundingClientRect();
      return (title.top - outer.top) / outer.height;
    });
    assert.ok(titleAt > 0.25 && titleAt < 0.6, `the copy is laid out as the deck lays the slide out (centred), title at ${titleAt.toFixed(2)}`);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-h')), '2', 'focus on the current slide');
    assert.equal(await page.$eval('.pv-main', (el) => (el as HTMLElement).inert), true, 'the view behind is inert while the grid is open');
    // The arrow keys move through the grid, not the deck.
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-h')), '3');
    assert.equal((await page.evaluate(() => window.Reveal.getIndices())).h, 2);
    await screenshot(page, 'cockpit-grid-1920');

    const before = states.length;
    await page.click('#lectern-grid .pv-thumb[data-h="9"]');
    await page.waitForSelector('#lectern-grid[hidden]', { timeout: 3000 });
    await waitFor('the follower on slide 10', () => states.at(-1)?.h === 9);
    await settled(page);
    assert.equal(states.length - before, 1, 'one move for followers, not one per slide between');
    assert.equal(await page.$eval('#lectern-position', (el) => el.textContent), 'Slide 10 of 14');

    // Esc opens it too, and closes it again without moving.
    await page.keyboard.press('Escape');
    await page.waitForSelector('#lectern-grid:not([hidden])', { timeout: 3000 });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#lectern-grid[hidden]', { timeout: 3000 });
    assert.equal((await page.evaluate(() => window.Reveal.getIndices())).h, 9);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the phone-remote QR (the presenter key) shows when asked for and hides again by itself', async () => {
    const session = await createSession(server.url, 'cockpit');
    const page = await browser.newPage();
    // The view's 30-second wait, shortened for the test: the page's timer, not the test's sleep.
    await page.evaluateOnNewDocument(() => {
      const original = window.setTimeout;
      window.setTimeout = ((fn: TimerHandler, ms?: number, ...rest: unknown[]) => original(fn, ms === 30_000 ? 300 : ms, ...rest)) as typeof window.setTimeout;
    });
    await page.setViewport(LAPTOP);
    await page.goto(session.presenterUrl, { waitUntil: 'load' });
    await joined(page);
    assert.equal(await page.$eval('#lectern-remote', (el) => (el as HTMLDetailsElement).open), false, 'hidden until asked for');
    await page.click('#lectern-remote summary');
    await page.waitForSelector('#lectern-remote-qr svg', { timeout: 5000 });
    await page.waitForFunction(() => !(document.getElementById('lectern-remote') as HTMLDetailsElement).open, { timeout: 5000, polling: 50 });
    assert.equal(await page.$('#lectern-remote-qr svg'), null, 'the QR code is gone, not only folded away');
    await page.close();
  });

  test('typing 12 and Enter jumps to slide 12 in one move; a number past the end is refused', async () => {
    const { page, errors, states } = await presenting();
    const before = states.length;
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    assert.equal(await page.$eval('#lectern-jump', (el) => el.textContent), 'Go to slide 12 · Enter');
    await page.keyboard.press('Enter');
    await waitFor('the follower on slide 12', () => states.at(-1)?.h === 11);
    await settled(page);
    assert.equal(states.length - before, 1, 'one move');
    assert.deepEqual([states.at(-1)?.h, states.at(-1)?.f], [11, -1], 'at the start of the slide');
    assert.equal(await page.$eval('#lectern-jump', (el) => (el as HTMLElement).hidden), true);

    await page.keyboard.press('4');
    await page.keyboard.press('0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('lectern-toast')?.textContent === 'There is no slide 40: the deck has 14.', { timeout: 3000, polling: 50 });
    assert.equal((await page.evaluate(() => window.Reveal.getIndices())).h, 11);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the countdown in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  /** How far the server's clock runs behind: a timer started now has run this long for the page. */
  let behindMs = 0;

  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'cockpit.md': COCKPIT }) }, { live: { clock: () => Date.now() - behindMs } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const phase = (page: Page) => page.$eval('#lectern-countdown', (el) => [(el as HTMLElement).dataset.phase, getComputedStyle(el.querySelector('.pv-countdown__value')!).color]);
  const remaining = (page: Page) => page.$eval('#lectern-remaining', (el) => el.textContent);

  async function restartAt(page: Page, minutes: number): Promise<void> {
    behindMs = minutes * 60_000;
    await page.click('#lectern-timer-reset');
    await page.waitForFunction(() => document.getElementById('lectern-timer-toggle')?.textContent === 'Start', { timeout: 3000, polling: 50 });
    await page.click('#lectern-timer-toggle');
    await page.waitForFunction(() => document.getElementById('lectern-timer-toggle')?.textContent === 'Pause', { timeout: 3000, polling: 50 });
  }

  test('duration: 30m counts down, turns amber then red near the end, shows the overrun, and pauses', async () => {
    const session = await createSession(server.url, 'cockpit');
    const { page, errors } = await openPage(browser, session.presenterUrl, { width: 1920, height: 1080 });
    await waitForReveal(page);
    await page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
    assert.equal(await remaining(page), '30:00');
    assert.equal(await page.$eval('#lectern-talk-length', (el) => (el as HTMLInputElement).value), '30');
    const [plenty, white] = await phase(page);
    assert.equal(plenty, 'plenty');

    await restartAt(page, 28.5);
    await page.waitForFunction(() => document.getElementById('lectern-countdown')?.dataset.phase === 'soon', { timeout: 3000, polling: 50 });
    const [, amber] = await phase(page);
    assert.notEqual(amber, white, 'the colour changes as the end nears');
    assert.match((await remaining(page)) ?? '', /^01:[23]\d$/);
    assert.match(await page.$eval('#lectern-pace', (el) => el.textContent ?? ''), /^27:\d\d behind$/, 'slide 1 had a one-minute budget');
    await screenshot(page, 'cockpit-countdown-1920');
    await page.setViewport({ width: 390, height: 844 });
    await screenshot(page, 'cockpit-countdown-phone-390');
    await page.setViewport({ width: 1920, height: 1080 });

    await restartAt(page, 29.5);
    await page.waitForFunction(() => document.getElementById('lectern-countdown')?.dataset.phase === 'last', { timeout: 3000, polling: 50 });
    const [, red] = await phase(page);
    assert.notEqual(red, amber);

    await restartAt(page, 31);
    await page.waitForFunction(() => document.getElementById('lectern-countdown')?.dataset.phase === 'over', { timeout: 3000, polling: 50 });
    assert.match((await remaining(page)) ?? '', /^\+01:0\d$/);

    // Pause for questions: the countdown stops (the server's paused clock is what every tab shows).
    behindMs = 0;
    await page.click('#lectern-timer-toggle');
    await page.waitForFunction(() => document.getElementById('lectern-timer-toggle')?.textContent === 'Resume', { timeout: 3000, polling: 50 });
    const paused = await remaining(page);
    await new Promise((r) => setTimeout(r, 1200)); // two of the view's ticks: a running clock would move
    assert.equal(await remaining(page), paused);

    // A length set in the view wins over the deck's, for this deck in this browser.
    await page.$eval('#lectern-talk-length', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#lectern-talk-length', '45');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => document.querySelector('#lectern-countdown .pv-countdown__caption')?.textContent === 'left of 45 min', { timeout: 3000, polling: 50 });
    assert.equal(await page.evaluate(() => localStorage.getItem('lectern:talk-minutes:cockpit')), '45');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
