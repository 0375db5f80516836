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
import { assignSlugs, isValidSlug } from './slugs.ts';
import { CONFIG_FILE_NAMES } from './config-files.ts';
import type { DeckWarning } from '../deck/model.ts';

export { isValidSlug };

export interface DeckSummary extends Pick<DeckMeta, 'title' | 'author' | 'event' | 'date'> {
  slug: string;
  slides: number;
  error?: { message: string; file: string; line?: number };
  /** What the author should know (file, line, what); empty for a deck without problems. */
  warnings: DeckWarning[];
}

/** A parse, settled or still running: loads of the same file version share it. */
interface CacheEntry { mtimeMs: number; size: number; file: string; result: Promise<LoadedDeck | LecternError> }

/** A deck file or folder and the slug it is served under. */
interface DeckEntry {
  slug: string;
  /** The file or folder name in the decks folder. */
  name: string;
  location?: Omit<DeckLocation, 'display'>;
  /** Why it cannot be served (a folder without index.md). */
  problem?: string;
}

/** How long a listing of the decks folder is reused when nothing watches it. */
const ENTRIES_TTL_MS = 1000;

export interface DeckStoreOptions {
  maxBytes?: number;
  /** Where decks are parsed (default: the process's shared pool). */
  parser?: ParsePool;
  logger?: DeckLogger;
  /** Quiet time after a file's last change before "change" is emitted (bursts of saves coalesce). */
  debounceMs?: number;
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

  constructor(readonly decksDir: string, options: DeckStoreOptions = {}) {
    super();
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
    const entries = this.readEntries();
    this.entriesCache = { at: now, entries };
    entries.catch(() => (this.entriesCache = undefined));
    return entries;
  }

  private async readEntries(): Promise<DeckEntry[]> {
    const dirents = await fs.readdir(this.decksDir, { withFileTypes: true }).catch((err: unknown) => {
      this.logger?.error({ err, dir: this.decksDir }, 'cannot list the decks folder');
      return [];
    });
    const found: Array<Omit<DeckEntry, 'slug'>> = [];
    for (const dirent of dirents) {
      if (dirent.name.startsWith('.')) continue;
      const full = path.join(this.decksDir, dirent.name);
      let isDir = dirent.isDirectory();
      let isFile = dirent.isFile();
      if (dirent.isSymbolicLink()) {
        const stat = await fs.stat(full).catch(() => undefined);
        isDir = stat?.isDirectory() ?? false;
        isFile = stat?.isFile() ?? false;
      }
      if (isFile && /\.md$/i.test(dirent.name)) {
        found.push({ name: dirent.name.slice(0, -3), location: { file: full, root: this.decksDir, folder: false, slug: '' } });
      } else if (isDir) {
        const inside = await fs.readdir(full).catch(() => [] as string[]);
        const index = inside.find((f) => f === 'index.md') ?? inside.find((f) => f.toLowerCase() === 'index.md');
        if (index) found.push({ name: dirent.name, location: { file: path.join(full, index), root: full, folder: true, slug: '' } });
        else if (inside.some((f) => /\.md$/i.test(f) && !f.startsWith('.'))) found.push({ name: dirent.name, problem: 'this folder has markdown files but no index.md: name the deck\'s file index.md (or move it up into the decks folder)' });
      }
    }
    // A file and a folder of the same name: the file wins, as it always has.
    const names = [...new Set(found.map((e) => e.name))];
    const slugs = assignSlugs(names);
    const seen = new Set<string>();
    const out: DeckEntry[] = [];
    for (const entry of found.sort((a, b) => Number(a.location?.folder ?? true) - Number(b.location?.folder ?? true))) {
      if (seen.has(entry.name)) continue;
      seen.add(entry.name);
      const slug = slugs.get(entry.name)!;
      out.push({ ...entry, slug, location: entry.location && { ...entry.location, slug } });
    }
    return out;
  }

  /** The deck's markdown file, or undefined. Symlinks leaving the decks folder are refused. */
  async locate(slug: string): Promise<{ file: string; assetDir?: string } | undefined> {
    const location = await this.find(slug);
    return location && { file: location.file, assetDir: location.folder ? location.root : undefined };
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
        if (entry.problem) return { slug, title: entry.name, slides: 0, warnings: [], error: { message: entry.problem, file: path.join(path.basename(this.decksDir), entry.name) } };
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
    this.watcher = chokidar.watch(this.decksDir, {
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
