// `npm install`'s Chrome for Testing download (Chrome and its headless shell) through
// @puppeteer/browsers, at the build puppeteer-core is made for, when the download host can be
// reached. Offline, firewalled or in CI the set-up skips the download and finds or installs a
// system Chromium instead (setup-browser.ts). Where the downloads live and how discovery finds
// them is server/pdf/download.ts.
import net from 'node:net';
import { downloadCacheDir, pinnedBuild, type DownloadedBrowser } from '../server/pdf/download.ts';

const DEFAULT_DOWNLOAD_HOST = 'https://storage.googleapis.com';

/** What downloading needs from the machine, injectable for tests. */
export interface DownloadDeps {
  env: Record<string, string | undefined>;
  /** True when a TCP connection to host:port opens within a few seconds. */
  reachable(host: string, port: number): Promise<boolean>;
  /** Downloads and unpacks one browser into the cache; resolves with its executable. */
  install(browser: DownloadedBrowser, cacheDir: string, baseUrl: string | undefined): Promise<string>;
  say(line: string): void;
}

export type DownloadOutcome = 'skipped' | 'unreachable' | 'downloaded' | 'failed';

/**
 * Downloads Chrome and its headless shell, as puppeteer's own install did, unless told not to
 * (PUPPETEER_SKIP_DOWNLOAD) or the download host cannot be reached. Behind a proxy a direct
 * probe says nothing, so the download is tried. Never throws: a failed download is one line,
 * and the set-up goes on to the system's browsers.
 */
export async function downloadBrowsers(deps: DownloadDeps): Promise<DownloadOutcome> {
  const { env } = deps;
  if (['1', 'true'].includes(env.PUPPETEER_SKIP_DOWNLOAD ?? '')) return 'skipped';
  const baseUrl = env.PUPPETEER_CHROME_DOWNLOAD_BASE_URL || undefined;
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'npm_config_https_proxy', 'npm_config_proxy'].some((name) => env[name]);
  if (!proxied) {
    let url: URL;
    try {
      url = new URL(baseUrl ?? DEFAULT_DOWNLOAD_HOST);
    } catch {
      deps.say(`PUPPETEER_CHROME_DOWNLOAD_BASE_URL is not a URL ("${baseUrl}"): no browser download`);
      return 'failed';
    }
    if (!(await deps.reachable(url.hostname, Number(url.port) || (url.protocol === 'http:' ? 80 : 443)))) {
      deps.say(`${url.hostname} is unreachable, so no Chrome download; PDF export will use a system Chromium`);
      return 'unreachable';
    }
  }
  const cacheDir = downloadCacheDir(env);
  try {
    for (const browser of ['chrome-headless-shell', 'chrome'] as const) {
      deps.say(`${browser} downloaded to ${await deps.install(browser, cacheDir, baseUrl)}`);
    }
    return 'downloaded';
  } catch (err) {
    deps.say(`the Chrome download failed (${err instanceof Error ? err.message : String(err)}); looking for a system Chromium instead`);
    return 'failed';
  }
}

export function tcpReachable(host: string, port: number, timeoutMs = 4000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** The real download, at the pinned build, with @puppeteer/browsers' progress bar. */
export async function installBrowser(browser: DownloadedBrowser, cacheDir: string, baseUrl: string | undefined): Promise<string> {
  // npm passes its proxy settings as npm_config_*; the downloader reads the usual variables.
  const { env } = process;
  env.HTTPS_PROXY ??= env.npm_config_https_proxy || env.npm_config_proxy || undefined;
  env.HTTP_PROXY ??= env.npm_config_http_proxy || env.npm_config_proxy || undefined;
  env.NO_PROXY ??= env.npm_config_no_proxy || undefined;
  const { install, Browser } = await import('@puppeteer/browsers');
  const result = await install({
    browser: browser === 'chrome' ? Browser.CHROME : Browser.CHROMEHEADLESSSHELL,
    buildId: await pinnedBuild(browser),
    cacheDir,
    baseUrl,
    downloadProgressCallback: 'default',
  });
  return result.executablePath;
}
