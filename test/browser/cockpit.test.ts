// The presenter's cockpit in real headless Chromium: Present live starts where the speaker is,
// the slide grid and jump-to-number (one move for followers), the countdown. With
// LECTERN_TEST_SCREENSHOTS=<folder>, screenshots land there for a human to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'puppeteer-core';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser, openPage, waitForReveal } from '../helpers/browser.ts';
import type { LiveState } from '../../shared/protocol.ts';
import { waitFor } from '../helpers/wait.ts';

/** Fourteen slides; the twelfth has two fragments. */
export const COCKPIT = `---
title: Cockpit talk
duration: 30m
---

${Array.from({ length: 14 }, (_, i) =>
  i === 11
    ? `## Slide 12\n\n- One <!-- .element: class="fragment" -->\n- Two <!-- .element: class="fragment" -->\n\nNote: notes of twelve`
    : `## Slide ${i + 1}\n\nText of slide ${i + 1}.\n\nNote: notes of ${i + 1}`,
).join('\n\n---\n\n')}
`;

const LAPTOP = { width: 1920, height: 1080 };

describe('presenter cockpit in Chromium', () => {
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
});
