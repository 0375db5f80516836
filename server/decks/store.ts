// The file-system boundary of decks: slug → file (slugs.ts), size limit, path containment, a
// parse cache keyed by the mtime and size of the deck and of the files beside it that change it
// (config files, stylesheets), and a watcher. The parser itself stays pure and runs on the parse
// pool's workers (parse-pool.ts), never on this thread.
//
// A deck is `<name>.md` in the decks folder (sharing that folder, its config files and, for the
// files its slides load, only those: LoadedDeck.served) or `<name>/index.md` (the whole folder is
// the deck's). A folder with markdown but no index.md is listed as a deck that cannot be served.
import fs from 'node:fs/promises';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import chokidar, { type FSWatcher } from 'chokidar';
import { LecternError } from '../../shared/errors.ts';
import type { DeckMeta } from '../../shared/slides.ts';
import { parseStopReason, sharedParsePool, type ParsePool } from './parse-pool.ts';
import { dependenciesUnchanged, loadDeck, statDeck, type DeckLocation, type DeckLogger, type LoadedDeck } from './load.ts';
import { isValidSlug } from './slugs.ts';
import { listDeckEntries, type DeckEntry } from './entries.ts';
import { DECK_ASSET_TYPES, NEIGHBOUR_ASSET_TYPES } from './assets.ts';
import { CONFIG_FILE_NAMES } from './config-files.ts';
import type { DeckWarning } from '../deck/model.ts';

export { isValidSlug };

export interface DeckSummary extends Pick<DeckMeta, 'title' | 'author' | 'event' | 'date'> {
  slug: string;
  slides: number;
  /** `notDeck`: a folder with markdown but no index.md, listed so its author sees why it is not served. */
  error?: { message: string; file: string; line?: number; notDeck?: true };
  /** What the author should know (file, line, what); empty for a deck without problems. */
  warnings: DeckWarning[];
}

/** A parse, settled or still running: loads of the same file version share it. */
interface CacheEntry { mtimeMs: number; size: number; file: string; result: Promise<LoadedDeck | LecternError> }

/** How long a listing of the decks folder is reused when nothing watches it. */
const ENTRIES_TTL_MS = 1000;

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
   * Otherwise a deck file serves only the files its slides and stylesheets load (LoadedDeck.served).
   */
  fileDeckAssets?: boolean;
}

/** A deck over a limit fails again until it changes; a worker that crashed or could not start may not. */
function worthRetrying(result: LoadedDeck | LecternError): boolean {
  const reason = parseStopReason(result);
  return reason !== undefined && reason !== 'time' && reason !== 'memory';
}

export class DeckStore extends EventEmitter<{ change: [slug: string] }> {
  private cache = new Map<string, CacheEntry>();
  private entriesCache?: { at: number; entries: Promise<DeckEntry[]> };
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

  /** The decks folder's deck files and folders, with their slugs (cached briefly, or until the watcher sees a change). */
  private entries(): Promise<DeckEntry[]> {
    const now = Date.now();
    if (this.entriesCache && (this.watcher || now - this.entriesCache.at < ENTRIES_TTL_MS)) return this.entriesCache.entries;
    const entries = listDeckEntries(this.decksDir, this.only, this.logger);
    this.entriesCache = { at: now, entries };
    entries.catch(() => (this.entriesCache = undefined));
    return entries;
  }

  /** The deck's markdown file, or undefined. Symlinks leaving the decks folder are refused. */
  async locate(slug: string): Promise<{ file: string; assetDir?: string } | undefined> {
    const location = await this.find(slug);
    return location && { file: location.file, assetDir: location.folder || this.fileDeckAssets ? location.root : undefined };
  }

  /**
   * The folder whose files /decks/<slug>/… serves, and of which types: a folder deck's own folder;
   * for a deck file the decks folder (its neighbours: no data files), all of them with
   * fileDeckAssets, else only the ones it loads (`servedOnly`); a folder of that name in an
   * unrestricted store; undefined for an invalid slug.
   */
  async assetDirOf(slug: string): Promise<{ dir: string; types: ReadonlySet<string>; servedOnly?: true } | undefined> {
    if (!isValidSlug(slug)) return undefined;
    const found = await this.find(slug);
    if (found?.folder) return { dir: found.root, types: DECK_ASSET_TYPES };
    if (found) return this.fileDeckAssets ? { dir: found.root, types: NEIGHBOUR_ASSET_TYPES } : { dir: found.root, types: NEIGHBOUR_ASSET_TYPES, servedOnly: true };
    return this.only === undefined ? { dir: path.join(this.decksDir, slug), types: DECK_ASSET_TYPES } : undefined;
  }

  private async find(slug: string): Promise<Omit<DeckLocation, 'display'> | undefined> {
    if (!isValidSlug(slug)) return undefined;
    let entry = (await this.entries()).find((e) => e.slug === slug);
    if (!entry && this.entriesCache) {
      this.entriesCache = undefined; // a deck added since the last listing is found at once
      entry = (await this.entries()).find((e) => e.slug === slug);
    }
    if (!entry?.location) return undefined;
    const real = await fs.realpath(entry.location.file).catch(() => undefined);
    return real && (await this.isInside(real)) ? entry.location : undefined;
  }

