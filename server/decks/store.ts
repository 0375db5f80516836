// The file-system boundary of decks: slug → file, size limit, path containment, a parse
// cache keyed by mtime and size, and a watcher. The parser itself stays pure and runs on the
// parse pool's workers (parse-pool.ts), never on this thread.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import chokidar, { type FSWatcher } from 'chokidar';
import { DeckError, type Deck } from '../deck/model.ts';
import { ParseStoppedError, sharedParsePool, type ParsePool } from './parse-pool.ts';

export const MAX_DECK_BYTES = 5 * 1024 * 1024;

/** A slug is a file or folder name: letters, digits, dot, dash, underscore; never starts with a dot. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

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

export interface DeckSummary {
  slug: string;
  title: string;
  author?: string;
  event?: string;
  date?: string;
  slides: number;
  error?: { message: string; file: string; line?: number };
}

/** A parse, settled or still running: loads of the same file version share it. */
interface CacheEntry { mtimeMs: number; size: number; result: Promise<LoadedDeck | DeckError> }

/** What the store logs: a parse stopped at a limit, or a parse worker that failed (pino fits). */
export interface DeckLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DeckStoreOptions {
  maxBytes?: number;
  /** Where decks are parsed (default: the process's shared pool). */
  parser?: ParsePool;
  logger?: DeckLogger;
  /** Quiet time after a file's last change before "change" is emitted (bursts of saves coalesce). */
  debounceMs?: number;
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

/**
 * Parses a deck's source on `parser`, turning every failure into a DeckError located in
 * `display` (with the lines around its line). A parse stopped by the pool is logged.
 */
export async function parseSource(source: string, display: string, parser: ParsePool, logger?: DeckLogger): Promise<Deck | DeckError> {
  try {
    return await parser.parse(source, { file: display });
  } catch (err) {
    if (!(err instanceof DeckError)) return new DeckError(`could not parse the deck: ${(err as Error).message}`, 'unreadable', undefined, display);
    if (err instanceof ParseStoppedError && err.reason !== 'closed') {
      const details = { file: display, line: err.line, reason: err.reason, limits: parser.limits };
      if (err.reason === 'time' || err.reason === 'memory') logger?.warn(details, `deck parse stopped at the ${err.reason} limit; its worker was replaced`);
      else logger?.error({ ...details, err: err.message }, 'deck parse worker failed; it is replaced on the next parse');
    }
    const file = err.file ?? display;
    const located = err instanceof ParseStoppedError ? new ParseStoppedError(err.message, err.code, err.reason, err.line, file) : new DeckError(err.message, err.code, err.line, file);
    if (err.line) located.excerpt = excerpt(source, err.line);
    return located;
  }
}

/** A deck over a limit fails again until it changes; a worker that crashed or could not start may not. */
function worthRetrying(result: LoadedDeck | DeckError): boolean {
  return result instanceof ParseStoppedError && result.reason !== 'time' && result.reason !== 'memory';
}

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug) && !slug.includes('..');
}

export class DeckStore extends EventEmitter<{ change: [slug: string] }> {
  private cache = new Map<string, CacheEntry>();
  private watcher?: FSWatcher;
  private pending = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  private readonly maxBytes: number;
  private readonly parser: ParsePool;
  private readonly logger?: DeckLogger;
  private readonly debounceMs: number;

  constructor(readonly decksDir: string, options: DeckStoreOptions = {}) {
    super();
    this.maxBytes = options.maxBytes ?? MAX_DECK_BYTES;
    this.parser = options.parser ?? sharedParsePool();
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 150;
  }

  /** Settles when the parser is warm (see ParsePool.ready). */
  ready(): Promise<void> {
    return this.parser.ready();
  }

  /** Relative path for messages ("decks/talk.md"), never an absolute one. */
  displayPath(file: string): string {
    return path.join(path.basename(this.decksDir), path.relative(this.decksDir, file));
  }

  /** The deck's markdown file, or undefined. Symlinks leaving the decks folder are refused. */
  async locate(slug: string): Promise<{ file: string; assetDir?: string } | undefined> {
    if (!isValidSlug(slug)) return undefined;
    const candidates = [
      { file: path.join(this.decksDir, `${slug}.md`) },
      { file: path.join(this.decksDir, slug, 'index.md'), assetDir: path.join(this.decksDir, slug) },
    ];
    for (const candidate of candidates) {
      if (slug.endsWith('.md') && !candidate.assetDir) continue;
      const real = await fs.realpath(candidate.file).catch(() => undefined);
      if (real && (await this.isInside(real))) return candidate;
    }
    return undefined;
  }

