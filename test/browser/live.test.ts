// The presenter view and the follower page in real headless Chromium: keys in the presenter
// move phone-sized followers, followers browse away and back, survive drops, and the pages pass
// axe-core. With LECTERN_TEST_SCREENSHOTS=<folder>, screenshots land there for a human to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { TALK, closeClients, connectClient, createSession, nextEvent, request } from '../live/helpers.ts';
import type { LiveState, CreatedSession } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/wait.ts';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1920, height: 1080 };

const indices = (page: Page) => page.evaluate(() => window.Reveal.getIndices());

// Pages behind another tab get no animation frames: every wait here polls on a timer instead.

async function openPresenter(browser: Browser, url: string, viewport = LAPTOP) {
  const opened = await openPage(browser, url, viewport);
  await waitForReveal(opened.page);
  await opened.page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
  return opened;
}

async function openFollower(browser: Browser, url: string) {
  const opened = await openPage(browser, url, PHONE);
  await waitForReveal(opened.page);
  await opened.page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
  return opened;
}

/** Waits until the follower's deck shows the presenter's h/v/f. */
async function followerMatches(follower: Page, presenter: Page): Promise<void> {
  const want = await indices(presenter);
  try {
    await follower.waitForFunction(
      (w) => {
        const i = window.Reveal.getIndices();
        return i.h === w.h && (i.v ?? 0) === (w.v ?? 0) && (i.f ?? -1) === (w.f ?? -1);
      },
      { timeout: 5000, polling: 50 },
      want,
    );
  } catch (err) {
    throw new Error(`the page stayed at ${JSON.stringify(await indices(follower))}, not ${JSON.stringify(want)}`, { cause: err });
  }
}

