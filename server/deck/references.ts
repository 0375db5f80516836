// The files a slide names beside its deck — an image's src, a slide's background, a video's
// poster, url() in a style — found once, here, for every use: the deck's warnings about files
// that are not there, the assets served for a deck that shares its folder with other files, the
// static site's copies and the single-file deck's inlined data. Slides are author HTML, so they
// are read with a parser and stylesheets with a linear scanner, never a backtracking regex.
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, type ChildNode } from 'domhandler';
import { mapCssUrls } from './css-urls.ts';

export { mapCssUrls } from './css-urls.ts';

/** Where a URL sits: the element's tag and the attribute holding it (`style` for url() in one). */
export interface UrlPlace {
  tag: string;
  attribute: string;
}

/** Rewrites one URL: a new value, or undefined to leave it as it is. */
export type UrlMapper = (url: string, place: UrlPlace) => string | undefined;

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
  'data-srcset': 'srcset',
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

/** localPath with `.` and `..` resolved inside the deck's folder; undefined for one that leaves it. */
export function deckPath(url: string): string | undefined {
  const local = localPath(url);
  if (local === undefined) return undefined;
  const parts: string[] = [];
  for (const part of local.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

function mapValue(value: string, kind: 'one' | 'srcset' | 'list', map: (url: string) => string | undefined): string | undefined {
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
    const tag = node.name;
    for (const [attribute, value] of Object.entries(node.attribs)) {
      const kind = URL_ATTRIBUTES[attribute];
      const at = (url: string) => map(url, { tag, attribute });
      const mapped = kind ? mapValue(value, kind, at) : attribute === 'style' ? mapCssUrls(value, at) : undefined;
      if (mapped !== undefined && mapped !== value) {
        node.attribs[attribute] = mapped;
        changed = true;
      }
    }
    if (walk(node.children, map)) changed = true;
  }
  return changed;
}

/**
 * Can the markup hold a URL at all? Every attribute walk() reads is a name followed by `=`, so
 * markup without one of those names is left unparsed (most slides: text, lists, code).
 */
const MAY_NAME_A_URL = /(?:src|href|poster|style|srcset)\s*=|data-background/i;

/**
 * Calls `map` on every URL the markup loads or links to; returns the markup with the URLs it
 * rewrote (the same string when it rewrote none).
 */
export function mapHtmlUrls(html: string, map: UrlMapper): string {
  if (!MAY_NAME_A_URL.test(html)) return html;
  const doc = parseDocument(html);
  return walk(doc.children, map) ? render(doc, { encodeEntities: 'utf8' }) : html;
}

/** The distinct paths `keep` takes from the URLs `walkUrls` reports, in the order first seen. */
function collect(walkUrls: (visit: UrlMapper) => unknown, keep: (url: string, place: UrlPlace) => string | undefined): string[] {
  const found = new Set<string>();
  walkUrls((url, place) => {
    const path = keep(url, place);
    if (path !== undefined) found.add(path);
    return undefined;
  });
  return [...found];
}

/** Every local file path (localPath) the markup names, in order, once each. */
export const htmlReferences = (html: string): string[] => collect((visit) => mapHtmlUrls(html, visit), localPath);

/** Every local file path a stylesheet names, once each. */
export const cssReferences = (css: string): string[] => collect((visit) => mapCssUrls(css, (url) => visit(url, { tag: 'style', attribute: 'style' })), localPath);

/** Does the `data-background` shorthand name an image (as reveal.js decides)? */
const BACKGROUND_IMAGE = /\.(svg|png|jpe?g|gif|bmp|webp|avif)([?#\s]|$)/i;

/**
 * Is this a file the page loads itself (an image, a video, a background), as opposed to a link
 * the reader may follow or a page framed in an iframe? Only those are served from a deck's folder.
 */
function loadedByThePage(url: string, { tag, attribute }: UrlPlace): boolean {
  if (attribute === 'href' || attribute === 'xlink:href') return tag === 'image' || tag === 'use';
  if (attribute === 'data-background') return BACKGROUND_IMAGE.test(url);
  return attribute !== 'data-background-iframe';
}

/** Deck-relative files the HTML loads (images, media, backgrounds), resolved inside the deck's folder. */
export const loadedFiles = (html: string): string[] =>
  collect((visit) => mapHtmlUrls(html, visit), (url, place) => (loadedByThePage(url, place) ? deckPath(url) : undefined));

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Deck-relative files a slide's own attributes load (data-background-image, -video). */
export function attributeFiles(attributes: Readonly<Record<string, string>>): string[] {
  const names = Object.keys(attributes).filter((name) => /^[a-z][a-z0-9:-]*$/i.test(name));
  return loadedFiles(`<section${names.map((name) => ` ${name}="${escapeAttribute(attributes[name] ?? '')}"`).join('')}></section>`);
}
