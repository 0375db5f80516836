// The presenter view and a phone follower on two Lectern processes sharing Redis, in real
// headless Chromium: keys move a follower on the other process; with Redis away the presenter
// sees "moves on hold" and keeps presenting, and once Redis is back the follower lands on the
// presenter's slide. With LECTERN_TEST_SCREENSHOTS=<folder>, the held presenter is saved there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import { TALK, createSession } from '../live/helpers.ts';

const indices = (page: Page) => page.evaluate(() => window.Reveal.getIndices());

async function sameSlide(follower: Page, presenter: Page, timeout = 8000): Promise<void> {
  const want = await indices(presenter);
  await follower.waitForFunction(
    (w) => {
      const i = window.Reveal.getIndices();
      return i.h === w.h && (i.v ?? 0) === (w.v ?? 0) && (i.f ?? -1) === (w.f ?? -1);
    },
    { timeout, polling: 50 },
    want,
  );
}

describe('presenter and follower on two processes in Chromium', () => {
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  let browser: Browser;

  before(async () => {
    redis = await startRedis();
    const decksDir = await copyDecks({ 'talk.md': TALK });
    a = await startServer({ decksDir, redisUrl: redis.url });
    b = await startServer({ decksDir, redisUrl: redis.url });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  test('moves cross processes; with Redis away the presenter is told and nothing is lost', async () => {
    const session = await createSession(a.url, 'talk');
    const { page: presenter, errors } = await openPage(browser, session.presenterUrl);
    await waitForReveal(presenter);
    await presenter.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
    const { page: follower } = await openPage(browser, `${b.url}/live/${session.id}`, { width: 390, height: 844 });
    await waitForReveal(follower);
    await follower.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });

    await presenter.bringToFront();
    // The follower is on the other process and counts at the presenter's.
    await presenter.waitForFunction(() => document.getElementById('lectern-followers')?.textContent === '1', { timeout: 5000, polling: 50 });
    await presenter.keyboard.press('ArrowRight');
    await sameSlide(follower, presenter);

    await redis.stop();
    await presenter.waitForSelector('#lectern-status[data-state="degraded"]', { timeout: 5000 });
    assert.match(await presenter.$eval('#lectern-status-text', (el) => el.textContent ?? ''), /on hold/i);
    for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight'] as const) await presenter.keyboard.press(key);
    // The refusals have come back: had they thrown the presenter back, it would show by now.
    await presenter.waitForFunction(() => document.body.dataset.moves === 'settled', { timeout: 5000, polling: 50 });
    const held = await indices(presenter);
    assert.notEqual(held.h, 1, 'the presenter keeps presenting locally');
    await screenshot(presenter, 'lectern-redis-degraded');
    assert.notDeepEqual(await indices(follower), held, 'followers wait: nothing was published');

    await redis.restart();
    await presenter.waitForSelector('#lectern-status[data-state="live"]', { timeout: 15_000 });
    await sameSlide(follower, presenter, 10_000);
    assert.deepEqual(await indices(presenter), held, 'the presenter was not thrown back');
    const live = (await (await fetch(`${b.url}/api/sessions/${session.id}`)).json()) as { state: { h: number } };
    assert.equal(live.state.h, held.h);
    assert.deepEqual(errors.filter((e) => !/WebSocket|ERR_CONNECTION|socket/i.test(e)), []);
  });
});
