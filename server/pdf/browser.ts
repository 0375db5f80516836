// Finding a browser for PDF export and browser tests, in layers: CHROME_PATH →
// PUPPETEER_EXECUTABLE_PATH → a Chrome for Testing download (download.ts) → the usual system
// paths → chromium/chrome on PATH. Every outside fact (env, files, downloads) is injectable, so
// the order is unit-tested without touching the machine.
//
// PDF export asks for a `print` browser: within each layer it prefers Chromium's headless shell
// (the `chrome-headless-shell` download, Debian's `chromium-headless-shell`), the same Blink
// without the desktop browser around it. New-style headless Chromium starts the full browser UI
// hidden (it even loads the omnibox popup's WebUI, ~300 chrome:// resources) and prints slower:
// a 27-slide export takes 0.78 s with the shell against 1.35 s with /usr/bin/chromium on a
// 2-core machine. Pages and tests ask for the `full` browser, as users see it.
import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { downloadedBrowser } from './download.ts';

export type BrowserSource = 'CHROME_PATH' | 'PUPPETEER_EXECUTABLE_PATH' | 'puppeteer' | 'system' | 'PATH';

/** `print`: PDF export, the headless shell first; `full`: the desktop browser (pages, tests). */
export type BrowserKind = 'print' | 'full';

export interface FoundBrowser {
  executablePath: string;
  source: BrowserSource;
}

export interface BrowserLookup {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  isExecutable(file: string): boolean;
  /** The Chrome for Testing download (npm install on a machine with internet), if any: its headless shell for `print`. */
  puppeteerBrowser(env: Record<string, string | undefined>, kind: BrowserKind): Promise<string | undefined>;
}

const SYSTEM_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files\\Chromium\\Application\\chrome.exe',
  ],
};

/** Headless shells, tried first for `print` (the Chrome for Testing download is asked separately). */
const SHELL_PATHS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium-headless-shell'],
};

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome'];
const SHELL_NAMES = ['chromium-headless-shell', 'chrome-headless-shell'];

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const defaultLookup: BrowserLookup = {
  env: process.env,
  platform: process.platform,
  isExecutable: isExecutableFile,
  async puppeteerBrowser(env, kind) {
    try {
      return (kind === 'print' ? await downloadedBrowser(env, 'chrome-headless-shell') : undefined) ?? (await downloadedBrowser(env, 'chrome'));
    } catch {
      return undefined; // an unreadable cache folder: the next layers decide
    }
  },
};

function onPath(lookup: BrowserLookup, names: string[]): string | undefined {
  const win = lookup.platform === 'win32';
  const dirs = (lookup.env.PATH ?? lookup.env.Path ?? '').split(win ? ';' : ':').filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const file = (win ? path.win32 : path.posix).join(dir, win ? `${name}.exe` : name);
      if (lookup.isExecutable(file)) return file;
    }
  }
  return undefined;
}

/** Where the browser is, and which layer found it; throws LecternError 'browser-not-found'. */
export async function locateBrowser(overrides: Partial<BrowserLookup> = {}, kind: BrowserKind = 'full'): Promise<FoundBrowser> {
  const lookup: BrowserLookup = { ...defaultLookup, ...overrides };
  for (const variable of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const file = lookup.env[variable];
    if (!file) continue;
    // An explicit choice that is wrong is an error, not a reason to silently pick another browser.
    if (!lookup.isExecutable(file)) {
      throw new LecternError('browser-not-found', `${variable} is set to "${file}", which is not an executable browser: fix or unset it`);
    }
    return { executablePath: path.resolve(file), source: variable };
  }
  const downloaded = await lookup.puppeteerBrowser(lookup.env, kind);
  if (downloaded && lookup.isExecutable(downloaded)) return { executablePath: downloaded, source: 'puppeteer' };
  const shells = kind === 'print' ? (SHELL_PATHS[lookup.platform] ?? []) : [];
  const system = [...shells, ...(SYSTEM_PATHS[lookup.platform] ?? [])].find((file) => lookup.isExecutable(file));
  if (system) return { executablePath: system, source: 'system' };
  const fromPath = onPath(lookup, kind === 'print' ? [...SHELL_NAMES, ...PATH_NAMES] : PATH_NAMES);
  if (fromPath) return { executablePath: fromPath, source: 'PATH' };
  throw new LecternError(
    'browser-not-found',
    'no Chromium or Chrome found: install one (Debian/Ubuntu: `apt-get install chromium`) or set CHROME_PATH to its executable',
  );
}

/** The browser's executable path (see locateBrowser). */
export async function findBrowser(env: Record<string, string | undefined> = process.env, overrides: Partial<BrowserLookup> = {}, kind: BrowserKind = 'full'): Promise<string> {
  return (await locateBrowser({ ...overrides, env }, kind)).executablePath;
}

/** True for Chromium's headless shell (by its file name), which is always headless. */
export function isHeadlessShell(executablePath: string): boolean {
  return /headless[-_]shell(\.exe)?$/i.test(path.basename(executablePath));
}

/** Flags for a headless browser on a machine with no network beyond loopback. */
export const HEADLESS_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--font-render-hinting=none',
];

/**
 * HEADLESS_ARGS with Chromium's sandbox off, for browsers that only load Lectern's own pages
 * (tests, screenshots, benchmarks), as root in CI. The PDF exporter, which loads untrusted decks,
 * decides its sandbox itself (sandbox.ts).
 */
export const BROWSER_ARGS = ['--no-sandbox', ...HEADLESS_ARGS];
