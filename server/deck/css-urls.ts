// The URLs a stylesheet names (url(...) and @import "..."), read and rewritten by a linear
// scanner: stylesheets and style attributes may be an author's, so they never meet a
// backtracking regex.

/** Rewrites one URL: a new value, or undefined to leave it as it is. */
export type CssUrlMapper = (url: string) => string | undefined;

/** ASCII letters lowered, every other character kept: the same length as `text`, so indices match. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/** Longest url(...) read; a longer one is left alone (no stylesheet names a file that way). */
const MAX_URL = 4096;

/**
 * Calls `map` on every url(...) and @import "..." of a stylesheet (comments skipped); returns
 * the stylesheet with the URLs it rewrote, or undefined when none changed.
 */
export function mapCssUrls(css: string, map: CssUrlMapper): string | undefined {
  const lower = asciiLower(css);
  let out = '';
  let copied = 0;
  let pos = 0;
  let changed = false;
  const replace = (from: number, to: number, url: string, quote: string) => {
    const mapped = map(url);
    if (mapped === undefined || mapped === url) return;
    out += `${css.slice(copied, from)}${quote}${mapped}${quote}`;
    copied = to;
    changed = true;
  };
  // Where each string next occurs at or after a position, searched again only once the scan has
  // passed it (the scan only moves forward): linear in the stylesheet's length overall.
  const seen = new Map<string, number>();
  const find = (text: string, token: string, from: number): number => {
    const known = seen.get(token);
    if (known !== undefined && (known === Infinity || known >= from)) return known;
    const at = text.indexOf(token, from);
    seen.set(token, at === -1 ? Infinity : at);
    return at === -1 ? Infinity : at;
  };
  while (pos < css.length) {
    const next = ['/*', 'url(', '@import'].map((token) => ({ token, at: find(lower, token, pos) })).reduce((a, b) => (b.at < a.at ? b : a));
    if (next.at === Infinity) break;
    if (next.token === '/*') {
      const end = find(css, '*/', next.at + 2);
      pos = end === Infinity ? css.length : end + 2;
      continue;
    }
    let start = next.at + next.token.length;
    while (start < css.length && /\s/.test(css.charAt(start))) start++;
    const quote = css.charAt(start) === '"' || css.charAt(start) === "'" ? css.charAt(start) : '';
    if (next.token === '@import' && !quote) {
      pos = start; // @import url(...): the url( is read next
      continue;
    }
    const valueStart = start + quote.length;
    const end = find(css, quote || ')', valueStart);
    if (end === Infinity || end - valueStart > MAX_URL) {
      pos = valueStart;
      continue;
    }
    const raw = css.slice(valueStart, end);
    replace(start, end + quote.length, quote ? raw : raw.trim(), quote);
    pos = end + 1;
  }
  return changed ? out + css.slice(copied) : undefined;
}
