// A single-file deck carries its fonts inside it, so it keeps only the font files its text can
// use: a web font is split into subsets by script (Latin, Cyrillic, Greek…), each declared with
// the `unicode-range` it covers, and a browser only ever loads the subsets whose range holds a
// character on the page. The same rule, applied at build time, drops the others.

/** `U+0460-052F, U+20B4, U+4??` → [low, high] pairs; undefined when a part cannot be read. */
export function parseUnicodeRange(value: string): Array<[number, number]> | undefined {
  const ranges: Array<[number, number]> = [];
  for (const part of value.split(',')) {
    const match = /^\s*u\+([0-9a-f?]{1,6})(?:-([0-9a-f]{1,6}))?\s*$/i.exec(part);
    if (!match?.[1]) return undefined;
    const [, first, last] = match;
    if (first.includes('?')) ranges.push([parseInt(first.replaceAll('?', '0'), 16), parseInt(first.replaceAll('?', 'f'), 16)]);
    else ranges.push([parseInt(first, 16), parseInt(last ?? first, 16)]);
  }
  return ranges;
}

/** The code points of `text`, once each. */
export function codePoints(text: string): Set<number> {
  const points = new Set<number>();
  for (const char of text) points.add(char.codePointAt(0) ?? 0);
  return points;
}

/**
 * `css` without the @font-face rules whose unicode-range holds none of `used` (rules without a
 * range, or with one that cannot be read, are kept).
 */
export function pruneFontFaces(css: string, used: ReadonlySet<number>): string {
  let out = '';
  let copied = 0;
  for (let at = css.indexOf('@font-face', 0); at !== -1; at = css.indexOf('@font-face', at + 1)) {
    const open = css.indexOf('{', at);
    const close = open === -1 ? -1 : css.indexOf('}', open);
    if (close === -1) break;
    const block = css.slice(open + 1, close);
    const rangeAt = block.replace(/[A-Z]+/g, (run) => run.toLowerCase()).indexOf('unicode-range');
    if (rangeAt === -1) continue;
    const colon = block.indexOf(':', rangeAt);
    const semicolon = block.indexOf(';', colon);
    const ranges = colon === -1 ? undefined : parseUnicodeRange(block.slice(colon + 1, semicolon === -1 ? undefined : semicolon));
    if (!ranges || [...used].some((point) => ranges.some(([low, high]) => point >= low && point <= high))) continue;
    out += css.slice(copied, at);
    copied = close + 1;
    at = close;
  }
  return out + css.slice(copied);
}
