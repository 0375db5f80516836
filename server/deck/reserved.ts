// The names the pages keep for their own elements. Slides are author HTML in the same document
// as the page around them (server/http/pages.ts), and they come first: an author element with
// the id of one of the page's elements would be the one `getElementById` finds. So every id a
// page gives its own elements starts with RESERVED_ID_PREFIX, and author markup never holds an
// id, or a reference to one, in that namespace: sanitize.ts renames them here, references
// included, so a deck's own links and labels between its elements keep working. The page's
// `data-lectern-*` attributes (slide positions the print view reads) are reserved the same way.
import type sanitizeHtml from 'sanitize-html';

/** Every id the pages' own elements have starts with this. */
export const RESERVED_ID_PREFIX = 'lectern-';

/** What an author's id in the namespace becomes: `lectern-x` → `author-lectern-x`. */
const RENAMED_PREFIX = 'author-';

/** Attributes whose value is a space-separated list of ids. */
const IDREF_ATTRIBUTES = new Set([
  'aria-activedescendant', 'aria-controls', 'aria-describedby', 'aria-details', 'aria-errormessage',
  'aria-flowto', 'aria-labelledby', 'aria-owns', 'for', 'form', 'headers', 'list', 'popovertarget',
]);

/** Ids compare exactly, but a near miss in case is renamed too: nothing in the namespace is the author's. */
const RESERVED = /^lectern-/i;

/** `#lectern-x` and reveal.js's slide links `#/lectern-x` (href, xlink:href). */
const FRAGMENT_REFERENCE = /^(\s*#\/?)(?=lectern-)/i;

/** `url(#lectern-x)` in SVG paint attributes (fill, stroke, marker-*) and inline styles. */
const URL_REFERENCE = /(url\(\s*['"]?\s*#)(?=lectern-)/gi;

const renameId = (id: string) => (RESERVED.test(id.trim()) ? `${RENAMED_PREFIX}${id.trim()}` : id);

/** True for attributes of the page's own, which an author never sets. */
export function isReservedAttribute(name: string): boolean {
  return name.toLowerCase().startsWith(`data-${RESERVED_ID_PREFIX}`);
}

/** One attribute's value with every id in the namespace renamed (the value as is for all others). */
export function renameReservedIds(name: string, value: string): string {
  if (name === 'id') return renameId(value);
  if (IDREF_ATTRIBUTES.has(name)) return value.split(/\s+/).filter(Boolean).map(renameId).join(' ');
  if (!value.includes('#')) return value;
  const renamed = name === 'href' || name === 'xlink:href' ? value.replace(FRAGMENT_REFERENCE, `$1${RENAMED_PREFIX}`) : value;
  return renamed.replace(URL_REFERENCE, `$1${RENAMED_PREFIX}`);
}

type Transform = (tagName: string, attribs: sanitizeHtml.Attributes) => sanitizeHtml.Tag;

/**
 * sanitize-html runs one transform per tag (the tag's own, else `*`): each of them, followed by
 * the renaming above and without reserved attributes.
 */
export function guardReservedNames(transforms: Record<string, Transform>): Record<string, Transform> {
  const guard = (transform: Transform): Transform => (tagName, attribs) => {
    const result = transform(tagName, attribs);
    const clean: sanitizeHtml.Attributes = {};
    for (const [name, value] of Object.entries(result.attribs)) {
      if (!isReservedAttribute(name)) clean[name] = renameReservedIds(name, value);
    }
    return { ...result, attribs: clean };
  };
  return Object.fromEntries(Object.entries(transforms).map(([tag, transform]) => [tag, guard(transform)]));
}
