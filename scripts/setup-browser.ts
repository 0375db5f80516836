// npm postinstall: make sure PDF export has a browser. Downloads Chrome for Testing where its
// host can be reached (cli/download-browser.ts); then finds a browser the way the exporter does;
// with none, installs Debian's chromium when it can (root with apt-get), else prints one line
// on what to install (cli/setup-browser.ts). Never fails `npm install`: it always exits 0.
// LECTERN_SKIP_BROWSER_SETUP=1 skips it.
import { spawnSync } from 'node:child_process';
import { isExecutableFile, locateBrowser } from '../server/pdf/browser.ts';
import { setupBrowser } from '../cli/setup-browser.ts';
import { downloadBrowsers, installBrowser, tcpReachable } from '../cli/download-browser.ts';

const say = (line: string) => console.log(`lectern: ${line}`);

setupBrowser({
  env: process.env,
  platform: process.platform,
  isExecutable: isExecutableFile,
  download: () => downloadBrowsers({ env: process.env, reachable: tcpReachable, install: installBrowser, say }),
  locate: () => locateBrowser({}, 'print').catch(() => undefined),
  canApt: () => process.platform === 'linux' && process.getuid?.() === 0 && isExecutableFile('/usr/bin/apt-get'),
  apt: (args) =>
    spawnSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 15 * 60 * 1000,
    }).status === 0,
  say,
})
  .catch((err: unknown) => say(`browser set-up skipped: ${err instanceof Error ? err.message : String(err)}`))
  .finally(() => {
    process.exitCode = 0;
  });