describe('live pages in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let session: CreatedSession;

  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'talk.md': TALK, 'edited.md': TALK });
    server = await startServer({ decksDir, watch: true });
    browser = await launchBrowser();
    session = await createSession(server.url, 'europython-2013');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function liveState(id = session.id): Promise<LiveState> {
    return ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { state: LiveState }).state;
  }

  test('presenter view and a phone follower side by side: keys in the presenter move the follower', async () => {
    const { page: presenter, errors: presenterErrors } = await openPresenter(browser, session.presenterUrl);
    const { page: follower, errors: followerErrors } = await openFollower(browser, session.followUrl);

    assert.equal(await presenter.evaluate(() => location.hash), '', 'the key left the address bar');
    // The key, and the tab's seat (who drives).
    assert.deepEqual(await presenter.evaluate(() => Object.keys(sessionStorage).map((k) => k.split(':').slice(0, 2).join(':')).sort()), ['lectern:presenter-key', 'lectern:presenter-seat']);
    const before = await liveState();
    for (const key of ['ArrowRight', 'ArrowRight', 'PageDown', 'Space', 'ArrowRight'] as const) {
      await presenter.keyboard.press(key);
      await followerMatches(follower, presenter);
    }
    await presenter.keyboard.press('PageUp');
    await followerMatches(follower, presenter);
    const after = await liveState();
    const at = await indices(presenter);
    assert.deepEqual([after.h, after.v, after.f], [at.h, at.v ?? 0, at.f ?? -1]);
    // Six key presses are six moves: the next-slide preview never sent one.
    assert.equal(after.seq - before.seq, 6);
    assert.notDeepEqual(await presenter.evaluate(() => document.querySelector('#lectern-next .present')?.textContent), undefined);

    assert.match(await presenter.$eval('#lectern-position', (el) => el.textContent ?? ''), /^Slide \d+ of 27$/);
    assert.ok((await presenter.$eval('#lectern-notes', (el) => el.textContent ?? '')).length > 10, 'notes shown');
    await presenter.waitForFunction(() => document.getElementById('lectern-followers')?.textContent === '1', { timeout: 3000, polling: 50 });
    const followerHtml = await follower.content();
    assert.ok(!followerHtml.includes('class="notes"'), 'no notes on the follower page');
    assert.equal(await follower.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no horizontal scroll');

    await screenshot(presenter, 'lectern-live-presenter-1920');
    await screenshot(follower, 'lectern-live-follower-390');

    // Blackout with B: followers see the paused screen; B again brings the slide back.
    await presenter.keyboard.press('b');
    await follower.waitForSelector('#lectern-paused:not([hidden])', { timeout: 5000 });
    assert.equal((await liveState()).paused, true);
    await screenshot(follower, 'lectern-live-follower-paused-390');
    await presenter.keyboard.press('b');
    await follower.waitForSelector('#lectern-paused[hidden]', { timeout: 5000 });
    assert.equal((await liveState()).paused, false);

    assert.deepEqual(presenterErrors, []);
    assert.deepEqual(followerErrors, []);
    await presenter.close();
    await follower.close();
  });

  test('the follower browses away, sees "Back to live · slide n", and returns', async () => {
    const s = await createSession(server.url, 'europython-2013');
    const { page: presenter } = await openPresenter(browser, s.presenterUrl);
    const { page: follower } = await openFollower(browser, s.followUrl);
    await presenter.evaluate(() => window.Reveal.slide(11, 0, 0));
    await followerMatches(follower, presenter);

    await follower.keyboard.press('ArrowLeft');
    await follower.keyboard.press('ArrowLeft');
    await follower.waitForSelector('#lectern-back-to-live:not([hidden])', { timeout: 3000 });
    assert.equal(await follower.$eval('#lectern-back-to-live', (el) => el.textContent), 'Back to live · slide 12');
    await presenter.evaluate(() => window.Reveal.slide(12, 0));
    await follower.waitForFunction(() => document.getElementById('lectern-back-to-live')?.textContent === 'Back to live · slide 13', { timeout: 3000, polling: 50 });
    assert.ok((await indices(follower)).h < 12, 'a browsing reader is not pulled along');
    await screenshot(follower, 'lectern-live-follower-browsing-390');

    await follower.click('#lectern-back-to-live');
    await followerMatches(follower, presenter);
    assert.equal(await follower.$eval('#lectern-back-to-live', (el) => (el as HTMLElement).hidden), true);
    await presenter.evaluate(() => window.Reveal.slide(13, 0));
    await followerMatches(follower, presenter);
    await presenter.close();
    await follower.close();
  });

  test('a follower joining mid-talk is on the live slide as soon as reveal.js is ready, before its socket is up', async () => {
    const s = await createSession(server.url, 'europython-2013');
    const { page: presenter } = await openPresenter(browser, s.presenterUrl);
    // Slide 2 of europython-2013 reveals its list one item at a time: the second item is shown.
    await presenter.evaluate(() => window.Reveal.slide(1, 0, 1));
    await waitFor('the presenter\'s move to reach the server', async () => (await liveState(s.id)).f === 1);
    const live = await liveState(s.id);
    assert.deepEqual([live.h, live.v, live.f], [1, 0, 1]);
    const follower = await browser.newPage();
    await follower.setViewport(PHONE);
    // Where the deck is the moment Reveal.isReady() turns true, polled as scripts/bench-page.ts does.
    type AtReady = { h: number; v?: number; f?: number; status?: string };
    await follower.evaluateOnNewDocument(() => {
      const w = window as unknown as { Reveal?: { isReady?: () => boolean; getIndices(): { h: number; v?: number; f?: number } }; atReady?: AtReady };
      const poll = setInterval(() => {
        if (!w.Reveal?.isReady?.()) return;
        w.atReady = { ...w.Reveal.getIndices(), status: document.getElementById('lectern-status')?.dataset.state };
        clearInterval(poll);
      }, 2);
    });
    await follower.goto(s.followUrl);
    await follower.waitForFunction(() => (window as unknown as { atReady?: AtReady }).atReady !== undefined, { timeout: 10_000, polling: 50 });
    const at = await follower.evaluate(() => (window as unknown as { atReady: AtReady }).atReady);
    assert.deepEqual([at.h, at.v ?? 0, at.f ?? -1], [1, 0, 1], 'opened on the live slide and fragment');
    assert.equal(at.status, 'connecting', 'the deck did not wait for the connection');
    await follower.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    await presenter.evaluate(() => window.Reveal.slide(2, 0));
    await followerMatches(follower, presenter);
    await presenter.close();
    await follower.close();
  });

  test('the follower survives its connection dropping and lands on the live slide with no action', async () => {
    const s = await createSession(server.url, 'europython-2013');
    const { page: presenter } = await openPresenter(browser, s.presenterUrl);
    const { page: follower, errors } = await openFollower(browser, s.followUrl);
    await presenter.evaluate(() => window.Reveal.slide(3, 0));
    await followerMatches(follower, presenter);

    // 1. The server side of the follower's socket goes away (a Wi-Fi gap, a proxy restart).
    const io = server.lectern.context.io;
    const followerSockets = [...io.sockets.sockets.values()].filter((sock) => (sock.data as { live?: { role: string; session: string } }).live?.session === s.id && (sock.data as { live?: { role: string } }).live?.role === 'follower');
    assert.equal(followerSockets.length, 1);
    followerSockets[0].conn.close();
    await follower.waitForSelector('#lectern-status[data-state="reconnecting"]', { timeout: 3000 });
    await presenter.evaluate(() => window.Reveal.slide(7, 0));
    await follower.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    await followerMatches(follower, presenter);

    // 2. The phone goes offline for a while (the browser's own network emulation).
    await follower.setOfflineMode(true);
    await follower.waitForSelector('#lectern-status[data-state="reconnecting"]', { timeout: 5000 });
    await presenter.evaluate(() => window.Reveal.slide(9, 0));
    await presenter.evaluate(() => window.Reveal.slide(10, 0));
    // The talk moved on while the phone was away.
    await waitFor('the presenter\'s moves to reach the server', async () => (await liveState(s.id)).h === 10);
    await follower.setOfflineMode(false);
    await follower.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    await followerMatches(follower, presenter);
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e)), []);
    await presenter.close();
    await follower.close();
  });

  test('a phone works as a remote beside a laptop presenter tab', async () => {
    const s = await createSession(server.url, 'talk');
    const { page: laptop } = await openPresenter(browser, s.presenterUrl);
    // The remote link (its QR code) carries the laptop tab's seat: the phone drives with it.
    const seat = await laptop.evaluate((id) => sessionStorage.getItem(`lectern:presenter-seat:${id}`), s.id);
    const { page: phone, errors } = await openPresenter(browser, `${s.presenterUrl}&seat=${seat}`, PHONE);
    await phone.click('#lectern-next-button');
    await phone.click('#lectern-next-button');
    await followerMatches(laptop, phone);
    assert.deepEqual([(await indices(laptop)).h, (await indices(laptop)).f], [1, 0]);
    assert.match(await phone.$eval('#lectern-notes', (el) => el.textContent ?? ''), /SECRET-NOTE-ONE/);
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    // The remote's panels stack: the slide, then the timer below it, never under it.
    const [slideBottom, timerTop] = await phone.evaluate(() => [document.querySelector('.pv-current .pv-frame'), document.querySelector('.pv-timer')].map((el, i) => (i === 0 ? el!.getBoundingClientRect().bottom : el!.getBoundingClientRect().top)));
    assert.ok(slideBottom! <= timerTop!, `the slide (bottom ${slideBottom}) covers the timer (top ${timerTop})`);
    await screenshot(phone, 'lectern-live-presenter-390');
    await laptop.keyboard.press('ArrowRight');
    await followerMatches(phone, laptop);
    await phone.click('#lectern-prev');
    await followerMatches(laptop, phone);
    assert.deepEqual(errors, []);
    await laptop.close();
    await phone.close();
  });

  test('"Present live" on a deck page starts a session and opens its presenter view', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/talk`);
    await waitForReveal(page);
    await Promise.all([page.waitForNavigation(), page.click('#lectern-present-live')]);
    assert.match(new URL(page.url()).pathname, /^\/present\/[2-9A-HJKMNP-Z]{6}$/);
    await waitForReveal(page);
    await page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
    assert.equal(await page.evaluate(() => location.hash), '');
    assert.match(await page.$eval('#lectern-notes', (el) => el.textContent ?? ''), /SECRET-NOTE-ZERO/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('"Present live" refused by the server says why on the button', async () => {
    // A server whose session cap is reached: the API answers its JSON error body.
    const full = await startServer({ decksDir }, { live: { maxSessions: 0 } });
    try {
      const { page } = await openPage(browser, `${full.url}/decks/talk`);
      await waitForReveal(page);
      await page.click('#lectern-present-live');
      await page.waitForFunction(() => /^Could not start/.test(document.querySelector('#lectern-present-live')?.textContent ?? ''), { timeout: 5000, polling: 50 });
      const text = await page.$eval('#lectern-present-live', (el) => el.textContent ?? '');
      assert.equal(text, 'Could not start: the server holds too many live sessions; try again later');
      await page.close();
    } finally {
      await full.close();
    }
  });

  test('a wrong key opens the key form instead of presenting', async () => {
    const s = await createSession(server.url, 'talk');
    const { page } = await openPage(browser, `${server.url}/present/${s.id}#key=wrong-key-0123456789abcdef`);
    await waitForReveal(page);
    await page.waitForSelector('#lectern-gate:not([hidden])', { timeout: 5000 });
    assert.match(await page.$eval('#lectern-gate-message', (el) => el.textContent ?? ''), /does not match/);
    assert.equal(await page.evaluate(() => document.body.dataset.joined), undefined);
    await page.type('#lectern-gate-key', s.presenterKey);
    await page.click('#lectern-gate-form button[type="submit"]');
    await page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 5000, polling: 50 });
    assert.match(await page.$eval('#lectern-notes', (el) => el.textContent ?? ''), /SECRET-NOTE-ZERO/);
    await page.close();
  });

  test('an edit to the deck reaches the presenter and the follower without a reload, on the live slide', async () => {
    const s = await createSession(server.url, 'edited');
    const { page: presenter } = await openPresenter(browser, s.presenterUrl);
    const { page: follower } = await openFollower(browser, s.followUrl);
    await presenter.bringToFront();
    await presenter.keyboard.press('ArrowRight');
    await followerMatches(follower, presenter);
    const before = await indices(follower);
    await fs.writeFile(path.join(decksDir, 'edited.md'), TALK.replace('## Two steps', '## Two steps, fixed live').replace('SECRET-NOTE-ONE', 'SECRET-NOTE-EDITED'));
    const edited = (page: Page, selector: string) =>
      page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Two steps, fixed live'), { timeout: 10_000, polling: 100 }, selector);
    await edited(follower, '#lectern-deck .slides');
    await edited(presenter, '#lectern-current .slides');
    await presenter.waitForFunction(() => document.getElementById('lectern-notes')?.textContent?.includes('SECRET-NOTE-EDITED'), { timeout: 10_000, polling: 100 });
    assert.deepEqual(await indices(follower), before, 'the follower stays on the live slide');
    assert.equal(await follower.$eval('#lectern-status', (el) => (el as HTMLElement).dataset.state), 'live');
    // A broken save keeps the slides everyone has. A watcher of our own hears the server announce
    // the error; the move after it reaches the follower after that announcement (one connection
    // keeps its order), so by the time the follower shows the move it has handled the error.
    const watcher = await connectClient(server.url);
    assert.deepEqual(await request(watcher, 'deck:watch', { slug: 'edited' }), { ok: true });
    const broken = nextEvent(watcher, 'deck:updated', (update) => 'error' in update, 10_000);
    await fs.writeFile(path.join(decksDir, 'edited.md'), '---\ntitle: [broken\n---\n\n# Oops\n');
    await broken;
    await presenter.keyboard.press('ArrowRight');
    await followerMatches(follower, presenter);
    closeClients();
    assert.ok((await follower.$eval('#lectern-deck .slides', (el) => el.textContent ?? '')).includes('Two steps, fixed live'));
    await presenter.close();
    await follower.close();
  });

  test('"End session" in the presenter view ends it for the follower, after a confirmation', async () => {
    const s = await createSession(server.url, 'talk');
    const { page: presenter } = await openPresenter(browser, s.presenterUrl);
    const { page: follower } = await openFollower(browser, s.followUrl);
    const asked: string[] = [];
    presenter.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void (asked.length === 1 ? dialog.dismiss() : dialog.accept());
    });
    // Chromium holds back a confirm() of a tab behind another until it comes to the front.
    await presenter.bringToFront();
    await presenter.click('#lectern-end-session');
    // A move after the dismissal: had the dismissed click ended the session, the move would find
    // it gone (the presenter's requests are handled in order).
    await waitFor('the confirmation to be asked and dismissed', () => asked.length === 1);
    await presenter.evaluate(() => window.Reveal.next());
    await waitFor('the move after the dismissal to reach the server', async () => (await liveState(s.id)).h === 1);
    assert.equal(await follower.$eval('#lectern-ended', (el) => (el as HTMLElement).hidden), true, 'dismissed: nothing ended');
    await presenter.click('#lectern-end-session');
    await follower.waitForFunction(() => !(document.getElementById('lectern-ended') as HTMLElement).hidden, { timeout: 5000, polling: 50 });
    await presenter.waitForFunction(() => document.querySelector('#lectern-gate-form h2')?.textContent === 'Session ended', { timeout: 5000, polling: 50 });
    assert.equal(asked.length, 2);
    assert.match(asked[0], /End this session for everyone/);
    assert.equal((await fetch(`${server.url}/api/sessions/${s.id}`)).status, 404);
    await screenshot(presenter, 'lectern-live-ended-presenter');
    await screenshot(follower, 'lectern-live-ended-follower');
    await presenter.close();
    await follower.close();
  });

  test('axe-core finds no serious or critical violation on the presenter and follower pages', async () => {
    const s = await createSession(server.url, 'europython-2013');
    for (const [label, open] of [
      ['presenter', () => openPresenter(browser, s.presenterUrl)],
      ['presenter (phone)', () => openPresenter(browser, s.presenterUrl, PHONE)],
      ['follower', () => openFollower(browser, s.followUrl)],
      ['key form', async () => {
        const opened = await openPage(browser, `${server.url}/present/${s.id}`);
        await opened.page.waitForSelector('#lectern-gate:not([hidden])');
        return opened;
      }],
      ['join', () => openPage(browser, `${server.url}/live`, PHONE)],
    ] as const) {
      const { page } = await open();
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
      await page.close();
    }
  });
});
