// The file-system boundary of decks: slug → file, size limit, path containment, a parse
// cache keyed by mtime and size, and a watcher. The parser itself stays pure and runs on the
// parse pool's workers (parse-pool.ts), never on this thread.
import fs from 'node:fs/promises';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import chokidar, { type FSWatcher } from 'chokidar';
import { LecternError } from '../../shared/errors.ts';
import type { DeckMeta } from '../../shared/slides.ts';
import { parseStopReason, sharedParsePool, type ParsePool } from './parse-pool.ts';
import { readDeck, statDeck, type DeckLogger, type LoadedDeck } from './load.ts';
import { DECK_ASSET_TYPES, NEIGHBOUR_ASSET_TYPES } from './assets.ts';

/** A slug is a file or folder name: letters, digits, dot, dash, underscore; never starts with a dot. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface DeckSummary extends Pick<DeckMeta, 'title' | 'author' | 'event' | 'date'> {
  slug: string;
  slides: number;
  error?: { message: string; file: string; line?: number };
}

/** A parse, settled or still running: loads of the same file version share it. */
interface CacheEntry { mtimeMs: number; size: number; result: Promise<LoadedDeck | LecternError> }

export interface DeckStoreOptions {
  maxBytes?: number;
  /** Where decks are parsed (default: the process's shared pool). */
  parser?: ParsePool;
  logger?: DeckLogger;
  /** Quiet time after a file's last change before "change" is emitted (bursts of saves coalesce). */
  debounceMs?: number;
  /**
   * Serve only this entry of the folder: a deck file's name ("slides.md") or a folder deck's
   * folder name. `lectern slides.md` serves that one deck from the folder it sits in.
   */
  only?: string;
  /**
   * A deck file's images are the files beside it, served under /decks/<slug>/ as a folder deck's
   * are: the `lectern` command serves a speaker's own folder, where images sit next to the deck.
   */
  fileDeckAssets?: boolean;
}

/** A deck over a limit fails again until it changes; a worker that crashed or could not start may not. */
function worthRetrying(result: LoadedDeck | LecternError): boolean {
  const reason = parseStopReason(result);
  return reason !== undefined && reason !== 'time' && reason !== 'memory';
}

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug) && !slug.includes('..');
}

export class DeckStore extends EventEmitter<{ change: [slug: string] }> {
  private cache = new Map<string, CacheEntry>();
  private watcher?: FSWatcher;
  private pending = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  private readonly maxBytes?: number;
  private readonly parser: ParsePool;
  private readonly logger?: DeckLogger;
  private readonly debounceMs: number;
  private readonly only?: string;
  private readonly fileDeckAssets: boolean;

  constructor(readonly decksDir: string, options: DeckStoreOptions = {}) {
    super();
    this.only = options.only;
    this.fileDeckAssets = options.fileDeckAssets ?? false;
    this.maxBytes = options.maxBytes;
    this.parser = options.parser ?? sharedParsePool();
    this.logger = options.logger;
    this.debounceMs = options.debounceMs ?? 150;
  }

