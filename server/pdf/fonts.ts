// Characters the print page found no font for (client/lib/print-fonts.ts checks every printed
// character after layout): read from the page, and said in words for the CLI, the log and the
// HTTP header, so a PDF never carries "no glyph" boxes without anyone being told.
import { CJK_FONT_PACKAGE, MAX_MISSING_GLYPHS, type MissingGlyph } from '../../shared/print.ts';

/** The page's JSON `[char, slides][]`; anything malformed is dropped (the page is the deck's). */
export function parseMissingGlyphs(json: string | null): MissingGlyph[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const glyphs: MissingGlyph[] = [];
  for (const entry of value.slice(0, MAX_MISSING_GLYPHS)) {
    if (!Array.isArray(entry)) continue;
    const [char, slides] = entry as unknown[];
    if (typeof char !== 'string' || [...char].length !== 1 || !Array.isArray(slides)) continue;
    glyphs.push({ char, slides: slides.filter((n): n is number => Number.isInteger(n) && n > 0).slice(0, 1000) });
  }
  return glyphs;
}

/** U+65E5 */
export function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const CJK = /[\u2e80-\u9fff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{2fa1f}]/u;

/** A number list as "2, 3 and 7", or "2–9" style runs for long ones: "2–9, 12". */
function slideList(slides: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < slides.length; ) {
    let j = i;
    while (j + 1 < slides.length && slides[j + 1] === slides[j]! + 1) j++;
    runs.push(j > i + 1 ? `${slides[i]}–${slides[j]}` : j === i + 1 ? `${slides[i]}, ${slides[j]}` : `${slides[i]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * One line for the CLI and the log: `no font on this machine has 日 (U+65E5), 本 (U+672C) (slides 2, 5):
 * they print as empty boxes; install fonts-wqy-microhei (Debian) or another font with them`.
 */
export function describeMissingGlyphs(missing: readonly MissingGlyph[]): string | undefined {
  if (missing.length === 0) return undefined;
  const shown = missing.slice(0, 12).map((m) => `${m.char} (${codePoint(m.char)})`);
  const more = missing.length > shown.length ? ` and ${missing.length - shown.length} more` : '';
  const slides = [...new Set(missing.flatMap((m) => m.slides))].sort((a, b) => a - b);
  const where = slides.length ? ` (slide${slides.length === 1 ? '' : 's'} ${slideList(slides)})` : '';
  const cjk = missing.some((m) => CJK.test(m.char));
  const fix = cjk ? `install a TrueType CJK font (Debian: apt-get install ${CJK_FONT_PACKAGE})` : 'install a font that has them';
  return `no font on this machine has ${shown.join(', ')}${more}${where}: they print as empty boxes; ${fix}`;
}

/** The header value: code points only (header values are ASCII), at most 40. */
export function missingGlyphsHeader(missing: readonly MissingGlyph[]): string | undefined {
  if (missing.length === 0) return undefined;
  return missing.slice(0, 40).map((m) => codePoint(m.char)).join(' ');
}
