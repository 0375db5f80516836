// URL names for the decks in a folder. A deck file or folder whose name is already a slug keeps
// it as written (`europython-2013.md` → /decks/europython-2013): links people shared stay valid.
// Any other name gets a readable slug (@sindresorhus/slugify: `my talk (final).md` → my-talk-final,
// `ünïcødé.md` → uenicode, `Đáp ứng.md` → dap-ung); one that would collide with another deck's, or
// that has no letters left (`意識.md`), gets a suffix made from its own name, so it stays the same
// whatever else is in the folder. slugify is loaded only for such names: loading it, with its
// transliteration tables, takes ~20 ms, on the way to every cold export's parse.
import { createHash } from 'node:crypto';

/** A slug is a file or folder name: letters, digits, dot, dash, underscore; never starts with a dot. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug) && !slug.includes('..');
}

const suffix = (name: string) => createHash('sha256').update(name.normalize('NFC')).digest('hex').slice(0, 6);

/**
 * A slug for each name (a deck file without ".md", or a deck folder), distinct from one another:
 * names that are slugs keep theirs; the others, in name order, get a readable one.
 */
export async function assignSlugs(names: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names.filter(isValidSlug)) {
    taken.add(name);
    out.set(name, name);
  }
  const others = names.filter((name) => !out.has(name)).sort();
  if (others.length === 0) return out;
  const { default: slugify } = await import('@sindresorhus/slugify');
  for (const name of others) {
    const base = slugify(name, { decamelize: false }).slice(0, 100).replace(/-+$/, '');
    let slug = base || 'deck';
    if (!base || taken.has(slug)) slug = `${slug}-${suffix(name)}`;
    taken.add(slug);
    out.set(name, slug);
  }
  return out;
}