  /** Loads and parses a deck; throws LecternError (not-found, too-large, unreadable, front-matter, empty, too-complex). */
  async load(slug: string): Promise<LoadedDeck> {
    const found = await this.find(slug);
    if (!found) throw new LecternError('not-found', `no deck named "${slug}"`);
    const display = this.displayPath(found.file);
    const stat = await statDeck(found.file, display);
    let cached = this.cache.get(slug);
    if (cached && (cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size || cached.file !== found.file || !(await this.dependenciesHold(cached)))) {
      if (this.cache.get(slug) === cached) this.cache.delete(slug);
      cached = this.cache.get(slug);
    }
    if (!cached) {
      // Failures (a parse over a limit included) are cached like successes: a reload does not
      // parse the same file again until it changes.
      const result = loadDeck({ ...found, display }, stat.size, { maxBytes: this.maxBytes, parser: this.parser, logger: this.logger }).catch((err: unknown) => {
        if (err instanceof LecternError) return err;
        throw err;
      });
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, file: found.file, result };
      this.cache.set(slug, cached);
    }
    const result = await cached.result;
    if (worthRetrying(result) && this.cache.get(slug) === cached) this.cache.delete(slug);
    if (result instanceof LecternError) throw result;
    return result;
  }

  /** A loaded deck's config files and stylesheets are as they were (a failed load has none recorded). */
  private async dependenciesHold(entry: CacheEntry): Promise<boolean> {
    const result = await entry.result.catch(() => undefined);
    if (!result || result instanceof LecternError) return true;
    return dependenciesUnchanged(result.dependencies);
  }

  /** Every deck in the folder, broken ones (and folders that cannot be served) included with their error. */
  async list(): Promise<DeckSummary[]> {
    const summaries = await Promise.all(
      (await this.entries()).map(async (entry): Promise<DeckSummary | undefined> => {
        const { slug } = entry;
        if (entry.problem) return { slug, title: entry.name, slides: 0, warnings: [], error: { message: entry.problem, file: path.join(path.basename(this.decksDir), entry.name), notDeck: true } };
        try {
          const { deck } = await this.load(slug);
          const { title, author, event, date } = deck.meta;
          return { slug, title, author, event, date, slides: deck.slides.length, warnings: deck.warnings };
        } catch (err) {
          if (!(err instanceof LecternError)) throw err;
          if (err.code === 'not-found') return undefined;
          const { file = slug, line } = err.location;
          return { slug, title: entry.name, slides: 0, warnings: [], error: { message: err.message, file, line } };
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
    const onEvent = (event: string) => (file: string) => {
      const rel = path.relative(this.decksDir, file);
      if (!rel || rel.startsWith('..')) return;
      if (event !== 'change') this.entriesCache = undefined;
      void this.slugsChangedBy(rel).then((slugs) => {
        for (const slug of slugs) this.changed(slug);
      });
    };
    this.watcher.on('add', onEvent('add')).on('change', onEvent('change')).on('unlink', onEvent('unlink'));
    this.watcher.on('addDir', onEvent('addDir')).on('unlinkDir', onEvent('unlinkDir'));
    // A watcher error never takes the server down: edits are still picked up by mtime on load.
    this.watcher.on('error', (err) => this.logger?.warn({ err, dir: this.decksDir }, 'watching the decks folder failed; edits show on the next load'));
  }

  /**
   * The decks a changed file (relative to the decks folder) changes: a folder deck for anything in
   * its folder; a single-file deck for its own file, and, for a file beside it, every single-file
   * deck when it is a config file, else the ones loaded that load it.
   */
  private async slugsChangedBy(rel: string): Promise<string[]> {
    const parts = rel.split(path.sep);
    const first = parts[0]!;
    const entries = await this.entries();
    if (parts.length > 1) return entries.filter((e) => e.name === first && e.location?.folder).map((e) => e.slug);
    if (/\.md$/i.test(first)) {
      const own = entries.find((e) => e.name === first.slice(0, -3) && !e.location?.folder);
      return own ? [own.slug] : isValidSlug(first.slice(0, -3)) ? [first.slice(0, -3)] : [];
    }
    const singles = entries.filter((e) => e.location && !e.location.folder);
    if (CONFIG_FILE_NAMES.includes(first)) return singles.map((e) => e.slug);
    const out: string[] = [];
    for (const entry of singles) {
      const loaded = await this.cache.get(entry.slug)?.result.catch(() => undefined);
      if (loaded && !(loaded instanceof LecternError) && (loaded.served?.has(first) || loaded.dependencies.some(([dep]) => dep === path.join(this.decksDir, first)))) out.push(entry.slug);
    }
    return out;
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
