// The audience in real headless Chromium: a presenter view (1920×1080) and a phone follower
// (390×844). The follower asks; the presenter approves and shows it on screen; it appears over
// the slide on the phone and on the audience window; another follower upvotes; reactions reach
// the presenter as an animation. axe-core finds no serious or critical violation on the new
// panels. With LECTERN_TEST_SCREENSHOTS=<folder>, screenshots land there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { closeClients, connectClient, createSession, request } from '../live/helpers.ts';
import type { Ack, JoinResult } from '../../shared/protocol.ts';
import type { Question } from '../../shared/audience.ts';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1920, height: 1080 };
const POLL_TALK = `---
title: Live polls
---

# Live polls

---

## Quick check

\`\`\`poll
Where should Lectern keep live sessions?
- [ ] A folder of JSON files
- [x] Redis, once there are several processes
- [ ] In memory only
\`\`\`
`;
const poll = { timeout: 10_000, polling: 50 } as const;

describe('the audience in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'poll-talk.md': POLL_TALK }) });
    browser = await launchBrowser();
  });
  after(async () => {
    closeClients();
    await browser?.close();
    await server?.close();
  });

  async function open(url: string, viewport: { width: number; height: number }, ready: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await openPage(browser, url, viewport);
    await waitForReveal(opened.page);
    await opened.page.waitForFunction(ready, poll);
    return opened;
  }

  // A click by script: tabs behind another get no frames, and puppeteer's click waits for one.
  const press = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
  const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''));

  test('ask, approve, show on screen, vote, react', async () => {
    const s = await createSession(server.url, 'europython-2013');
    const { page: presenter, errors: presenterErrors } = await open(s.presenterUrl, LAPTOP, "document.body.dataset.joined === 'presenter'");
    const { page: phone, errors: phoneErrors } = await open(s.followUrl, PHONE, "document.getElementById('lectern-status')?.dataset.state === 'live'");
    await presenter.evaluate(() => window.Reveal.slide(3, 0));

    // The phone asks, with markup that must stay text.
    await press(phone, '#lectern-open-questions');
    await phone.waitForSelector('#lectern-questions:not([hidden])');
    const hostile = 'Will <img src=x onerror="document.title=1"> be escaped? What about **bold**?';
    await phone.type('#lectern-ask-text', hostile);
    await phone.type('#lectern-ask-name', 'Ada');
    await press(phone, '#lectern-ask-form button[type="submit"]');
    await phone.waitForFunction(() => document.querySelector('#lectern-question-list .aud-q[data-status="pending"]'), poll);
    assert.deepEqual(await texts(phone, '#lectern-question-list .aud-q__text'), [hostile]);
    assert.equal(await phone.$$eval('#lectern-question-list img', (els) => els.length), 0, 'no element made from the text');
    assert.match((await texts(phone, '#lectern-question-list .aud-q__meta'))[0]!, /You.*Waiting for approval/);

    // A second follower (a socket client) sees nothing until the presenter approves.
    const other = await connectClient(server.url);
    const joined = await request<Ack<JoinResult>>(other, 'session:join', { session: s.id, follower: 'second-follower-0123456789' });
    assert.ok(joined.ok && joined.audience.questions.length === 0);

    await presenter.waitForSelector('#lectern-pv-question-list .aud-q[data-status="pending"] [data-action="approve"]', poll);
    await screenshot(presenter, 'f14-presenter-pending-1920');
    await press(presenter, '#lectern-pv-question-list [data-action="approve"]');
    await phone.waitForFunction(() => document.querySelector('#lectern-question-list .aud-q[data-status="approved"]'), poll);

    // The other follower upvotes; the count reaches the phone and the presenter.
    const id = await phone.$eval('#lectern-question-list .aud-q', (el) => (el as HTMLElement).dataset.id!);
    const voted = await request<Ack<{ question: Question }>>(other, 'audience:vote', { question: id, up: true });
    assert.ok(voted.ok && voted.question.votes === 1);
    await phone.waitForFunction(() => document.querySelector('#lectern-question-list .aud-vote__n')?.textContent === '1', poll);
    await presenter.waitForFunction(() => document.querySelector('#lectern-pv-question-list .pv-q-votes')?.textContent === '▲ 1', poll);
    // The phone votes too: pressed, two votes.
    await press(phone, '#lectern-question-list .aud-vote');
    await phone.waitForFunction(() => document.querySelector('#lectern-question-list .aud-vote')?.getAttribute('aria-pressed') === 'true', poll);
    await phone.waitForFunction(() => document.querySelector('#lectern-question-list .aud-vote__n')?.textContent === '2', poll);
    assert.deepEqual(await seriousViolations(phone), [], 'the questions sheet');
    await screenshot(phone, 'f14-follower-questions-390');

    // Show on screen: over the slide on the phone and on the audience window.
    const screenWindow = await open(`${s.followUrl}?screen`, LAPTOP, "document.getElementById('lectern-status')?.dataset.state === 'live'");
    await press(presenter, '#lectern-pv-question-list [data-action="show"]');
    await press(phone, '#lectern-close-questions');
    for (const page of [phone, screenWindow.page]) {
      await page.waitForSelector('#lectern-shown:not([hidden])', poll);
      assert.equal(await page.$eval('#lectern-shown-text', (el) => el.textContent), hostile);
      assert.equal(await page.$eval('#lectern-shown-by', (el) => el.textContent), 'asked by Ada');
    }
    assert.equal(await screenWindow.page.$eval('.live-foot', (el) => getComputedStyle(el).display), 'none', 'the projector shows no buttons');
    await screenshot(phone, 'f14-follower-shown-390');

    // Reactions: taps on the phone float over the presenter's slide and the audience window.
    for (const r of ['clap', 'love', 'slower', 'slower']) await press(phone, `[data-reaction="${r}"]`);
    await presenter.waitForFunction(() => document.querySelectorAll('#lectern-pv-bursts .aud-burst').length > 0, poll);
    await presenter.waitForFunction(() => /2 × “slower please”/.test(document.getElementById('lectern-slower-text')?.textContent ?? ''), poll);
    await screenWindow.page.waitForFunction(() => document.querySelectorAll('#lectern-bursts .aud-burst').length > 0, poll);
    await screenshot(screenWindow.page, 'f14-audience-window-1920');
    await screenshot(presenter, 'f14-presenter-shown-1920');
    assert.deepEqual(await seriousViolations(presenter), [], 'the Questions panel');

    // Taken off the screen: gone from the phone.
    await press(presenter, '#lectern-pv-question-list [data-action="dismiss"]');
    await phone.waitForSelector('#lectern-shown[hidden]', poll);
    assert.equal(await phone.evaluate(() => document.title.includes('1')), false);

    assert.deepEqual(presenterErrors, []);
    assert.deepEqual(phoneErrors, []);
    assert.deepEqual(screenWindow.errors, []);
    await Promise.all([presenter.close(), phone.close(), screenWindow.page.close()]);
  });

  test('a poll: opens on its slide, the phone answers, the presenter sees the count and reveals the bars', async () => {
    const s = await createSession(server.url, 'poll-talk');
    const { page: presenter, errors: presenterErrors } = await open(s.presenterUrl, LAPTOP, "document.body.dataset.joined === 'presenter'");
    const { page: phone, errors: phoneErrors } = await open(s.followUrl, PHONE, "document.getElementById('lectern-status')?.dataset.state === 'live'");
    assert.equal(await phone.$eval('#lectern-poll', (el) => (el as HTMLElement).hidden), true);
    await presenter.keyboard.press('ArrowRight');
    await phone.waitForSelector('#lectern-poll:not([hidden]) .aud-poll__choice', poll);
    assert.deepEqual(await texts(phone, '#lectern-poll-choices .aud-poll__choice'), ['AA folder of JSON files', 'BRedis, once there are several processes', 'CIn memory only']);
    await presenter.waitForSelector('#lectern-pv-poll:not([hidden])', poll);
    await press(phone, '#lectern-poll-choices .aud-poll__choice:nth-child(2)');
    await phone.waitForFunction(() => document.querySelector('#lectern-poll-choices .aud-poll__choice:nth-child(2)')?.getAttribute('aria-pressed') === 'true' && /Answer sent/.test(document.getElementById('lectern-poll-status')?.textContent ?? ''), poll);
    await presenter.waitForFunction(() => /1 answered/.test(document.getElementById('lectern-pv-poll-state')?.textContent ?? ''), poll);
    assert.equal(await phone.$$eval('.lectern-poll[data-results]', (els) => els.length), 0, 'no results on the phone before the reveal');
    assert.deepEqual(await seriousViolations(phone), [], 'the poll card');
    await screenshot(phone, 'f14-follower-poll-390');
    await press(presenter, '#lectern-pv-poll-buttons [data-poll-action="reveal"]');
    await phone.waitForFunction(() => document.querySelector('#lectern-deck .lectern-poll[data-results] li[data-correct] .lectern-poll__count')?.textContent === '100% · 1', poll);
    await presenter.waitForFunction(() => document.querySelector('#lectern-current .lectern-poll[data-results]'), poll);
    await press(presenter, '#lectern-pv-poll-buttons [data-poll-action="close"]');
    await phone.waitForSelector('#lectern-poll[hidden]', poll);
    await screenshot(phone, 'f14-follower-poll-results-390');
    await screenshot(presenter, 'f14-presenter-poll-1920');
    assert.deepEqual(await seriousViolations(presenter), [], 'the poll controls');
    assert.deepEqual(presenterErrors, []);
    assert.deepEqual(phoneErrors, []);
    await Promise.all([presenter.close(), phone.close()]);
  });
});
