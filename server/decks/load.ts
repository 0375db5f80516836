// A deck given by path (`npm run export -- ~/talks/pycon.md`), wherever it lives: the same
// checks and errors as DeckStore.load, and the file's folder serves its images.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DeckError } from '../deck/model.ts';
import { sharedParsePool } from './parse-pool.ts';
import { MAX_DECK_BYTES, parseSource, type LoadedDeck } from './store.ts';

export async function loadDeckFile(file: string, display = file): Promise<LoadedDeck> {
  const absolute = path.resolve(file);
  let source: string;
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) throw new DeckError('not a file: pass a markdown deck (.md)', 'unreadable', undefined, display);
    if (stat.size > MAX_DECK_BYTES) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      throw new DeckError(`the file is ${mb(stat.size)} MB; decks are limited to ${mb(MAX_DECK_BYTES)} MB`, 'too-large', undefined, display);
    }
    source = await fs.readFile(absolute, 'utf8');
  } catch (err) {
    if (err instanceof DeckError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DeckError('no such file', 'not-found', undefined, display);
    throw new DeckError(`cannot read the file: ${code ?? (err as Error).message}`, 'unreadable', undefined, display);
  }
  const deck = await parseSource(source, display, sharedParsePool());
  if (deck instanceof DeckError) throw deck;
  const base = path.basename(absolute).replace(/\.md$/i, '');
  const slug = base === 'index' ? path.basename(path.dirname(absolute)) : base;
  return {
    slug,
    file: absolute,
    assetDir: path.dirname(absolute),
    deck,
    hash: createHash('sha256').update(source).digest('hex'),
  };
}
