// Frames a deck brings are sandboxed on screen: slide <iframe>s by the sanitizer, and the
// background iframes reveal.js creates itself by the page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import { IFRAME_SANDBOX } from '../../shared/embeds.ts';

describe('frames in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    const decksDir = await copyDecks();
    server = await startServer({ decksDir });
    // The frame's address only has to be absolute http(s); the test server itself (allowed by the
    // page's frame-src 'self') will do. Decks are read on request, so the file can come now.
    const frameUrl = `${server.url}/healthz`;
    const deck = `---\ntitle: Frames\n---\n\n<!-- .slide: data-background-iframe="${frameUrl}" -->\n# Background frame\n\n---\n\n# Embedded\n\n<iframe src="${frameUrl}"></iframe>\n\n[preview](${frameUrl}) <!-- .element: data-preview-link -->\n`;
    await fs.writeFile(path.join(decksDir, 'frames.md'), deck);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('background iframes get the deck sandbox before their document loads; preview links open as links', async () => {
    const { page, errors } = await openPage(browser, `${server.url}/decks/frames`);
    await waitForReveal(page);
    await page.waitForFunction(() => document.querySelector('.backgrounds iframe[src]') !== null, { timeout: 5000 });
    const frame = await page.$eval('.backgrounds iframe', (f) => ({ sandbox: f.getAttribute('sandbox'), src: f.getAttribute('src') }));
    assert.equal(frame.sandbox, IFRAME_SANDBOX);
    assert.match(frame.src ?? '', /\/healthz$/);
    const embedded = await page.$eval('.slides iframe', (f) => f.getAttribute('sandbox'));
    assert.equal(embedded, IFRAME_SANDBOX);
    const link = await page.$eval('.slides a[href$="/healthz"]', (a) => a.hasAttribute('data-preview-link'));
    assert.equal(link, false);
    assert.deepEqual(errors, []);
  });
});
