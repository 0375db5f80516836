// Browser discovery (server/pdf/browser.ts) with an injected machine: env, files, puppeteer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findBrowser, isHeadlessShell, locateBrowser, type BrowserLookup } from '../../server/pdf/browser.ts';
import { LecternError } from '../../shared/errors.ts';

function machine(files: string[], env: Record<string, string> = {}, extra: Partial<BrowserLookup> = {}): Partial<BrowserLookup> {
  const executables = new Set(files);
  return {
    env,
    platform: 'linux',
    isExecutable: (file) => executables.has(file),
    puppeteerBrowser: async () => undefined,
    ...extra,
  };
}

test('CHROME_PATH wins over everything else', async () => {
  const found = await locateBrowser(machine(['/opt/chrome/chrome', '/usr/bin/chromium'], { CHROME_PATH: '/opt/chrome/chrome', PUPPETEER_EXECUTABLE_PATH: '/usr/bin/chromium' }));
  assert.deepEqual(found, { executablePath: '/opt/chrome/chrome', source: 'CHROME_PATH' });
});

test("PUPPETEER_EXECUTABLE_PATH is next, before puppeteer's own download", async () => {
  const found = await locateBrowser(
    machine(['/srv/chromium', '/root/.cache/puppeteer/chrome'], { PUPPETEER_EXECUTABLE_PATH: '/srv/chromium' }, { puppeteerBrowser: async () => '/root/.cache/puppeteer/chrome' }),
  );
  assert.equal(found.source, 'PUPPETEER_EXECUTABLE_PATH');
});

test('a set but wrong CHROME_PATH is an error naming the variable, not a silent fallback', async () => {
  await assert.rejects(
    locateBrowser(machine(['/usr/bin/chromium'], { CHROME_PATH: '/nonexistent/chrome' })),
    (err) => err instanceof LecternError && err.code === 'browser-not-found' && /CHROME_PATH is set to "\/nonexistent\/chrome"/.test(err.message),
  );
});

test('a browser puppeteer downloaded comes before system browsers', async () => {
  const chrome = '/root/.cache/puppeteer/chrome/linux-148/chrome-linux64/chrome';
  const found = await locateBrowser(machine([chrome, '/usr/bin/chromium'], {}, { puppeteerBrowser: async () => chrome }));
  assert.deepEqual(found, { executablePath: chrome, source: 'puppeteer' });
});

test("puppeteer's path is ignored when that file is not there (download skipped)", async () => {
  const found = await locateBrowser(machine(['/usr/bin/chromium'], {}, { puppeteerBrowser: async () => '/root/.cache/puppeteer/chrome/missing' }));
  assert.deepEqual(found, { executablePath: '/usr/bin/chromium', source: 'system' });
});

test('system paths in order: chromium before google-chrome', async () => {
  const found = await locateBrowser(machine(['/usr/bin/google-chrome', '/usr/bin/chromium-browser']));
  assert.equal(found.executablePath, '/usr/bin/chromium-browser');
});

test('per platform: macOS application bundles', async () => {
  const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
  const found = await locateBrowser(machine([chrome, '/usr/bin/chromium'], {}, { platform: 'darwin' }));
  assert.deepEqual(found, { executablePath: chrome, source: 'system' });
});

test('then PATH, in name order', async () => {
  const found = await locateBrowser(machine(['/home/me/bin/google-chrome', '/opt/tools/chromium'], { PATH: '/home/me/bin:/opt/tools' }));
  assert.deepEqual(found, { executablePath: '/opt/tools/chromium', source: 'PATH' });
});

test('Windows PATH entries get .exe', async () => {
  const found = await locateBrowser(machine(['C:\\Tools\\chrome.exe'], { Path: 'C:\\Windows;C:\\Tools' }, { platform: 'win32' }));
  assert.equal(found.executablePath, 'C:\\Tools\\chrome.exe');
});

test('none anywhere: one line naming the fix', async () => {
  await assert.rejects(locateBrowser(machine([], { PATH: '/usr/bin' })), (err) => {
    assert.ok(err instanceof LecternError);
    assert.equal(err.code, 'browser-not-found');
    assert.match(err.message, /apt-get install chromium/);
    assert.match(err.message, /CHROME_PATH/);
    assert.ok(!err.message.includes('\n'));
    return true;
  });
});

test('findBrowser keeps its old signature: env first, path out', async () => {
  assert.equal(await findBrowser({ CHROME_PATH: '/x/chrome' }, { isExecutable: (f) => f === '/x/chrome', puppeteerBrowser: async () => undefined }), '/x/chrome');
});

test('on this machine a real browser is found', async () => {
  const found = await locateBrowser();
  assert.ok(found.executablePath.length > 0);
});

test("PDF export ('print') prefers Chromium's headless shell over the full browser in the same layer", async () => {
  const shell = '/usr/bin/chromium-headless-shell';
  const found = await locateBrowser(machine(['/usr/bin/chromium', shell]), 'print');
  assert.deepEqual(found, { executablePath: shell, source: 'system' });
  // Pages and tests keep the full browser.
  assert.equal((await locateBrowser(machine(['/usr/bin/chromium', shell]))).executablePath, '/usr/bin/chromium');
  // Without a shell, print falls back to the full browser.
  assert.equal((await locateBrowser(machine(['/usr/bin/chromium']), 'print')).executablePath, '/usr/bin/chromium');
});

test("print asks puppeteer for its headless shell download; CHROME_PATH still wins", async () => {
  const asked: string[] = [];
  const lookup = machine(['/cache/chrome-headless-shell/linux/chrome-headless-shell', '/usr/bin/chromium'], {}, {
    puppeteerBrowser: async (_env, kind) => {
      asked.push(kind);
      return kind === 'print' ? '/cache/chrome-headless-shell/linux/chrome-headless-shell' : undefined;
    },
  });
  assert.deepEqual(await locateBrowser(lookup, 'print'), { executablePath: '/cache/chrome-headless-shell/linux/chrome-headless-shell', source: 'puppeteer' });
  assert.deepEqual(asked, ['print']);
  const pinned = await locateBrowser({ ...lookup, env: { CHROME_PATH: '/usr/bin/chromium' } }, 'print');
  assert.deepEqual(pinned, { executablePath: '/usr/bin/chromium', source: 'CHROME_PATH' });
});

test('a headless shell on PATH is found for print, skipped for pages', async () => {
  const lookup = machine(['/opt/bin/chrome-headless-shell', '/opt/bin/chromium'], { PATH: '/opt/bin' });
  assert.equal((await locateBrowser(lookup, 'print')).executablePath, '/opt/bin/chrome-headless-shell');
  assert.equal((await locateBrowser(lookup)).executablePath, '/opt/bin/chromium');
  assert.ok(isHeadlessShell('/opt/bin/chrome-headless-shell') && !isHeadlessShell('/usr/bin/chromium'));
});
