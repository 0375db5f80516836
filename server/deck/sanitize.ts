// HTML sanitizing for everything a deck can put on a page: slide bodies, speaker notes and
// the attributes of a slide's <section>. Decks are authored HTML-in-markdown, so raw HTML is
// allowed, but nothing that can run code, load active content into our origin, restyle the
// whole page or submit data.
//
// Decisions:
// - <script>, <style>, <object>, <embed>, <form> and its controls, <meta>, <base>, <link>,
//   <template>, <noscript>, <foreignObject>, SVG animation elements: dropped, with their
//   content for the raw-text / foreign ones.
// - MathML: only what KaTeX writes (math.ts): no <annotation-xml>, <mglyph>, <maction>, href.
// - <style> elements are dropped: one slide's stylesheet would restyle the presenter view and
//   the audience page too. `style` attributes stay (checked for script-ish values).
// - <iframe> stays when its src (or reveal's lazy `data-src`) is an absolute http(s) URL; it
//   always gets a fixed `sandbox` (scripts yes, top navigation no) and never `srcdoc`.
// - SVG <use> only references fragments in the same document (`href="#id"`).
// - URL attributes: http, https, mailto, tel, relative; `data:image/*` only in <img>.
// - Every data-* value is checked too, because reveal.js turns some of them into URLs
//   (data-src, data-background-iframe, data-preview-link, ...).
// - Ids in the pages' namespace (`lectern-*`) and references to them are renamed, and
//   `data-lectern-*` dropped (reserved.ts): no slide can stand in for an element of the page.
// - `data-notes` goes (attributes.ts moved it into the notes); links never target a named
//   window (the presenter's audience window).
import sanitizeHtml from 'sanitize-html';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_TAGS,
  FORBIDDEN_DATA_ATTRIBUTE,
  NON_TEXT_TAGS,
  SVG_TAGS,
  URL_ATTRIBUTES,
} from './allowed-html.ts';
import { guardReservedNames, isReservedAttribute, renameReservedIds } from './reserved.ts';

import { IFRAME_SANDBOX } from '../../shared/embeds.ts';

export { IFRAME_SANDBOX };

/**
 * Strips what browsers ignore inside URLs and what hides a scheme from a naive check:
 * whitespace and control characters anywhere. Lowercased.
 */
function squash(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]/g, '').toLowerCase();
}

/** True when the value contains a scripting scheme anywhere (javascript:, vbscript:, livescript:). */
export function hasScriptScheme(value: string): boolean {
  return /(?:java|vb|live)script:/.test(squash(value));
}

/** True for a `data:` URL that is not an image. */
function isNonImageDataUrl(value: string): boolean {
  const v = squash(value);
  return v.startsWith('data:') && !v.startsWith('data:image/');
}

/**
 * True for `style` values that try to run script or pull in foreign stylesheets. Any CSS
 * escape (a backslash) is refused outright: inline styles have no real use for them and
 * they are the usual way to hide a scheme from checks like this one.
 */
