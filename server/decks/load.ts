// Reading one deck file: the size limit, the read, the parse on the pool, the located errors.
// DeckStore loads its decks through it (by slug, cached), and so does the export CLI for a deck
// given by path (`npm run export -- ~/talks/pycon.md`), whose folder then serves its images.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { LecternError } from '../../shared/errors.ts';
import type { Deck } from '../deck/model.ts';
import { parseStopReason, sharedParsePool, type ParsePool } from './parse-pool.ts';

export const MAX_DECK_BYTES = 5 * 1024 * 1024;

export interface LoadedDeck {
  slug: string;
  /** Absolute path of the markdown file. */
  file: string;
  /** Folder whose files are served under /decks/<slug>/ (folder decks only). */
  assetDir?: string;
  deck: Deck;
  /** sha256 of the source: a cache key for anything derived from the deck (PDFs). */
  hash: string;
}

/** What loading logs: a parse stopped at a limit, or a parse worker that failed (pino fits). */
export interface DeckLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ReadOptions {
  /** The path messages show ("decks/talk.md"). */
  display: string;
  maxBytes?: number;
  parser?: ParsePool;
  logger?: DeckLogger;
}

/** Up to two lines either side of a 1-based line, without splitting the whole (maybe 5 MB) source. */
function excerpt(source: string, line: number): Array<{ line: number; text: string }> {
  const from = Math.max(1, line - 2);
  const out: Array<{ line: number; text: string }> = [];
  let start = 0;
  for (let n = 1; n <= line + 2 && start <= source.length; n++) {
    let end = source.indexOf('\n', start);
    if (end === -1) end = source.length;
    if (n >= from) out.push({ line: n, text: source.slice(start, end).replace(/\r$/, '').slice(0, 200) });
    start = end + 1;
  }
  return out;
}

const unreadable = (err: unknown, file: string) =>
  new LecternError('unreadable', `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file, cause: err });

/**
 * Parses a deck's source on `parser`, turning every failure into a LecternError located in
 * `display` (with the lines around its line). A parse the pool stopped is logged.
 */
export async function parseSource(source: string, display: string, parser: ParsePool, logger?: DeckLogger): Promise<Deck> {
  try {
    return await parser.parse(source, { file: display });
  } catch (err) {
    if (!(err instanceof LecternError)) throw new LecternError('unreadable', `could not parse the deck: ${(err as Error).message}`, { file: display, cause: err });
    const reason = parseStopReason(err);
    const { line, file = display } = err.location;
    if (reason !== undefined && reason !== 'closed') {
      const details = { file, line, reason, limits: parser.limits };
      if (reason === 'time' || reason === 'memory') logger?.warn(details, `deck parse stopped at the ${reason} limit; its worker was replaced`);
      else logger?.error({ ...details, err: err.message }, 'deck parse worker failed; it is replaced on the next parse');
    }
    throw new LecternError(err.code, err.message, { file, line, excerpt: line ? excerpt(source, line) : undefined, cause: err.cause });
  }
}

/** The deck file's size and time, or the error a reader of `display` should see. */
export async function statDeck(file: string, display: string): Promise<{ size: number; mtimeMs: number }> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new LecternError('not-found', 'no such file', { file: display });
    throw unreadable(err, display);
  }
  if (!stat.isFile()) throw new LecternError('unreadable', 'not a file: pass a markdown deck (.md)', { file: display });
  return stat;
}

/** Reads and parses a deck file of `size` bytes (from statDeck): its Deck and content hash. */
export async function readDeck(file: string, size: number, options: ReadOptions): Promise<Pick<LoadedDeck, 'deck' | 'hash'>> {
  const maxBytes = options.maxBytes ?? MAX_DECK_BYTES;
  if (size > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new LecternError('too-large', `the file is ${mb(size)} MB; decks are limited to ${mb(maxBytes)} MB`, { file: options.display });
  }
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(err, options.display);
  }
  const deck = await parseSource(source, options.display, options.parser ?? sharedParsePool(), options.logger);
  return { deck, hash: createHash('sha256').update(source).digest('hex') };
}

/** A deck given by path, wherever it lives: the same checks and errors as DeckStore.load. */
export async function loadDeckFile(file: string, display = file): Promise<LoadedDeck> {
  const absolute = path.resolve(file);
  const { size } = await statDeck(absolute, display);
  const { deck, hash } = await readDeck(absolute, size, { display });
  const base = path.basename(absolute).replace(/\.md$/i, '');
  const slug = base === 'index' ? path.basename(path.dirname(absolute)) : base;
  return { slug, file: absolute, assetDir: path.dirname(absolute), deck, hash };
}
