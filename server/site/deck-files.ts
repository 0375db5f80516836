// A deck's own files as the static site copies them and a single-file deck inlines them: the
// same files the server would serve under /decks/<slug>/ (decks/assets.ts: inside the deck's
// folder, of a served type), found from the paths its slides and stylesheets name.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoadedDeck } from '../decks/load.ts';
import { DECK_ASSET_TYPES, resolveDeckAsset } from '../decks/assets.ts';

export type DeckFile = { rel: string; file: string } | { rel: string; problem: string };

/**
 * `ref` (a local path from the deck's page, or from a stylesheet at `from` inside the deck's
 * folder) as the deck file it names, or why it is not one.
 */
export async function deckFile(loaded: Pick<LoadedDeck, 'assetDir'>, ref: string, from = ''): Promise<DeckFile> {
  const rel = path.posix.normalize(path.posix.join(path.posix.dirname(`${from || '.'}/x`), ref)).replace(/^\.\//, '');
  if (rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel)) return { rel: ref, problem: 'it is outside the deck\'s folder' };
  if (!loaded.assetDir) return { rel, problem: 'this deck has no folder of its own (put it in a folder as index.md)' };
  if (!DECK_ASSET_TYPES.has(path.posix.extname(rel).toLowerCase())) return { rel, problem: 'not a file type decks may use' };
  const file = await resolveDeckAsset(loaded.assetDir, rel.split('/'));
  return file ? { rel, file } : { rel, problem: 'no such file' };
}

/** Every file of a folder deck that the server would serve (hidden files, markdown and `skip` left out). */
export async function folderFiles(dir: string, skip: (file: string) => boolean): Promise<Array<{ rel: string; file: string }>> {
  const out: Array<{ rel: string; file: string }> = [];
  const visit = async (sub: string): Promise<void> => {
    const entries = await fs.readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      const file = path.join(dir, rel);
      if (skip(file)) continue;
      if (entry.isDirectory()) await visit(rel);
      else if (entry.isFile() && DECK_ASSET_TYPES.has(path.extname(entry.name).toLowerCase())) out.push({ rel, file });
    }
  };
  await visit('');
  return out;
}
