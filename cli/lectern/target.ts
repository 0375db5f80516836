// What `lectern [deck.md | folder]` serves: a folder of decks (the current one by default), or
// one deck file, served alone with the folder it sits in as its files (images beside it). Turned
// into the DeckStore options the server takes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import type { DeckStoreOptions } from '../../server/decks/store.ts';

export interface Target {
  /** The folder the store reads. */
  decksDir: string;
  /** One deck only: its entry in decksDir ("slides.md", or a folder deck's folder name). */
  only?: string;
  /** How messages name what is served, as the user typed it. */
  display: string;
}

/** The target path `arg` (relative to `cwd`), checked: a .md file, a folder deck (or its index.md), or a folder of decks. */
export async function resolveTarget(arg: string | undefined, cwd: string): Promise<Target> {
  const display = arg ?? '.';
  const full = path.resolve(cwd, arg ?? '.');
  const stat = await fs.stat(full).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new LecternError('not-found', `${display}: no such file or folder: pass a deck's .md file or a folder of decks`);
    throw new LecternError('unreadable', `${display}: cannot be read (${err.code ?? err.message})`);
  });
  if (stat.isDirectory()) {
    // A folder with an index.md of its own is a folder deck (as for `lectern export`), not a folder of decks.
    const index = await fs.stat(path.join(full, 'index.md')).catch(() => undefined);
    if (index?.isFile() && path.dirname(full) !== full) return { decksDir: path.dirname(full), only: path.basename(full), display };
    return { decksDir: full, display };
  }
  if (!stat.isFile() || !/\.md$/i.test(full)) throw new LecternError('usage', `${display} is not a markdown deck: pass a .md file or a folder of decks`);
  // A folder deck's index.md is served as that folder's deck, with that folder's files.
  if (path.basename(full) === 'index.md') {
    const folder = path.dirname(full);
    return { decksDir: path.dirname(folder), only: path.basename(folder), display };
  }
  return { decksDir: path.dirname(full), only: path.basename(full), display };
}

/** The DeckStore options for serving `target`: a deck file's images are the files beside it. */
export function storeOptions(target: Target): Pick<DeckStoreOptions, 'only' | 'fileDeckAssets'> {
  return { only: target.only, fileDeckAssets: true };
}
