// The logic of `npm install`'s browser set-up (scripts/setup-browser.ts): Chrome for Testing
// where it can be downloaded, else a system Chromium, else Debian's by apt-get, else one line on
// what to install. Every outside effect is injected so each path is unit-tested.
import { isHeadlessShell, type FoundBrowser } from '../server/pdf/browser.ts';

export interface SetupDeps {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /**
   * Downloads Chrome for Testing where its host can be reached (download-browser.ts downloadBrowsers),
   * before the search below finds it; absent, nothing is downloaded.
   */
  download?(): Promise<unknown>;
  /** The browser export would use, or undefined. */
  locate(): Promise<FoundBrowser | undefined>;
  isExecutable(file: string): boolean;
  /** Root on Linux with apt-get. */
  canApt(): boolean;
  /** Runs apt-get with these arguments; true when it succeeded. */
  apt(args: string[]): boolean;
  say(line: string): void;
}

const SHELL_PACKAGE = 'chromium-headless-shell';
const describe = ({ executablePath, source }: FoundBrowser) => `${executablePath} (${source})`;

export type SetupOutcome = 'skipped' | 'found' | 'installed' | 'hint' | 'failed' | 'bad-env';

export function installHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'install Google Chrome (https://www.google.com/chrome/) or set CHROME_PATH to a Chromium/Chrome executable';
  if (platform === 'win32') return 'install Google Chrome or set CHROME_PATH to chrome.exe';
  return 'install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chromium/Chrome executable';
}

export async function setupBrowser(deps: SetupDeps): Promise<SetupOutcome> {
  if (deps.env.LECTERN_SKIP_BROWSER_SETUP === '1') return 'skipped';
  for (const variable of ['CHROME_PATH', 'PUPPETEER_EXECUTABLE_PATH']) {
    const file = deps.env[variable];
    if (file && !deps.isExecutable(file)) {
      deps.say(`${variable} is set to "${file}", which is not an executable browser: fix or unset it`);
      return 'bad-env';
    }
  }
  await deps.download?.();
  const existing = await deps.locate();
  if (existing) {
    deps.say(`PDF export will use ${describe(existing)}`);
    // A tip, not an install: the machine has a working browser, and its owner decides.
    if (!isHeadlessShell(existing.executablePath) && deps.canApt()) deps.say(`tip: apt-get install ${SHELL_PACKAGE} makes PDF export about 40% faster (Chromium's headless shell)`);
    return 'found';
  }
  const hint = installHint(deps.platform);
  if (!deps.canApt()) {
    deps.say(`no Chromium or Chrome found for PDF export: ${hint}`);
    return 'hint';
  }
  deps.say("no Chromium or Chrome found for PDF export: installing Debian's chromium (apt-get install -y chromium)");
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  // A fresh machine or container often has no package lists yet: update once, then retry.
  const installed = deps.apt(install) || (deps.apt(['update']) && deps.apt(install));
  // The headless shell prints faster (server/pdf/browser.ts); not every distribution packages
  // it (Ubuntu ships chromium as a snap), so it is a separate, optional install.
  if (installed && !deps.apt(['install', '-y', '--no-install-recommends', SHELL_PACKAGE])) {
    deps.say(`${SHELL_PACKAGE} is not available here: PDF export will use the full browser`);
  }
  const now = installed ? await deps.locate() : undefined;
  if (now) {
    deps.say(`PDF export will use ${describe(now)}`);
    return 'installed';
  }
  deps.say(`installing chromium failed: ${hint}`);
  return 'failed';
}