  /** Throws a 'config' LecternError unless the decks folder is there and is a folder. */
  async checkFolder(): Promise<void> {
    const stat = await fs.stat(this.decksDir).catch((err: NodeJS.ErrnoException) => err);
    const why = stat instanceof Error ? (stat.code === 'ENOENT' ? 'does not exist' : `cannot be read (${stat.code ?? stat.message})`) : stat.isDirectory() ? undefined : 'is not a folder';
    if (why) throw new LecternError('config', `the decks folder ${this.decksDir} ${why}: pass --decks <folder> (or set DECKS_DIR)`);
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
      { entry: `${slug}.md`, file: path.join(this.decksDir, `${slug}.md`), assetDir: this.fileDeckAssets ? this.decksDir : undefined },
      { entry: slug, file: path.join(this.decksDir, slug, 'index.md'), assetDir: path.join(this.decksDir, slug) },
    ];
    for (const { entry, file, assetDir } of candidates) {
      if (slug.endsWith('.md') && entry !== slug) continue;
      if (this.only !== undefined && entry !== this.only) continue;
      const real = await fs.realpath(file).catch(() => undefined);
      if (real && (await this.isInside(real))) return { file, assetDir };
    }
    return undefined;
  }

  /**
   * The folder whose files /decks/<slug>/… serves, and of which types: a folder deck's own folder,
   * or the decks folder for a deck file with fileDeckAssets (its neighbours: no data files), else
   * a folder of that name in an unrestricted store; undefined for an invalid slug.
   */
  async assetDirOf(slug: string): Promise<{ dir: string; types: ReadonlySet<string> } | undefined> {
    if (!isValidSlug(slug)) return undefined;
    const found = await this.locate(slug);
    if (found) {
      if (found.assetDir === undefined) return undefined;
      return { dir: found.assetDir, types: found.assetDir === this.decksDir ? NEIGHBOUR_ASSET_TYPES : DECK_ASSET_TYPES };
    }
    return this.only === undefined ? { dir: path.join(this.decksDir, slug), types: DECK_ASSET_TYPES } : undefined;
  }

  /** Loads and parses a deck; throws LecternError (not-found, too-large, unreadable, front-matter, empty, too-complex). */
  async load(slug: string): Promise<LoadedDeck> {
    const found = await this.locate(slug);
    if (!found) throw new LecternError('not-found', `no deck named "${slug}"`);
    const display = this.displayPath(found.file);
    const stat = await statDeck(found.file, display);
    let cached = this.cache.get(slug);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      // Failures (a parse over a limit included) are cached like successes: a reload does not
      // parse the same file again until it changes.
      const result = readDeck(found.file, stat.size, { display, maxBytes: this.maxBytes, parser: this.parser, logger: this.logger }).then(
        ({ deck, hash }): LoadedDeck => ({ slug, file: found.file, assetDir: found.assetDir, deck, hash }),
        (err: unknown) => {
          if (err instanceof LecternError) return err;
          throw err;
        },
      );
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, result };
      this.cache.set(slug, cached);
    }
    const result = await cached.result;
    if (worthRetrying(result) && this.cache.get(slug) === cached) this.cache.delete(slug);
    if (result instanceof LecternError) throw result;
    return result;
  }

  /** Every deck in the folder, broken ones included with their error. */
  async list(): Promise<DeckSummary[]> {
    const entries = await fs.readdir(this.decksDir, { withFileTypes: true }).catch((err: unknown) => {
      this.logger?.error({ err, dir: this.decksDir }, 'cannot list the decks folder');
      return [];
    });
    const slugs = new Set<string>();
    for (const entry of entries) {
      if (entry.name.startsWith('.') || (this.only !== undefined && entry.name !== this.only)) continue;
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
          if (!(err instanceof LecternError)) throw err;
          if (err.code === 'not-found') return undefined;
          const { file = slug, line } = err.location;
          return { slug, title: slug, slides: 0, error: { message: err.message, file, line } };
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
    // One deck served alone: its file (or folder) only, not everything beside it.
    this.watcher = chokidar.watch(this.only === undefined ? this.decksDir : path.join(this.decksDir, this.only), {
      ignoreInitial: true,
      depth: 2,
      awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 20 },
    });
    const onEvent = (file: string) => {
      const rel = path.relative(this.decksDir, file);
      if (!rel || rel.startsWith('..')) return;
      const first = rel.split(path.sep)[0]!;
      const slug = first.endsWith('.md') && !rel.includes(path.sep) ? first.slice(0, -3) : first;
      if (!isValidSlug(slug)) return;
      this.changed(slug);
    };
    this.watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
    // A watcher error never takes the server down: edits are still picked up by mtime on load.
    this.watcher.on('error', (err) => this.logger?.warn({ err, dir: this.decksDir }, 'watching the decks folder failed; edits show on the next load'));
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
