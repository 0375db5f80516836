// Rehearsal in real Chromium, on a clock the test moves by hand (Date.now replaced before the
// page's scripts run): the time on each slide, fragments counted to their slide, pause, the
// report against the plan, and the kept runs after a reload. Nothing is sent to the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, screenshot, waitForReveal } from '../helpers/browser.ts';
import { COCKPIT } from '../helpers/cockpit-deck.ts';

type ClockWindow = Window & { lecternTestAdvance?: (ms: number) => void };

/** Date.now stands still until the test moves it. */
async function manualClock(page: Page): Promise<(ms: number) => Promise<void>> {
  await page.evaluateOnNewDocument(() => {
    let now = Date.parse('2026-03-02T09:30:00Z');
    Date.now = () => now;
    (window as ClockWindow).lecternTestAdvance = (ms: number) => {
      now += ms;
    };
  });
  return (ms) => page.evaluate((n) => (window as ClockWindow).lecternTestAdvance!(n), ms);
}

async function goTo(page: Page, move: string, h: number): Promise<void> {
  await page.evaluate((m) => (window.Reveal as unknown as Record<string, () => void>)[m]!(), move);
  await page.waitForFunction((want) => window.Reveal.getIndices().h === want, { timeout: 5000, polling: 20 }, h);
}

async function reportRows(page: Page): Promise<Array<{ title: string; spent: number; verdict: string; cells: string[] }>> {
  return page.$$eval('#lectern-rehearsal-table tbody tr', (rows) =>
    rows.map((tr) => ({
      title: tr.querySelector('th')!.textContent!,
      spent: Number((tr as HTMLElement).dataset.spentMs),
      verdict: (tr as HTMLElement).dataset.verdict!,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!),
    })),
  );
}

describe('rehearsal mode in Chromium', () => {
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

  test('the toolbar has Rehearse, which opens the speaker view rehearsing', async () => {
    const { page } = await openPage(browser, `${server.url}/decks/cockpit`);
    await waitForReveal(page);
    const popup = new Promise<Page | null>((resolve) => page.once('popup', resolve));
    await page.click('#lectern-rehearse-open');
    const speaker = (await popup)!;
    assert.match(speaker.url(), /\?speaker=1&rehearse=1/);
    await speaker.waitForFunction(() => document.body.dataset.rehearsal === 'running', { timeout: 15_000, polling: 50 });
    await speaker.close();
    await page.close();
  });

  test('a run: time per slide, a pause, the report against the plan; the runs are kept across a reload', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    const sent: string[] = [];
    page.on('request', (req) => {
      if (req.method() !== 'GET') sent.push(`${req.method()} ${req.url()}`);
    });
    const advance = await manualClock(page);
    await page.setViewport({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/decks/cockpit?speaker=1&rehearse=1#/0/0`, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForFunction(() => document.body.dataset.rehearsal === 'running', { timeout: 10_000, polling: 50 });

    await advance(90_000); // slide 1: 1:30 of a 1:00 budget
    await goTo(page, 'next', 1);
    await advance(57_000); // slide 2: on time
    await page.click('#lectern-rehearse-pause'); // a break: counts nowhere
    await page.waitForFunction(() => document.body.dataset.rehearsal === 'paused', { polling: 20 });
    await advance(300_000);
    await page.click('#lectern-rehearse-pause');
    await advance(1_000);
    await goTo(page, 'next', 2);
    await advance(20_000); // slide 3: under
    await page.evaluate(() => window.Reveal.slide(11, 0));
    await advance(10_000);
    await page.evaluate(() => window.Reveal.next()); // a fragment of slide 12: still slide 12
    await page.waitForFunction(() => window.Reveal.getIndices().f === 0, { polling: 20 });
    await advance(30_000);
    // The bar shows the running time (it redraws four times a second).
    await page.waitForFunction(() => /^Slide 12: 00:40 of /.test(document.getElementById('lectern-rehearse-slide')?.textContent ?? ''), { timeout: 2000, polling: 50 });
    await screenshot(page, 'rehearsal-running-1920');
    await page.click('#lectern-rehearse-stop');
    await page.waitForSelector('#lectern-rehearsal-report:not([hidden])');

    const rows = await reportRows(page);
    assert.equal(rows.length, 14);
    assert.deepEqual(
      rows.slice(0, 3).map((r) => [r.title, r.spent, r.verdict]),
      [
        ['Slide 1', 90_000, 'over'],
        ['Slide 2', 58_000, 'on'],
        ['Slide 3', 20_000, 'under'],
      ],
    );
    assert.deepEqual(rows[0]!.cells, ['1', '01:00', '01:30', '00:30 over']);
    assert.equal(rows[11]!.spent, 40_000, 'the fragment counts to its slide');
    assert.deepEqual([rows[4]!.spent, rows[4]!.cells[3]], [0, 'Not reached']);
    // 30 minutes, three slides of a minute: the other eleven share 27 minutes.
    assert.equal(rows[11]!.cells[1], formatMs(27 * 60_000 / 11));
    assert.match(await page.$eval('#lectern-rehearsal-total', (el) => el.textContent ?? ''), /^03:28 of 30:00 talk · 26:32 under$/);
    await screenshot(page, 'rehearsal-report-1920');

    // After a reload: the run is kept; a second, shorter run shows it as the run before.
    await page.goto(`${server.url}/decks/cockpit?speaker=1#/0/0`, { waitUntil: 'load' });
    await waitForReveal(page);
    assert.equal(await page.evaluate(() => document.body.dataset.rehearsal), 'off');
    await page.click('#lectern-rehearse-last');
    await page.waitForSelector('#lectern-rehearsal-report:not([hidden])');
    assert.equal((await reportRows(page))[0]!.spent, 90_000);
    await page.click('#lectern-rehearsal-close');
    await page.click('#lectern-rehearse-start');
    await advance(45_000);
    await page.click('#lectern-rehearse-stop');
    await page.waitForSelector('#lectern-rehearsal-report:not([hidden])');
    const second = await reportRows(page);
    assert.deepEqual(second[0]!.cells, ['1', '01:00', '00:45', '01:30', '00:15 under']);
    assert.equal(second[1]!.cells[3], '00:58', 'slide 2 of the run before');
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('lectern:rehearsals:cockpit') ?? '[]') as Array<{ spent: number[] }>);
    assert.deepEqual(kept.map((r) => r.spent[0]), [45_000, 90_000]);
    await screenshot(page, 'rehearsal-report-second-run-1920');

    // Storage holding junk: the view still works and shows no runs.
    await page.evaluate(() => localStorage.setItem('lectern:rehearsals:cockpit', '[{"at":"x"},{"spent":[1e99]}]'));
    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    assert.equal(await page.$eval('#lectern-rehearse-last', (el) => (el as HTMLElement).hidden), true);
    assert.deepEqual(sent, [], 'a rehearsal sends nothing');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

function formatMs(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
