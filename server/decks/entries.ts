// The decks in a decks folder and their slugs (slugs.ts): each `<name>.md` file, and each folder
// with an index.md; a folder with markdown but no index.md is listed with the problem, so the
// index can show it rather than drop it. A file and a folder of the same name: the file wins.
import fs from 'node:fs/promises';
import path from 'node:path';
import { assignSlugs } from './slugs.ts';
import type { DeckLocation, DeckLogger } from './load.ts';

/** A deck file or folder and the slug it is served under. */
export interface DeckEntry {
  slug: string;
  /** The file or folder name in the decks folder, without ".md". */
  name: string;
  location?: Omit<DeckLocation, 'display'>;
  /** Why it cannot be served (a folder without index.md). */
  problem?: string;
}

const NO_INDEX = "this folder has markdown files but no index.md: name the deck's file index.md (or move it up into the decks folder)";

/** The deck entries of `decksDir`; with `only`, just that entry (a file name with ".md", or a folder name). */
export async function listDeckEntries(decksDir: string, only?: string, logger?: DeckLogger): Promise<DeckEntry[]> {
  const dirents = await fs.readdir(decksDir, { withFileTypes: true }).catch((err: unknown) => {
    logger?.error({ err, dir: decksDir }, 'cannot list the decks folder');
    return [];
  });
  const found: Array<Omit<DeckEntry, 'slug'>> = [];
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.') || (only !== undefined && dirent.name !== only)) continue;
    const full = path.join(decksDir, dirent.name);
    let isDir = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      const stat = await fs.stat(full).catch(() => undefined);
      isDir = stat?.isDirectory() ?? false;
      isFile = stat?.isFile() ?? false;
    }
    if (isFile && /\.md$/i.test(dirent.name)) {
      found.push({ name: dirent.name.slice(0, -3), location: { file: full, root: decksDir, folder: false, slug: '' } });
    } else if (isDir) {
      const inside = await fs.readdir(full).catch(() => [] as string[]);
      const index = inside.find((f) => f === 'index.md') ?? inside.find((f) => f.toLowerCase() === 'index.md');
      if (index) found.push({ name: dirent.name, location: { file: path.join(full, index), root: full, folder: true, slug: '' } });
      else if (inside.some((f) => /\.md$/i.test(f) && !f.startsWith('.'))) found.push({ name: dirent.name, problem: NO_INDEX });
    }
  }
  const slugs = await assignSlugs([...new Set(found.map((e) => e.name))]);
  const seen = new Set<string>();
  const out: DeckEntry[] = [];
  for (const entry of found.sort((a, b) => Number(a.location?.folder ?? true) - Number(b.location?.folder ?? true))) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    const slug = slugs.get(entry.name) ?? entry.name; // assignSlugs names every entry
    out.push({ ...entry, slug, location: entry.location && { ...entry.location, slug } });
  }
  return out;
}
