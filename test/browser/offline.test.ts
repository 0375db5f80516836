// Offline-first in real headless Chromium (service workers run on http://127.0.0.1): a follower
// page loaded once is readable with the network off — every slide, the images beside the deck,
// the PDF, the deck page — and rejoins live when the network is back; a deck edited or a build
// replaced is never hidden behind the kept copy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, screenshot, waitForReveal } from '../helpers/browser.ts';
import { addLargeDeck, readerDecks, READER_DECK, READER_SLUG } from '../helpers/reader-deck.ts';
import { closeClients, createSession, joinAsPresenter, request } from '../live/helpers.ts';

const PHONE = { width: 390, height: 844 };
/** Keeping waits for the browser to be idle, and the PDF for an export: generous, as on a busy CI machine. */
const KEPT_MS = 60_000;
/** Pages here fetch the PDF to keep this long after keeping the page, not the pages' 10 s (PDF_DELAY_MS). */
const PDF_DELAY_TEST_MS = 1000;

/** When the page (data-offline) and its PDF (data-offline-pdf) were marked kept, in the page's clock. */
interface KeptAt {
  page?: number;
  pdf?: number;
}
const keptAt = (page: Page) => page.evaluate(() => (window as unknown as { keptAt: KeptAt }).keptAt);

describe('offline-first follower and deck pages', () => {
  let server: TestServer;
  let browser: Browser;
  let decksDir: string;

  before(async () => {
    decksDir = await readerDecks();
    server = await startServer({ decksDir });
    browser = await launchBrowser();
  });

  after(async () => {
    closeClients();
    await browser?.close();
    await server?.close();
  });

  /** A page in a fresh browser context: its own service worker and caches. */
  async function fresh(url: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.setViewport(PHONE);
    await page.evaluateOnNewDocument((delayMs) => {
      window.lecternPdfDelayMs = delayMs;
      const at: KeptAt = {};
      (window as unknown as { keptAt: KeptAt }).keptAt = at;
      new MutationObserver(() => {
        const { offline, offlinePdf } = document.documentElement.dataset;
        if (offline === 'kept') at.page ??= performance.now();
        if (offlinePdf === 'kept') at.pdf ??= performance.now();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-offline', 'data-offline-pdf'] });
    }, PDF_DELAY_TEST_MS);
    await page.goto(url, { waitUntil: 'load' });
    await waitForReveal(page);
    return { page, errors };
  }

  /**
   * The network off (or on) for the page and for its service worker: puppeteer's offline mode
   * covers the page's own requests only, and the worker fetches in a target of its own.
   */
  async function setOffline(page: Page, offline: boolean): Promise<void> {
    await page.setOfflineMode(offline);
    for (const target of page.browserContext().targets()) {
      if (target.type() !== 'service_worker') continue;
      const cdp = await target.createCDPSession();
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
  }

  const kept = (page: Page, pdf = true) =>
    page.waitForFunction((withPdf) => document.documentElement.dataset.offline === 'kept' && (!withPdf || document.documentElement.dataset.offlinePdf === 'kept'), { timeout: KEPT_MS, polling: 100 }, pdf);

  /** The current slide's text, fragments not shown yet included. */
  const slideText = (page: Page) => page.evaluate(() => window.Reveal.getCurrentSlide()?.textContent ?? '');

  async function browseEverySlide(page: Page): Promise<string[]> {
    const seen: string[] = [];
    const total = await page.evaluate(() => window.Reveal.getTotalSlides());
    for (let h = 0; h < total; h++) {
      await page.evaluate((n) => window.Reveal.slide(n, 0), h);
      await page.waitForFunction((n) => window.Reveal.getIndices().h === n, { timeout: 5000 }, h);
      seen.push(await slideText(page));
    }
    return seen;
  }

  test('a follower page loaded once: every slide, its images and the PDF with the network off; back online it lands on live', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { move } = await joinAsPresenter(server.url, session);
    await move(1);
    const { page, errors } = await fresh(session.followUrl);
    await page.waitForSelector('#lectern-status[data-state="live"]', { timeout: 10_000 });
    await kept(page);
    const at = await keptAt(page);
    assert.ok(at.page !== undefined && at.pdf !== undefined && at.pdf - at.page >= PDF_DELAY_TEST_MS, `the PDF is kept a delay after the page: ${JSON.stringify(at)}`);
    assert.deepEqual(await page.evaluate(() => caches.keys()).then((keys) => keys.filter((k) => k.startsWith('lectern-offline-')).length), 1);

    await setOffline(page, true);
    await move(3);
    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForSelector('#lectern-offline:not([hidden])', { timeout: 10_000 });
    assert.equal(await page.$eval('#lectern-offline', (el) => el.textContent), 'Offline · saved copy');
    assert.equal(await page.$eval('#lectern-status', (el) => getComputedStyle(el).display), 'none', 'no "Reconnecting…" that never ends');
    await screenshot(page, 'offline-follower');
    // The kept page opens where the live slide was when it was kept: the image slide.
    assert.equal(await page.evaluate(() => window.Reveal.getIndices().h), 1);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.reveal .present img')].every((img) => img.complete && img.naturalWidth > 0), { timeout: 5000 });

    // The session's socket never goes through the worker: back online, the page rejoins by itself
    // and lands on the slide the speaker moved to meanwhile.
    await setOffline(page, false);
    await page.waitForSelector('#lectern-status[data-state="live"]', { visible: true, timeout: 20_000 });
    await page.waitForFunction(() => window.Reveal.getIndices().h === 3, { timeout: 5000 });
    assert.equal(await page.$eval('#lectern-offline', (el) => (el as HTMLElement).hidden), true);

    // Offline again, the reader browses every slide (each one's images from the kept copy) and opens the PDF.
    await setOffline(page, true);
    const slides = await browseEverySlide(page);
    assert.equal(slides.length, 6);
    assert.match(slides[0], /Field notes from the edge/);
    assert.match(slides[2], /fetchWithRetry/);
    assert.match(slides[3], /Garden/);
    assert.match(slides[4], /Rejoin quietly/);
    const pdf = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, magic: String.fromCharCode(...bytes.slice(0, 5)) };
    }, `/decks/${READER_SLUG}.pdf`);
    assert.deepEqual(pdf, { status: 200, magic: '%PDF-' });
    assert.deepEqual(errors, []);

    // After the session, the deck page is there too, offline: the reader keeps the deck.
    await setOffline(page, true);
    await page.goto(`${server.url}/decks/${READER_SLUG}`, { waitUntil: 'load' });
    await waitForReveal(page);
    assert.equal(new URL(page.url()).pathname, `/decks/${READER_SLUG}/`);
    assert.match(await slideText(page), /Field notes from the edge/);
    await page.evaluate(() => window.Reveal.slide(1));
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.reveal .present img')].every((img) => img.complete && img.naturalWidth > 0), { timeout: 5000 });
    await page.browserContext().close();
  });

  test('the socket.io connection and the API are never answered by the worker', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { page } = await fresh(session.followUrl);
    await kept(page, false);
    const served = await page.evaluate(async (id) => {
      const api = await fetch(`/api/sessions/${id}`);
      const poll = await fetch('/socket.io/?EIO=4&transport=polling');
      const keys = await caches.open((await caches.keys()).find((k) => k.startsWith('lectern-offline-'))!).then((c) => c.keys());
      return { api: api.status, poll: poll.status, kept: keys.map((r) => new URL(r.url).pathname) };
    }, session.id);
    assert.equal(served.api, 200);
    assert.ok(served.kept.every((p) => !p.startsWith('/api/') && !p.startsWith('/socket.io')), served.kept.join('\n'));
    assert.ok(served.kept.includes(`/live/${session.id}`));
    assert.ok(served.kept.includes(`/decks/${READER_SLUG}/stage.png`));
    assert.ok(served.kept.some((p) => /^\/assets\/files\/inter-latin-wght-normal-\w+\.woff2$/.test(p)), 'the slide font');
    // Offline, they fail as they would without a worker (no stale session state from a cache).
    await setOffline(page, true);
    const offline = await page.evaluate(async (id) => fetch(`/api/sessions/${id}`).then((r) => r.status, () => 'failed'), session.id);
    assert.equal(offline, 'failed');
    await page.browserContext().close();
  });

  test('a deck edited after the visit shows at once online, and is what is kept for offline', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { page } = await fresh(session.followUrl);
    await kept(page, false);
    const file = path.join(decksDir, READER_SLUG, 'index.md');
    await fs.writeFile(file, READER_DECK.replace('# Field notes from the edge', '# Field notes, second edition'));
    try {
      await page.reload({ waitUntil: 'load' });
      await waitForReveal(page);
      await page.evaluate(() => window.Reveal.slide(0));
      assert.match(await slideText(page), /second edition/, 'the network answers first');
      await setOffline(page, true);
      await page.reload({ waitUntil: 'load' });
      await waitForReveal(page);
      await page.evaluate(() => window.Reveal.slide(0));
      assert.match(await slideText(page), /second edition/, 'the kept copy is the fresh one');
    } finally {
      await fs.writeFile(file, READER_DECK);
      await page.browserContext().close();
    }
  });

  test("each build has its own cache, named by the build's id; a worker taking over drops the others", async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { page } = await fresh(session.followUrl);
    await kept(page, false);
    const script = await fetch(`${server.url}/sw.js`);
    assert.equal(script.headers.get('cache-control'), 'no-cache');
    assert.match(script.headers.get('content-security-policy') ?? '', /worker-src 'self'/);
    const body = await script.text();
    const [name] = await page.evaluate(() => caches.keys());
    assert.match(name, /^lectern-offline-[0-9a-f]{16}$/);
    assert.ok(body.includes(name.slice('lectern-offline-'.length)), 'the cache name is the id built into the script');
    // Pages name their build: the worker serves their bundles from its cache only when it is its own.
    assert.equal((await fetch(session.followUrl)).headers.get('x-lectern-build'), name.slice('lectern-offline-'.length));

    // A worker from another build: its activation is what deletes caches of other names.
    await page.evaluate(async () => {
      await (await caches.open('lectern-offline-0000000000000000')).put('/stale', new Response('old build'));
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.unregister();
    });
    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForFunction(async () => !(await caches.keys()).includes('lectern-offline-0000000000000000'), { timeout: KEPT_MS, polling: 200 });
    assert.deepEqual(await page.evaluate(() => caches.keys()), [name]);
    await page.browserContext().close();
  });

  test('a PDF over a few MB is kept only when the reader says yes', async () => {
    const session = await createSession(server.url, await addLargeDeck(decksDir));
    // Two readers at once: one keeps it, one does not.
    const [yes, no] = await Promise.all([fresh(session.followUrl), fresh(session.followUrl)]);
    const asked = async (page: Page) => {
      await kept(page, false);
      await page.waitForSelector('#lectern-offline-prompt', { visible: true, timeout: KEPT_MS });
      return page.$eval('#lectern-offline-prompt', (el) => (el as HTMLElement).innerText);
    };
    const [question] = await Promise.all([asked(yes.page), asked(no.page)]);
    assert.match(question, /Keep the PDF \([5-9]\.\d MB\) on this device/);
    assert.equal(await yes.page.evaluate(() => document.documentElement.dataset.offlinePdf), undefined, 'nothing kept before the answer');
    await screenshot(yes.page, 'offline-pdf-prompt');

    const pdfKept = (page: Page) => page.evaluate(async () => (await (await caches.open((await caches.keys())[0])).keys()).some((r) => r.url.endsWith('.pdf')));
    await yes.page.click('#lectern-offline-prompt .off-prompt__button--yes');
    await no.page.click('#lectern-offline-prompt .off-prompt__button:not(.off-prompt__button--yes)');
    await yes.page.waitForFunction(() => document.documentElement.dataset.offlinePdf === 'kept', { timeout: KEPT_MS });
    await no.page.waitForFunction(() => document.documentElement.dataset.offlinePdf === 'declined', { timeout: 5000 });
    assert.equal(await pdfKept(yes.page), true);
    assert.equal(await pdfKept(no.page), false);
    assert.equal(await no.page.$('#lectern-offline-prompt'), null);
    await Promise.all([yes.page.browserContext().close(), no.page.browserContext().close()]);
  });

  test('after the session ends, the follower link still opens the kept deck, which says the session ended', async () => {
    const session = await createSession(server.url, READER_SLUG);
    const { socket } = await joinAsPresenter(server.url, session);
    const { page, errors } = await fresh(session.followUrl);
    await kept(page, false);
    assert.equal((await request<{ ok: boolean }>(socket, 'presenter:end', {})).ok, true);
    await page.waitForSelector('#lectern-ended:not([hidden])', { timeout: 5000 });
    assert.equal((await fetch(session.followUrl)).status, 404, 'the server has forgotten the session');

    await page.reload({ waitUntil: 'load' });
    await waitForReveal(page);
    await page.waitForSelector('#lectern-ended:not([hidden])', { timeout: 10_000 });
    assert.match(await slideText(page), /Field notes from the edge/);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#lectern-ended a')]);
    await waitForReveal(page);
    assert.equal(new URL(page.url()).pathname, `/decks/${READER_SLUG}/`);
    assert.deepEqual(errors, []);
    await page.browserContext().close();
  });
});
