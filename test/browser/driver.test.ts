// Two presenter tabs in real Chromium: the first drives, the second's keys are refused and its
// deck stays with the session; it asks for the controls, the first hands over, and then the
// second drives and the first follows. A phone opened with the first tab's remote link drives
// with it, until the hand-over. When the driver's tab closes, the other view counts the grace
// down and takes the controls. Screenshots of the driver control at 1920×1080 and on the phone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { TALK, createSession } from '../live/helpers.ts';
import type { LiveState } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/wait.ts';

const LAPTOP = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

async function openPresenter(browser: Browser, url: string, viewport = LAPTOP) {
  const opened = await openPage(browser, url, viewport);
  await waitForReveal(opened.page);
  await opened.page.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
  return opened;
}

const driverText = (page: Page, pattern: RegExp) =>
  page.waitForFunction((source) => new RegExp(source).test(document.getElementById('lectern-driver-text')?.textContent ?? ''), { timeout: 5000, polling: 50 }, pattern.source);
const settled = (page: Page) => page.waitForFunction(() => document.body.dataset.moves === 'settled', { timeout: 5000, polling: 50 });
const at = (page: Page, h: number) => page.waitForFunction((want) => window.Reveal.getIndices().h === want, { timeout: 5000, polling: 50 }, h);

describe('co-presenters in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    // A short grace: the page's own countdown and claim run in real time.
    server = await startServer({ decksDir: await copyDecks({ 'talk.md': TALK }) }, { live: { driverGraceMs: 1500 } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function liveH(id: string): Promise<number> {
    return ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { state: LiveState }).state.h;
  }

  test('two presenter tabs: refused keys, request, hand over, the other drives', async () => {
    const s = await createSession(server.url, 'talk');
    const { page: ada, errors: adaErrors } = await openPresenter(browser, s.presenterUrl);
    await driverText(ada, /^Driving$/);
    // A name for the others to see: kept in this browser, sent with the next join.
    await ada.type('#lectern-presenter-name', 'Ada');
    await ada.keyboard.press('Enter');
    await ada.waitForFunction(() => document.getElementById('lectern-status')?.dataset.state === 'live', { timeout: 5000, polling: 50 });

    const { page: grace, errors: graceErrors } = await openPresenter(browser, s.presenterUrl);
    await driverText(grace, /^Ada is driving$/);
    assert.equal(await grace.evaluate(() => document.body.dataset.driving), 'no');

    // Grace's keys move nothing: refused, her deck goes back to where the session is.
    await grace.bringToFront();
    await grace.keyboard.press('ArrowRight');
    await settled(grace);
    await at(grace, 0);
    assert.match(await grace.$eval('#lectern-toast', (el) => el.textContent ?? ''), /^Ada is driving: request the controls first\.$/);
    assert.equal(await liveH(s.id), 0);

    // Ada's phone, opened from her remote link, drives with her.
    const seat = await ada.evaluate((id) => sessionStorage.getItem(`lectern:presenter-seat:${id}`), s.id);
    const { page: phone, errors: phoneErrors } = await openPresenter(browser, `${s.presenterUrl}&seat=${seat}`, PHONE);
    await driverText(phone, /^Driving$/);
    await phone.bringToFront();
    await phone.click('#lectern-next-button');
    await waitFor('the phone moved the session', async () => (await liveH(s.id)) === 1);
    await at(ada, 1);
    await at(grace, 1);

    // Grace names herself and asks; Ada sees who asks and hands over.
    await grace.bringToFront();
    // Both tabs share this browser's storage: Grace's field starts with Ada's name.
    await grace.click('#lectern-presenter-name', { count: 3 });
    await grace.keyboard.type('Grace');
    await grace.keyboard.press('Enter');
    await grace.waitForFunction(() => document.getElementById('lectern-status')?.dataset.state === 'live' && document.getElementById('lectern-driver-action')?.dataset.action === 'request', { timeout: 5000, polling: 50 });
    // Clicks scroll into view, which waits for frames a tab behind another never gets.
    await grace.bringToFront();
    await grace.click('#lectern-driver-action');
    await driverText(grace, /^Ada is driving · you asked for the controls$/);
    await driverText(ada, /^Grace asks for the controls$/);
    await ada.bringToFront();
    await screenshot(ada, 'driver-request-1920');
    await ada.click('#lectern-driver-action');
    await driverText(grace, /^Driving$/);
    await driverText(ada, /^Grace is driving$/);
    await driverText(phone, /^Grace is driving$/);
    await grace.bringToFront();
    await screenshot(grace, 'driver-driving-1920');
    await ada.bringToFront();
    await screenshot(ada, 'driver-other-1920');

    // Grace drives now (Slide 2's first fragment, then Slide 3); Ada follows, and is refused.
    await grace.bringToFront();
    await grace.keyboard.press('ArrowRight');
    await grace.keyboard.press('ArrowRight');
    await grace.keyboard.press('ArrowRight');
    await waitFor('Grace moved the session', async () => (await liveH(s.id)) === 2);
    await at(ada, 2);
    await ada.bringToFront();
    await ada.keyboard.press('ArrowLeft');
    await settled(ada);
    await at(ada, 2);
    assert.equal(await liveH(s.id), 2);
    await phone.bringToFront();
    await screenshot(phone, 'driver-phone-390');

    // Grace's tab closes: Ada is told the controls pass on, and her view claims them after the grace.
    await grace.close();
    await driverText(ada, /^Grace dropped: /);
    await driverText(ada, /^Driving$/);
    await driverText(phone, /^Driving$/);
    await ada.bringToFront();
    await ada.keyboard.press('ArrowRight');
    await waitFor('Ada drives again', async () => (await liveH(s.id)) === 3);
    assert.deepEqual([...adaErrors, ...graceErrors, ...phoneErrors], []);
    await Promise.all([ada.close(), phone.close()]);
  });
});
