// A deck that takes the pages' own ids, fakes their data block and writes speaker notes as
// data-notes (test/fixtures/decks/hostile-ids.md), on every page that shows slides, in real
// Chromium: the deck page, the presenter view, the follower page and the PDF print pages must
// work as with any deck, and the notes must reach the presenter and the handout only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { createSession } from '../live/helpers.ts';
import { pageTexts, squash } from '../pdf/pdf-tools.ts';
import { projectRoot } from '../../server/config.ts';
import { RESERVED_ID_PREFIX } from '../../server/deck/reserved.ts';
import { DeckStore } from '../../server/decks/store.ts';
import { clientDir } from '../../server/http/assets.ts';
import { printPage } from '../../server/pdf/print-page.ts';
import { PrintServer } from '../../server/pdf/print-server.ts';
import { PRINT_STATE_ATTRIBUTE } from '../../shared/print.ts';

const FIXTURE = await fs.readFile(path.join(projectRoot, 'test', 'fixtures', 'decks', 'hostile-ids.md'), 'utf8');
// The same deck through reveal.js's own print view (r-fit-text needs reveal's code: print-page.ts).
const REVEAL_PRINT = `${FIXTURE}\n---\n\n<p class="r-fit-text">Fitted</p>\n`;
const SECRETS = /SECRET-DATA-NOTES|SECRET-NOTE-HOSTILE-IDS/;

/** Whether the page's own element `selector` is what a click on its centre lands on (not a slide's element over it). */
const onTop = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const box = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
  });

/** Ids of the page's own elements: every element with an id outside the slides. */
const pageIds = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[id]')].filter((el) => !el.closest('.slides')).map((el) => el.id));

