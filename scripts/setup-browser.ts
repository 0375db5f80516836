// npm postinstall: make sure PDF export has a browser. Downloads Chrome for Testing where its
// host can be reached (cli/download-browser.ts); then finds a browser the way the exporter does;
// with none, installs Debian's chromium when it can (root with apt-get), else prints one line
// on what to install (cli/setup-browser.ts). Never fails `npm install`: it always exits 0.
// Then the same for a CJK font (cli/setup-fonts.ts). LECTERN_SKIP_BROWSER_SETUP=1 skips both.
import { spawnSync } from 'node:child_process';
import { isExecutableFile, locateBrowser } from '../server/pdf/browser.ts';
import { setupBrowser } from '../cli/setup-browser.ts';
import { setupFonts } from '../cli/setup-fonts.ts';
import { downloadBrowsers, installBrowser, tcpReachable } from '../cli/download-browser.ts';

const say = (line: string) => console.log(`lectern: ${line}`);
const canApt = () => process.platform === 'linux' && process.getuid?.() === 0 && isExecutableFile('/usr/bin/apt-get');
const apt = (args: string[]) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60 * 1000,
  }).status === 0;

/** Installed font families, one line each (`fc-list : family`); undefined without fontconfig. */
function families(): string[] | undefined {
  const run = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8', timeout: 30_000 });
  return run.status === 0 ? run.stdout.split('\n') : undefined;
}

setupBrowser({
  env: process.env,
  platform: process.platform,
  isExecutable: isExecutableFile,
  download: () => downloadBrowsers({ env: process.env, reachable: tcpReachable, install: installBrowser, say }),
  locate: () => locateBrowser({}, 'print').catch(() => undefined),
  canApt,
  apt,
  say,
})
  .catch((err: unknown) => say(`browser set-up skipped: ${err instanceof Error ? err.message : String(err)}`))
  .then(() => setupFonts({ env: process.env, families, canApt, apt, say }))
  .catch((err: unknown) => say(`font set-up skipped: ${err instanceof Error ? err.message : String(err)}`))
  .finally(() => {
    process.exitCode = 0;
  });
