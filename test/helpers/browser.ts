// One headless Chromium per test file, found the same way the PDF exporter finds it.
import fs from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BROWSER_ARGS, findBrowser } from '../../server/pdf/browser.ts';

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await findBrowser(),
    headless: true,
    args: BROWSER_ARGS,
  });
}

/**
 * A page that records console errors and page errors, so tests can assert there were none. In a
 * browser context of its own (`browser.createBrowserContext()`), a page is its window's only tab,
 * so it draws frames while other pages are in front.
 */
export async function openPage(browser: Pick<Browser, 'newPage'>, url: string, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.setViewport(viewport);
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

export async function waitForReveal(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.Reveal?.isReady?.()), { timeout: 15000 });
}

/**
 * A screenshot for a human to look at, written only when LECTERN_TEST_SCREENSHOTS names a folder
 * (e.g. `LECTERN_TEST_SCREENSHOTS=/tmp/shots npm test`): by default tests write no files.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.LECTERN_TEST_SCREENSHOTS;
  if (!dir) return;
  // Where the page settles: finite CSS transitions and animations (slide changes) over. A tab
  // behind another may never run them, and a picture is no assertion: then it is taken as it is.
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), { timeout: 2000, polling: 50 })
    .catch(() => undefined);
  await fs.mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
