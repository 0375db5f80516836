// The files a page or a stylesheet names beside itself: what the static site must copy and a
// single-file deck must inline. Both walk the same places a browser loads from (an image's src,
// a slide's background, url() in a style), so nothing a deck shows is left behind. Slides are
// author HTML and stylesheets may be an author's: both are read with a parser and a linear
// scanner, never a backtracking regex over their text.
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, type ChildNode } from 'domhandler';

/** Rewrites one URL: a new value, or undefined to leave it as it is. */
export type UrlMapper = (url: string) => string | undefined;

/** Attributes that hold URLs: one, a srcset, or reveal.js's comma-separated background videos. */
const URL_ATTRIBUTES: Readonly<Record<string, 'one' | 'srcset' | 'list'>> = {
  src: 'one',
  href: 'one',
  poster: 'one',
  'xlink:href': 'one',
  'data-src': 'one',
  'data-background': 'one',
  'data-background-image': 'one',
  'data-background-iframe': 'one',
  'data-background-video': 'list',
  srcset: 'srcset',
};

/** A URL naming a file beside the page: no scheme, not "//host", "/root" or "#fragment". Decoded, without query or fragment. */
export function localPath(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('/') || trimmed.startsWith('#') || trimmed.startsWith('?') || trimmed.startsWith('\\')) return undefined;
  const cut = Math.min(...['?', '#'].map((c) => trimmed.indexOf(c)).filter((i) => i >= 0), trimmed.length);
  try {
    return decodeURIComponent(trimmed.slice(0, cut));
  } catch {
    return undefined; // a malformed %-escape names no file
  }
}

function mapValue(value: string, kind: 'one' | 'srcset' | 'list', map: UrlMapper): string | undefined {
  if (kind === 'one') return map(value);
  let changed = false;
  const separator = kind === 'list' ? ',' : ', ';
  const parts = (kind === 'list' ? value.split(',') : value.split(/,\s+/)).map((part) => {
    const trimmed = part.trim();
    const space = kind === 'srcset' ? trimmed.search(/\s/) : -1;
    const url = space === -1 ? trimmed : trimmed.slice(0, space);
    const mapped = map(url);
    if (mapped === undefined) return trimmed;
    changed = true;
    return space === -1 ? mapped : `${mapped}${trimmed.slice(space)}`;
  });
  return changed ? parts.join(separator) : undefined;
}

function walk(nodes: ChildNode[], map: UrlMapper): boolean {
  let changed = false;
  for (const node of nodes) {
    if (!isTag(node)) continue;
    for (const [name, value] of Object.entries(node.attribs)) {
      const kind = URL_ATTRIBUTES[name];
      const mapped = kind ? mapValue(value, kind, map) : name === 'style' ? mapCssUrls(value, map) : undefined;
      if (mapped !== undefined && mapped !== value) {
        node.attribs[name] = mapped;
        changed = true;
      }
    }
    if (walk(node.children, map)) changed = true;
  }
  return changed;
}

/**
 * Calls `map` on every URL the markup loads or links to; returns the markup with the URLs it
 * rewrote (the same string when it rewrote none).
 */
export function mapHtmlUrls(html: string, map: UrlMapper): string {
  const doc = parseDocument(html);
  return walk(doc.children, map) ? render(doc, { encodeEntities: 'utf8' }) : html;
}

/** ASCII letters lowered, every other character kept: the same length as `text`, so indices match. */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/** Longest url(...) read; a longer one is left alone (no stylesheet names a file that way). */
const MAX_URL = 4096;

/**
 * Calls `map` on every url(...) and @import "..." of a stylesheet (comments skipped); returns
 * the stylesheet with the URLs it rewrote, or undefined when none changed.
 */
export function mapCssUrls(css: string, map: UrlMapper): string | undefined {
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

/** Every local file path (localPath) the markup names, in order, once each. */
export function htmlReferences(html: string): string[] {
  const found = new Set<string>();
  mapHtmlUrls(html, (url) => {
    const local = localPath(url);
    if (local !== undefined) found.add(local);
    return undefined;
  });
  return [...found];
}

/** Every local file path a stylesheet names, once each. */
export function cssReferences(css: string): string[] {
  const found = new Set<string>();
  mapCssUrls(css, (url) => {
    const local = localPath(url);
    if (local !== undefined) found.add(local);
    return undefined;
  });
  return [...found];
}
