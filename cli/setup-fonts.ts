// The set-up's font step (scripts/setup-browser.ts runs it after the browser's): PDF export
// ships the fonts for Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari and emoji
// (scripts/print-fonts.ts), but a CJK font is 5 MB of system package, so on Debian the set-up
// installs one when the machine has none. Every outside effect is injected so each path is
// unit-tested.
import { CJK_FAMILIES, CJK_FONT_PACKAGE } from '../shared/print.ts';

export interface FontSetupDeps {
  env: Record<string, string | undefined>;
  /** The font families installed (fc-list), or undefined where fontconfig is absent. */
  families(): string[] | undefined;
  /** Root on Linux with apt-get. */
  canApt(): boolean;
  /** Runs apt-get with these arguments; true when it succeeded. */
  apt(args: string[]): boolean;
  say(line: string): void;
}

export type FontSetupOutcome = 'skipped' | 'found' | 'installed' | 'hint' | 'failed';

/** True when one of the TrueType CJK families the print page names is installed. */
export function hasCjkFont(families: readonly string[]): boolean {
  const wanted = new Set<string>(CJK_FAMILIES.han);
  return families.some((line) => line.split(',').some((name) => wanted.has(name.trim())));
}

export function setupFonts(deps: FontSetupDeps): FontSetupOutcome {
  if (deps.env.LECTERN_SKIP_BROWSER_SETUP === '1') return 'skipped';
  const families = deps.families();
  if (families && hasCjkFont(families)) return 'found';
  const hint = `Chinese, Japanese and Korean text prints as empty boxes in PDFs until a TrueType CJK font is installed (Debian/Ubuntu: apt-get install ${CJK_FONT_PACKAGE})`;
  if (!families || !deps.canApt()) {
    // macOS and Windows have CJK fonts the print page names; elsewhere, one line.
    if (families) deps.say(hint);
    return 'hint';
  }
  deps.say(`installing a CJK font for PDF export (apt-get install -y ${CJK_FONT_PACKAGE})`);
  const install = ['install', '-y', '--no-install-recommends', CJK_FONT_PACKAGE];
  if (deps.apt(install) || (deps.apt(['update']) && deps.apt(install))) return 'installed';
  deps.say(`installing ${CJK_FONT_PACKAGE} failed: ${hint}`);
  return 'failed';
}