  /** Loads and parses a deck; throws DeckError (code not-found, too-large, unreadable, front-matter, empty). */
  async load(slug: string): Promise<LoadedDeck> {
    const found = await this.locate(slug);
    if (!found) throw new DeckError(`no deck named "${slug}"`, 'not-found');
    const display = this.displayPath(found.file);
    let stat;
    try {
      stat = await fs.stat(found.file);
    } catch (err) {
      throw new DeckError(`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`, 'unreadable', undefined, display);
    }
    let cached = this.cache.get(slug);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      // Failures (a parse over a limit included) are cached like successes: a reload does not
      // parse the same file again until it changes.
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, result: this.read(slug, found, stat.size, display) };
      this.cache.set(slug, cached);
    }
    const result = await cached.result;
    if (worthRetrying(result) && this.cache.get(slug) === cached) this.cache.delete(slug);
    if (result instanceof DeckError) throw result;
    return result;
  }

  private async read(
    slug: string,
    found: { file: string; assetDir?: string },
    size: number,
    display: string,
  ): Promise<LoadedDeck | DeckError> {
    if (size > this.maxBytes) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      return new DeckError(`the file is ${mb(size)} MB; decks are limited to ${mb(this.maxBytes)} MB`, 'too-large', undefined, display);
    }
    let source: string;
    try {
      source = await fs.readFile(found.file, 'utf8');
    } catch (err) {
      return new DeckError(`cannot read the file: ${(err as NodeJS.ErrnoException).code ?? err}`, 'unreadable', undefined, display);
    }
    const deck = await parseSource(source, display, this.parser, this.logger);
    if (deck instanceof DeckError) return deck;
    const hash = createHash('sha256').update(source).digest('hex');
    return { slug, file: found.file, assetDir: found.assetDir, deck, hash };
  }

  /** Every deck in the folder, broken ones included with their error. */
  async list(): Promise<DeckSummary[]> {
    const entries = await fs.readdir(this.decksDir, { withFileTypes: true }).catch(() => []);
    const slugs = new Set<string>();
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.md')) slugs.add(entry.name.slice(0, -3));
      else if (entry.isDirectory()) slugs.add(entry.name);
    }
    const summaries = await Promise.all(
      [...slugs].filter(isValidSlug).map(async (slug): Promise<DeckSummary | undefined> => {
        try {
          const { deck } = await this.load(slug);
          const { title, author, event, date } = deck.meta;
          return { slug, title, author, event, date, slides: deck.slides.length };
        } catch (err) {
          if (!(err instanceof DeckError) || err.code === 'not-found') return undefined;
          return {
            slug,
            title: slug,
            slides: 0,
            error: { message: err.message, file: err.file ?? slug, line: err.line },
          };
        }
      }),
    );
    return summaries
      .filter((s): s is DeckSummary => s !== undefined)
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title));
  }

  /**
   * Emits "change" with the slug when a deck's files change: once per burst of changes, after
   * debounceMs without one (or at least every 5 debounce periods while they keep coming), so a
   * stream of saves (an editor, a sync tool, a script) is parsed and pushed once, not per write.
   */
  watch(): void {
    if (this.watcher) return;
    this.watcher = chokidar.watch(this.decksDir, {
      ignoreInitial: true,
      depth: 2,
      awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
    });
    const onEvent = (file: string) => {
      const rel = path.relative(this.decksDir, file);
      if (!rel || rel.startsWith('..')) return;
      const first = rel.split(path.sep)[0];
      const slug = first.endsWith('.md') && !rel.includes(path.sep) ? first.slice(0, -3) : first;
      if (!isValidSlug(slug)) return;
      this.changed(slug);
    };
    this.watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
    this.watcher.on('error', () => {
      /* a watcher error must never take the server down; edits are then picked up by mtime on load */
    });
  }

  private changed(slug: string): void {
    const now = Date.now();
    const pending = this.pending.get(slug);
    const since = pending?.since ?? now;
    clearTimeout(pending?.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, since + 5 * this.debounceMs - now));
    const timer = setTimeout(() => {
      this.pending.delete(slug);
      this.cache.delete(slug);
      this.emit('change', slug);
    }, wait);
    this.pending.set(slug, { timer, since });
  }

  async close(): Promise<void> {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private async isInside(real: string): Promise<boolean> {
    const root = await fs.realpath(this.decksDir).catch(() => this.decksDir);
    const rel = path.relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
}