export function isDangerousStyle(value: string): boolean {
  if (value.includes('\\')) return true;
  const v = squash(value.replace(/\/\*[\s\S]*?\*\//g, ''));
  return /(?:java|vb|live)script:|expression\(|-moz-binding|behavior:|@import|data:(?!image\/)/.test(v);
}

function isAbsoluteHttpUrl(value: string): boolean {
  return /^(?:https?:)?\/\/[^/\\]/i.test(value.trim());
}

/**
 * Checks one attribute value for script-ish content. Returns false to drop the attribute.
 * Applied to URL attributes, style, every data-* attribute, and every attribute of SVG elements.
 */
function attributeValueIsSafe(tag: string, name: string, value: string, svg: boolean): boolean {
  if (name.startsWith('on') || isReservedAttribute(name)) return false;
  if (name === 'style') return !isDangerousStyle(value);
  const isData = name.startsWith('data-');
  if (isData && FORBIDDEN_DATA_ATTRIBUTE.test(name)) return false;
  if (!(isData || svg || URL_ATTRIBUTES.has(name))) return true;
  if (hasScriptScheme(value)) return false;
  if (isNonImageDataUrl(value)) return false;
  if (squash(value).startsWith('data:') && !isData && !(tag === 'img' && (name === 'src' || name === 'srcset'))) {
    return false;
  }
  return true;
}

const SVG_TAG_SET = new Set(SVG_TAGS);

/**
 * Permissions an embed may be delegated. Not camera, microphone, geolocation, payment...:
 * the browser would ask for those in the name of OUR origin.
 */
const IFRAME_FEATURES = new Set([
  'autoplay', 'fullscreen', 'picture-in-picture', 'encrypted-media', 'accelerometer', 'gyroscope', 'web-share',
]);

/** `allow="autoplay; camera *"` -> "autoplay". */
function filterAllow(value: string): string {
  return value
    .split(';')
    .map((d) => d.trim())
    .filter((d) => IFRAME_FEATURES.has(d.split(/\s+/)[0]!.toLowerCase()))
    .join('; ');
}

function transformAll(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const svg = SVG_TAG_SET.has(tagName);
  const clean: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (attributeValueIsSafe(tagName, name, value, svg)) clean[name] = value;
  }
  return { tagName, attribs: clean };
}

const transformTags: Record<string, (tagName: string, attribs: sanitizeHtml.Attributes) => sanitizeHtml.Tag> = {
  iframe(tagName, attribs) {
    const clean: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      if (name === 'srcdoc' || name === 'sandbox') continue;
      if ((name === 'src' || name === 'data-src') && !isAbsoluteHttpUrl(value)) continue;
      if (name === 'allow') {
        const allow = filterAllow(value);
        if (allow) clean.allow = allow;
        continue;
      }
      clean[name] = value;
    }
    clean.sandbox = IFRAME_SANDBOX;
    return { tagName, attribs: clean };
  },
  use(tagName, attribs) {
    const clean: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(attribs)) {
      if ((name === 'href' || name === 'xlink:href') && !value.trim().startsWith('#')) continue;
      clean[name] = value;
    }
    return { tagName, attribs: clean };
  },
  input(tagName, attribs) {
    // Not renamed to a disallowed tag: sanitize-html 2.17 then leaks a closing tag for the
    // next void element at the same depth. exclusiveFilter drops it instead.
    if ((attribs.type ?? '').toLowerCase() !== 'checkbox') return { tagName, attribs: {} };
    const clean: sanitizeHtml.Attributes = { type: 'checkbox', disabled: '' };
    if (attribs.checked !== undefined) clean.checked = '';
    return { tagName, attribs: clean };
  },
  a(tagName, attribs) {
    const { target, ...rest } = attribs;
    const blank = (target ?? '').trim().toLowerCase() === '_blank';
    return { tagName, attribs: blank ? { ...rest, target: '_blank', rel: 'noopener noreferrer' } : rest };
  },
  '*': transformAll,
};

// allowedEmptyAttributes is a sanitize-html option its type definitions do not list yet.
const OPTIONS: sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] } = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  nonTextTags: NON_TEXT_TAGS,
  disallowedTagsMode: 'discard',
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'], iframe: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
  allowProtocolRelative: true,
  allowIframeRelativeUrls: false,
  transformTags: guardReservedNames(transformTags),
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
  selfClosing: ['img', 'br', 'hr', 'input', 'source', 'track', 'col', 'wbr'],
  // sanitize-html counts `hidden` as a valued attribute (it takes "until-found") and drops it
  // when empty, which would show what an author hid.
  allowedEmptyAttributes: ['alt', 'hidden'],
};

/** Sanitizes slide or notes HTML. Pure; safe to call on hostile input. */
export function sanitizeSlideHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const SLIDE_ATTRIBUTE_NAME = /^(?:data-[a-z0-9_.:-]+|class|id|style)$/;

/**
 * Sanitizes attributes destined for a slide's <section>: only data-*, class, id and style;
 * nothing with a script scheme, no non-image data: URLs, background iframes only from http(s).
 * Values are plain (unescaped) strings: whoever serializes them must escape them.
 */
export function sanitizeSlideAttributes(attributes: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of attributes) {
    const name = rawName.toLowerCase();
    if (!SLIDE_ATTRIBUTE_NAME.test(name)) continue;
    if (!attributeValueIsSafe('section', name, value, false)) continue;
    if (hasScriptScheme(value)) continue;
    if (name === 'data-background-iframe' && !isAbsoluteHttpUrl(value)) continue;
    if (name === 'class') {
      out.class = mergeClasses(out.class ?? '', value);
      if (!out.class) delete out.class;
      continue;
    }
    out[name] = renameReservedIds(name, value);
  }
  return out;
}

/** "a b" + "b c" -> "a b c". */
export function mergeClasses(existing: string, added: string): string {
  const seen = new Set<string>();
  for (const c of `${existing} ${added}`.split(/\s+/)) if (c) seen.add(c);
  return [...seen].join(' ');
}
