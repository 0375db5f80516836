// Files a slide loads from beside its deck (`<img src="cat.png">`, `data-background-image`, a
// video's poster, …): found in the sanitized HTML, so the store can warn about the ones that are
// not there, and serve exactly those for a deck file that shares its folder with other files.
//
// The HTML is the sanitizer's output: tags are real tags (text has `<` and `>` escaped) and every
// attribute value is double-quoted with `"` escaped, so attributes can be read by pattern.

/** Attributes whose value is the URL of a file the page loads (or links to). */
const URL_ATTRIBUTE = /^(?:src|poster|href|data-src|data-background-image|data-background-video|data-background)$/;
const SRCSET_ATTRIBUTE = /^(?:srcset|data-srcset)$/;
const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTRIBUTE = /\s([^\s"'>/=]+)(?:="([^"]*)")?/g;

const decodeEntities = (value: string) =>
  value.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (_, name: string) => ({ amp: '&', quot: '"', lt: '<', gt: '>', '#39': "'", '#x27': "'" })[name] ?? '');
const encodeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A URL relative to the deck (no scheme, no leading `/`, `#` or `//`), without its query and fragment; else null. */
export function localPath(url: string): string | null {
  const trimmed = url.trim();
  if (!trimmed || /^[a-z][a-z0-9+.-]*:|^[/#?\\]/i.test(trimmed)) return null;
  const path = trimmed.replace(/[?#].*$/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const parts: string[] = [];
  for (const part of decoded.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : null;
}

/** Does the `data-background` shorthand name an image (as reveal.js decides)? */
const BACKGROUND_IMAGE = /\.(svg|png|jpe?g|gif|bmp|webp|avif)([?#\s]|$)/i;

function eachUrl(html: string, fn: (url: string, attribute: string, tag: string) => string | void): string {
  return html.replace(TAG, (tagText, name: string, attributes: string) => {
    let changed = false;
    const rewritten = attributes.replace(ATTRIBUTE, (attrText, attr: string, raw?: string) => {
      const lower = attr.toLowerCase();
      if (raw === undefined || (!URL_ATTRIBUTE.test(lower) && !SRCSET_ATTRIBUTE.test(lower))) return attrText;
      if (lower === 'data-background' && !BACKGROUND_IMAGE.test(raw)) return attrText;
      const value = decodeEntities(raw);
      const next = SRCSET_ATTRIBUTE.test(lower)
        ? value
            .split(',')
            .map((candidate) => {
              const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
              return [fn(url, lower, name.toLowerCase()) ?? url, ...descriptor].join(' ');
            })
            .join(', ')
        : (fn(value, lower, name.toLowerCase()) ?? value);
      if (next === value) return attrText;
      changed = true;
      return ` ${attr}="${encodeAttribute(next)}"`;
    });
    return changed ? `<${name}${rewritten}${tagText.endsWith('/>') ? ' /' : ''}>` : tagText;
  });
}

/** Deck-relative files the HTML loads: images, media, backgrounds (links to other pages aside). */
export function localReferences(html: string): string[] {
  const found = new Set<string>();
  eachUrl(html, (url, attribute, tag) => {
    if (attribute === 'href' && tag !== 'image' && tag !== 'use') return;
    const path = localPath(url);
    if (path) found.add(path);
  });
  return [...found];
}

const attributesTag = (attributes: Record<string, string>) =>
  `<section${Object.entries(attributes).map(([name, value]) => ` ${name}="${encodeAttribute(value)}"`).join('')}>`;

/** Deck-relative files a slide's own attributes load (data-background-image, -video). */
export function attributeReferences(attributes: Record<string, string>): string[] {
  return localReferences(attributesTag(attributes));
}
