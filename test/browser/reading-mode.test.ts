// Reading mode on the follower page, in real headless Chromium at phone size: the live slide as
// reflowed text that follows the presenter (fragments as on the slide), browsing and "Back to
// live", a text size that grows and is remembered, images captioned by their alt text, the
// keyboard, and axe-core with the view on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, screenshot, waitForReveal } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/axe.ts';
import { readerDecks, READER_SLUG } from '../helpers/reader-deck.ts';
import { closeClients, connectClient, createSession, joinAsPresenter, request, type TestSocket } from '../live/helpers.ts';
import type { CreatedSession } from '../../shared/protocol.ts';

const PHONE = { width: 390, height: 844 };
const POLL_DECK = `# Polls

---

\`\`\`poll
Which store?
- [ ] Files
- [x] Redis
\`\`\`
`;

describe('reading mode on the follower page', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    server = await startServer({ decksDir: await readerDecks() });
    browser = await launchBrowser();
  });

  after(async () => {
    closeClients();
    await browser?.close();
    await server?.close();
  });

  let reveal: TestSocket;
  async function presenter(session: CreatedSession) {
    const joined = await joinAsPresenter(server.url, session);
    reveal = joined.socket;
    return joined.move;
  }

  /** A follower in a fresh browser context: its own localStorage, so no test inherits another's choice. */
  async function follow(session: CreatedSession): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await page.setViewport(PHONE);
    await page.goto(session.followUrl, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    return { page, errors };
  }
  const close = (page: Page) => page.browserContext().close();

  const readingText = (page: Page) => page.$eval('#lectern-reading .rd-page', (el) => (el as HTMLElement).innerText);
  const waitReading = (page: Page, text: string) =>
    page.waitForFunction((t) => document.querySelector<HTMLElement>('#lectern-reading .rd-page')?.innerText.includes(t), { timeout: 5000, polling: 50 }, text);
  const fontSize = (page: Page) => page.$eval('#lectern-reading .rd-page p', (el) => parseFloat(getComputedStyle(el).fontSize));

  test('the toggle shows the live slide as text, and the view follows every move', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const move = await presenter(session);
    await move(1);
    const { page, errors } = await follow(session);
    assert.equal(await page.$eval('#lectern-reading', (el) => (el as HTMLElement).hidden), true, 'off until asked for');
    const toggle = await page.$eval('#lectern-reading-toggle', (el) => ({ tag: el.tagName, pressed: el.getAttribute('aria-pressed'), shown: (el as HTMLElement).innerText.trim() }));
    assert.deepEqual(toggle, { tag: 'BUTTON', pressed: 'false', shown: 'Reading' });

    await page.click('#lectern-reading-toggle');
    assert.equal(await page.$eval('#lectern-reading-toggle', (el) => el.getAttribute('aria-pressed')), 'true');
    assert.equal(await page.$eval('#lectern-reading h2', (el) => el.textContent), 'The stage');
    assert.match(await readingText(page), /one access point for three hundred phones/);
    assert.equal(await page.$eval('.live-stage > .reveal', (el) => getComputedStyle(el).visibility), 'hidden', 'the scaled slide is out of the way');
    // reveal's inline sizing is not copied: the text is laid out by the reading view alone.
    assert.equal(await page.$$eval('#lectern-reading .rd-page [style], #lectern-reading .rd-page [id]', (els) => els.length), 0);
    await screenshot(page, 'reading-image');

    await move(3);
    await waitReading(page, 'What we measured');
    assert.match(await readingText(page), /Garden\s+40\s+12 %/);
    assert.equal(await page.$eval('#lectern-reading-position', (el) => el.textContent), 'Slide 4 of 6');

    await move(4, 0);
    await waitReading(page, 'Cache what you showed');
    assert.doesNotMatch(await readingText(page), /Ask before big downloads/, 'fragments not shown on the slide are not shown here');
    await move(4, 1);
    await waitReading(page, 'Ask before big downloads');
    assert.doesNotMatch(await readingText(page), /Rejoin quietly/);
    assert.deepEqual(errors, []);
    await close(page);
  });

  test('A+ makes the text larger, and the size and the mode are remembered across a reload', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { page } = await follow(session);
    await page.click('#lectern-reading-toggle');
    await page.waitForSelector('#lectern-reading .rd-page p');
    const before = await fontSize(page);
    await page.click('#lectern-reading .rd-size__button[aria-label="Larger text"]');
    await page.click('#lectern-reading .rd-size__button[aria-label="Larger text"]');
    const larger = await fontSize(page);
    assert.ok(larger >= before * 1.2, `${before}px → ${larger}px`);
    // The page still lets the reader pinch-zoom.
    const viewport = await page.$eval('meta[name="viewport"]', (el) => el.getAttribute('content') ?? '');
    assert.doesNotMatch(viewport, /user-scalable\s*=\s*(no|0)|maximum-scale/);

    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForSelector('#lectern-reading:not([hidden]) .rd-page p', { timeout: 5000 });
    assert.equal(await page.$eval('#lectern-reading-toggle', (el) => el.getAttribute('aria-pressed')), 'true');
    assert.equal(await fontSize(page), larger);

    await page.click('#lectern-reading .rd-size__button[aria-label="Smaller text"]');
    assert.ok((await fontSize(page)) < larger);
    await page.click('#lectern-reading-toggle');
    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    assert.equal(await page.$eval('#lectern-reading', (el) => (el as HTMLElement).hidden), true, 'off stays off');
    await close(page);
  });

  test('images are full width with their alt text as a caption; code and tables fit the phone', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const move = await presenter(session);
    await move(1);
    const { page } = await follow(session);
    await page.click('#lectern-reading-toggle');
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('#lectern-reading figure img')?.complete, { timeout: 5000 });
    const figure = await page.$eval('#lectern-reading figure', (el) => {
      const img = el.querySelector('img')!;
      const column = document.querySelector('#lectern-reading .rd-page')!.getBoundingClientRect().width;
      return { caption: el.querySelector('figcaption')?.textContent, alt: img.alt, loaded: img.naturalWidth, share: img.getBoundingClientRect().width / column };
    });
    assert.equal(figure.caption, 'A wooden lectern on an empty stage, lit from the left');
    assert.equal(figure.alt, figure.caption);
    assert.ok(figure.loaded > 0, 'the image beside the deck loads');
    assert.ok(figure.share > 0.85, `the image spans the column (${figure.share})`);

    for (const h of [2, 3]) {
      await move(h);
      await waitReading(page, h === 2 ? 'Retry with backoff' : 'What we measured');
      const overflow = await page.$eval('#lectern-reading', (el) => el.scrollWidth - el.clientWidth);
      assert.equal(overflow, 0, `slide ${h + 1} scrolls sideways`);
    }
    await screenshot(page, 'reading-table');
    await close(page);
  });

  test('browsing in the reading view, then back to live; the keyboard steps slides and scrolls text', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const move = await presenter(session);
    await move(2);
    const { page } = await follow(session);
    await page.focus('#lectern-reading-toggle');
    await page.keyboard.press('Enter');
    await waitReading(page, 'Retry with backoff');

    await page.click('#lectern-reading .rd-step[aria-label="Previous slide"]');
    await waitReading(page, 'The stage');
    await page.waitForSelector('#lectern-back-to-live:not([hidden])');
    await move(3);
    await page.waitForFunction(() => document.getElementById('lectern-back-to-live')?.textContent?.includes('slide 4'), { timeout: 5000 });
    assert.match(await readingText(page), /The stage/, 'a browsing reader stays where they are');
    await page.click('#lectern-back-to-live');
    await waitReading(page, 'What we measured');

    // Right steps the deck; Down is left to the text (reveal.js would move down a stack).
    await page.focus('#lectern-reading .rd-step[aria-label="Next slide"]');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => window.Reveal.getIndices().h), 3);
    await page.keyboard.press('ArrowRight');
    await waitReading(page, 'Three rules');
    await close(page);
  });

  test('axe-core finds nothing serious with the reading view on', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const move = await presenter(session);
    const { page } = await follow(session);
    await page.click('#lectern-reading-toggle');
    for (const h of [1, 2, 3]) {
      await move(h);
      await page.waitForFunction((n) => document.getElementById('lectern-reading-position')?.textContent === `Slide ${n} of 6`, { timeout: 5000 }, h + 1);
      assert.deepEqual(await seriousViolations(page), [], `slide ${h + 1}`);
    }
    const snapshot = await page.accessibility.snapshot({ interestingOnly: true });
    const names: string[] = [];
    const walk = (node: typeof snapshot) => {
      if (!node) return;
      if (node.role === 'button') names.push(node.name ?? '');
      for (const child of node.children ?? []) walk(child);
    };
    walk(snapshot);
    for (const name of ['Reading mode', 'Previous slide', 'Next slide', 'Smaller text', 'Larger text']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    await close(page);
  });

  test('the deck page has the same reading view, under its toolbar', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport(PHONE);
    await page.goto(`${server.url}/decks/${READER_SLUG}/`, { waitUntil: 'load' });
    await waitForReveal(page);
    await page.click('#lectern-reading-toggle');
    await waitReading(page, 'Field notes from the edge');
    await page.keyboard.press('ArrowRight');
    await waitReading(page, 'The stage');
    const place = await page.evaluate(() => ({
      view: document.getElementById('lectern-reading')!.getBoundingClientRect().top,
      toolbar: document.querySelector('.deck-toolbar')!.getBoundingClientRect().bottom,
    }));
    assert.ok(place.view >= place.toolbar, `the view (${place.view}) starts under the toolbar (${place.toolbar})`);
    // The deck page keeps its own slide links.
    await page.waitForFunction(() => location.hash === '#/1', { timeout: 5000 });
    assert.deepEqual(await seriousViolations(page), []);
    await context.close();
  });

  test('poll results revealed on the slide appear in the reading view', async () => {
    await fs.writeFile(path.join(server.config.decksDir, 'quick-poll.md'), POLL_DECK);
    const session = await createSession(server.url, 'quick-poll');
    const api = (await (await fetch(`${server.url}/api/decks/quick-poll`)).json()) as { slides: Array<{ poll?: { id: string } }> };
    const poll = api.slides[1].poll!.id;
    const move = await presenter(session);
    const { page } = await follow(session);
    await page.click('#lectern-reading-toggle');
    await move(1);
    await waitReading(page, 'Which store?');
    const voter = await connectClient(server.url);
    assert.equal((await request<{ ok: boolean }>(voter, 'session:join', { session: session.id, follower: 'reading-test-voter-0001' })).ok, true);
    assert.equal((await request<{ ok: boolean }>(voter, 'poll:answer', { poll, choices: [1] })).ok, true);
    assert.equal((await request<{ ok: boolean }>(reveal, 'presenter:poll', { poll, action: 'reveal' })).ok, true);
    await waitReading(page, '100% · 1');
    await close(page);
  });
});