// One browser for the file.
let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('a deck that takes the pages’ ids', () => {
  let server: TestServer;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'hostile-ids.md': FIXTURE, 'hostile-ids-reveal.md': REVEAL_PRINT });
    server = await startServer({ decksDir });
  });

  after(async () => {
    await server?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('the deck page works as usual; author ids in the namespace are renamed, ordinary ones kept', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/hostile-ids`);
    await waitForReveal(page);
    assert.equal(await page.evaluate(() => window.Reveal.getTotalSlides()), 3);
    assert.equal(await page.$eval('#lectern-present-live', (el) => (el as HTMLElement).dataset.slug), 'hostile-ids');
    const inSlides = await page.$$eval('.slides [id]', (els) => els.map((el) => el.id));
    assert.ok(inSlides.includes('author-lectern-data') && inSlides.includes('intro') && inSlides.includes('status'), inSlides.join(' '));
    assert.deepEqual(inSlides.filter((id) => id.startsWith(RESERVED_ID_PREFIX)), []);
    // reveal.js links to slide ids still work, renamed ones too. (Clicked in the page: the
    // deck's own overlay lies over its links.)
    await page.$eval('a[href="#/intro"]', (el) => (el as HTMLElement).click());
    await page.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000 });
    await page.$eval('a[href="#/author-lectern-deck"]', (el) => (el as HTMLElement).click());
    await page.waitForFunction(() => window.Reveal.getIndices().h === 0, { timeout: 5000 });
    // A slide's fixed, topmost element (or one with the page's overlay classes) stays in the slide.
    assert.equal(await onTop(page, '#lectern-present-live'), true, 'the toolbar is not covered');
    // The link lost its named target.
    assert.deepEqual(await page.$$eval('.slides a[target]', (els) => els.map((el) => el.getAttribute('target'))), []);
    assert.doesNotMatch(await page.content(), SECRETS);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('presenter view and follower page: the right session, notes from data-notes for the presenter only', async () => {
    const { page: presenter, errors: presenterErrors } = await openPage(browser, `${server.url}/decks/hostile-ids`);
    await waitForReveal(presenter);
    await Promise.all([presenter.waitForNavigation(), presenter.click('#lectern-present-live')]);
    await waitForReveal(presenter);
    await presenter.waitForFunction(() => document.body.dataset.joined === 'presenter', { timeout: 10_000, polling: 50 });
    assert.equal(await presenter.evaluate(() => location.hash), '', 'the key is off the address bar');
    const notes = await presenter.$eval('#lectern-notes', (el) => ({ text: el.textContent ?? '', bold: el.querySelectorAll('b').length }));
    for (const secret of ['SECRET-DATA-NOTES-SLIDE <b>not markup</b>', 'SECRET-DATA-NOTES-ELEMENT', 'SECRET-DATA-NOTES-FRAGMENT', 'SECRET-NOTE-HOSTILE-IDS']) {
      assert.ok(notes.text.includes(secret), `notes show "${secret}": ${notes.text}`);
    }
    assert.equal(notes.bold, 0, 'data-notes is text, not markup');
    assert.equal(await presenter.$eval('#lectern-position', (el) => el.textContent), 'Slide 1 of 3');
    for (const own of ['#lectern-next-button', '#lectern-notes', '#lectern-status']) assert.equal(await onTop(presenter, own), true, `${own} is not covered`);

    const session = new URL(presenter.url()).pathname.split('/').pop()!;
    const { page: follower, errors: followerErrors } = await openPage(browser, `${server.url}/live/${session}`, { width: 390, height: 844 });
    await waitForReveal(follower);
    await follower.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    assert.doesNotMatch(await follower.content(), SECRETS);
    // It joined this session (not the fake block's), so the presenter counts it and it follows.
    await presenter.waitForFunction(() => document.getElementById('lectern-followers')?.textContent === '1', { timeout: 5000, polling: 50 });
    // The page's own button, clicked in the page (a tab behind the follower's gets no frames for a mouse click).
    const next = () => presenter.$eval('#lectern-next-button', (el) => (el as HTMLElement).click());
    await next();
    await next();
    await presenter.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000, polling: 50 });
    await follower.waitForFunction(() => window.Reveal.getIndices().h === 1, { timeout: 5000, polling: 50 });
    assert.equal(await presenter.$eval('#lectern-position', (el) => el.textContent), 'Slide 2 of 3');

    // The phone-remote QR code lands in the page's own box.
    await presenter.evaluate(() => ((document.getElementById('lectern-remote') as HTMLDetailsElement).open = true));
    await presenter.waitForSelector('#lectern-remote-qr svg', { timeout: 5000 });
    assert.deepEqual(presenterErrors, []);
    assert.deepEqual(followerErrors, []);
    await follower.close();
    await presenter.close();
  });

  test('the PDF, from both print pages: numbered pages, no notes unless asked for', async () => {
    for (const slug of ['hostile-ids', 'hostile-ids-reveal']) {
      const res = await fetch(`${server.url}/decks/${slug}.pdf`);
      assert.equal(res.status, 200, `${slug}: ${res.status}`);
      const texts = await pageTexts(new Uint8Array(await res.arrayBuffer()));
      const total = slug === 'hostile-ids' ? 3 : 4;
      assert.equal(texts.length, total);
      texts.forEach((text, i) => assert.ok(squash(text).includes(`${i + 1}/${total}`), `${slug} page ${i + 1}: ${text}`));
      assert.doesNotMatch(texts.join('\n'), SECRETS);
      assert.doesNotMatch(texts.join('\n'), /injected/);

      const handout = await fetch(`${server.url}/decks/${slug}.pdf?notes=1`);
      assert.equal(handout.status, 200);
      const first = (await pageTexts(new Uint8Array(await handout.arrayBuffer())))[0];
      assert.ok(squash(first).includes(squash('SECRET-DATA-NOTES-SLIDE <b>not markup</b>')), `${slug} handout: ${first}`);
    }
  });

  test('every id of every page is in the reserved namespace, and the fixture takes each one', async () => {
    const created = await createSession(server.url, 'hostile-ids');
    const ids = new Set<string>();
    for (const url of ['/', '/decks/hostile-ids', `/live/${created.id}`, created.presenterUrl.replace(server.url, ''), '/live', '/live?session=0']) {
      const { page } = await openPage(browser, `${server.url}${url}`);
      for (const id of await pageIds(page)) ids.add(id);
      await page.close();
    }
    // The print page's own ids, from a deck that has none of its own.
    const plain = await new DeckStore(path.join(projectRoot, 'test', 'fixtures', 'decks')).load('vertical');
    for (const [, id] of printPage(plain, { notes: true }).html.matchAll(/\sid="([^"]+)"/g)) ids.add(id);
    assert.ok(ids.size > 40, `${ids.size} ids`);
    for (const id of ids) {
      assert.ok(id.startsWith(RESERVED_ID_PREFIX), `the page id "${id}" is outside the namespace`);
      assert.ok(FIXTURE.includes(`id="${id}"`), `hostile-ids.md takes "${id}"`);
      assert.ok(FIXTURE.includes(`id="${id.slice(RESERVED_ID_PREFIX.length)}"`) || id === 'lectern-data', `hostile-ids.md takes "${id}" without the prefix`);
    }
  });
});

describe('the print page checks its page data', () => {
  let printServer: PrintServer;

  before(() => {
    printServer = new PrintServer(clientDir);
  });

  after(async () => {
    await printServer?.close();
  });

  async function printState(html: string): Promise<{ state: string; label: string; injected: number }> {
    const job = await printServer.add({ html, slug: 'vertical' });
    const page = await browser.newPage();
    try {
      await page.goto(`${job.url}?view=print`);
      await page.waitForFunction((name) => document.documentElement.hasAttribute(name), { timeout: 15_000 }, PRINT_STATE_ATTRIBUTE);
      return await page.evaluate((name) => ({
        state: document.documentElement.getAttribute(name) ?? '',
        label: document.querySelector('.slide-number-pdf')?.textContent ?? '',
        injected: document.querySelectorAll('.slide-number-pdf b, .slide-number-pdf i').length,
      }), PRINT_STATE_ATTRIBUTE);
    } finally {
      await page.close();
      job.remove();
    }
  }

  test('slide numbers that are markup are refused, not rendered', async () => {
    const loaded = await new DeckStore(path.join(projectRoot, 'test', 'fixtures', 'decks')).load('vertical');
    const { html } = printPage(loaded, {});
    const good = await printState(html);
    assert.equal(good.state, 'ready');
    assert.match(good.label, /^1\/\d+$/);

    const crafted = html.replace(/"numbers":\{"0\.0":1/, '"numbers":{"0.0":"<b>1</b>"').replace(/"total":\d+/, '"total":"<i>9</i>"');
    assert.notEqual(crafted, html);
    const bad = await printState(crafted);
    assert.equal(bad.injected, 0);
    assert.match(bad.state, /^error: /);
  });
});
