// Chrome for Testing downloads (Chrome and its headless shell), through @puppeteer/browsers: where
// they live (PUPPETEER_CACHE_DIR, else ~/.cache/puppeteer, as puppeteer keeps them), the build
// puppeteer-core is made for, and the downloaded executable discovery (browser.ts) asks for.
// Fetching them is `npm install`'s set-up (cli/download-browser.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `chrome-headless-shell` prints (browser.ts prefers it for PDF export); `chrome` is the full browser. */
export type DownloadedBrowser = 'chrome' | 'chrome-headless-shell';

export function downloadCacheDir(env: Record<string, string | undefined>): string {
  return env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
}

/** The build puppeteer-core drives best, e.g. "148.0.7778.97" (the one puppeteer itself downloads). */
export async function pinnedBuild(browser: DownloadedBrowser): Promise<string> {
  const { PUPPETEER_REVISIONS } = await import('puppeteer-core/internal/revisions.js');
  return PUPPETEER_REVISIONS[browser];
}

/**
 * The executable of a downloaded browser at the pinned build, if it is there. Looking
 * at the folder first keeps @puppeteer/browsers unloaded on machines without downloads.
 */
export async function downloadedBrowser(env: Record<string, string | undefined>, browser: DownloadedBrowser): Promise<string | undefined> {
  const cacheDir = downloadCacheDir(env);
  try {
    if (!fs.readdirSync(path.join(cacheDir, browser), { withFileTypes: true }).some((e) => e.isDirectory())) return undefined;
  } catch {
    return undefined;
  }
  const { computeExecutablePath, Browser } = await import('@puppeteer/browsers');
  const id = browser === 'chrome' ? Browser.CHROME : Browser.CHROMEHEADLESSSHELL;
  const file = computeExecutablePath({ cacheDir, browser: id, buildId: await pinnedBuild(browser) });
  return fs.existsSync(file) ? file : undefined;
}
