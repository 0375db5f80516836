// One headless Chromium per test file, found the same way the PDF exporter finds it.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BROWSER_ARGS, findBrowser } from '../../server/pdf/browser.ts';

export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await findBrowser(),
    headless: true,
    args: BROWSER_ARGS,
  });
}

/** A page that records console errors and page errors, so tests can assert there were none. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1920, height: 1080 }): Promise<{ page: Page; errors: string[] }> {
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
