// The Chrome for Testing download of `npm install`'s set-up (cli/download-browser.ts) and how
// discovery finds it (server/pdf/download.ts), with the network and the installer injected:
// nothing here leaves the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, computeExecutablePath } from '@puppeteer/browsers';
import { PUPPETEER_REVISIONS } from 'puppeteer-core/internal/revisions.js';
import { downloadedBrowser } from '../../server/pdf/download.ts';
import { downloadBrowsers, type DownloadDeps } from '../../cli/download-browser.ts';
import { setupBrowser } from '../../cli/setup-browser.ts';

function deps(overrides: Partial<DownloadDeps> & { online?: boolean } = {}) {
  const probes: string[] = [];
  const installs: string[] = [];
  const lines: string[] = [];
  const all: DownloadDeps = {
    env: { PUPPETEER_CACHE_DIR: '/cache' },
    reachable: async (host, port) => {
      probes.push(`${host}:${port}`);
      return overrides.online ?? true;
    },
    install: async (browser, cacheDir) => {
      installs.push(browser);
      return `${cacheDir}/${browser}/bin`;
    },
    say: (line) => lines.push(line),
    ...overrides,
  };
  return { deps: all, probes, installs, lines };
}

test('online: the headless shell and Chrome are downloaded into the cache, one line each', async () => {
  const { deps: d, probes, installs, lines } = deps();
  assert.equal(await downloadBrowsers(d), 'downloaded');
  assert.deepEqual(probes, ['storage.googleapis.com:443']);
  assert.deepEqual(installs, ['chrome-headless-shell', 'chrome']);
  assert.deepEqual(lines, ['chrome-headless-shell downloaded to /cache/chrome-headless-shell/bin', 'chrome downloaded to /cache/chrome/bin']);
});

test('the download host unreachable: nothing is downloaded, one line says so', async () => {
  const { deps: d, installs, lines } = deps({ online: false });
  assert.equal(await downloadBrowsers(d), 'unreachable');
  assert.deepEqual(installs, []);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /storage\.googleapis\.com is unreachable/);
});

test('another download host is probed at its own port; behind a proxy the download is tried without a probe', async () => {
  const mirror = deps({ env: { PUPPETEER_CHROME_DOWNLOAD_BASE_URL: 'http://mirror.example:8080/cft' } });
  await downloadBrowsers(mirror.deps);
  assert.deepEqual(mirror.probes, ['mirror.example:8080']);
  const proxied = deps({ env: { HTTPS_PROXY: 'http://proxy:3128' }, online: false });
  assert.equal(await downloadBrowsers(proxied.deps), 'downloaded');
  assert.deepEqual(proxied.probes, []);
});

test('PUPPETEER_SKIP_DOWNLOAD skips it; a failed download is one line, never a thrown error', async () => {
  const skipped = deps({ env: { PUPPETEER_SKIP_DOWNLOAD: 'true' } });
  assert.equal(await downloadBrowsers(skipped.deps), 'skipped');
  assert.deepEqual([skipped.probes, skipped.installs, skipped.lines], [[], [], []]);
  const broken = deps({
    install: async () => {
      throw new Error('connection reset');
    },
  });
  assert.equal(await downloadBrowsers(broken.deps), 'failed');
  assert.match(broken.lines[0], /the Chrome download failed \(connection reset\)/);
});

test('the set-up downloads first, then looks for a browser (so it finds the download)', async () => {
  const order: string[] = [];
  const outcome = await setupBrowser({
    env: {},
    platform: 'linux',
    download: async () => order.push('download'),
    locate: async () => {
      order.push('locate');
      return { executablePath: '/cache/chrome-headless-shell/bin', source: 'puppeteer' };
    },
    isExecutable: () => false,
    canApt: () => false,
    apt: () => false,
    say: () => undefined,
  });
  assert.equal(outcome, 'found');
  assert.deepEqual(order, ['download', 'locate']);
});

test("a download is found at puppeteer-core's build in PUPPETEER_CACHE_DIR, the headless shell on its own", async () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-download-'));
  try {
    const env = { PUPPETEER_CACHE_DIR: cacheDir };
    assert.equal(await downloadedBrowser(env, 'chrome-headless-shell'), undefined, 'an empty cache');
    const shell = computeExecutablePath({ cacheDir, browser: Browser.CHROMEHEADLESSSHELL, buildId: PUPPETEER_REVISIONS['chrome-headless-shell'] });
    fs.mkdirSync(path.dirname(shell), { recursive: true });
    fs.writeFileSync(shell, '');
    assert.equal(await downloadedBrowser(env, 'chrome-headless-shell'), shell);
    assert.equal(await downloadedBrowser(env, 'chrome'), undefined, 'Chrome itself was not downloaded');
    // Another build in the folder is not the one puppeteer-core drives.
    fs.mkdirSync(path.join(cacheDir, 'chrome', 'linux-1.0.0.0'), { recursive: true });
    assert.equal(await downloadedBrowser(env, 'chrome'), undefined);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
