// The file-system boundary of decks: slug → file, size limit, path containment, a parse
// cache keyed by mtime and size, and a watcher. The parser itself stays pure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import chokidar, { type FSWatcher } from 'chokidar';
import { DeckError, type Deck } from './model.ts';
import { parseDeck } from './parse.ts';

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

interface CacheEntry { mtimeMs: number; size: number; result: LoadedDeck | DeckError }

/** Up to two lines either side of a 1-based line. */
function excerpt(source: string, line: number): Array<{ line: number; text: string }> {
  const lines = source.split(/\r?\n/);
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 2);
  return lines.slice(from - 1, to).map((text, i) => ({ line: from + i, text: text.slice(0, 200) }));
}

export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug) && !slug.includes('..');
}

export class DeckStore extends EventEmitter<{ change: [slug: string] }> {
  private cache = new Map<string, CacheEntry>();
  private watcher?: FSWatcher;

  constructor(readonly decksDir: string, private readonly maxBytes = MAX_DECK_BYTES) {
    super();
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
    const cached = this.cache.get(slug);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      if (cached.result instanceof DeckError) throw cached.result;
      return cached.result;
    }
    const result = await this.read(slug, found, stat.size, display);
    this.cache.set(slug, { mtimeMs: stat.mtimeMs, size: stat.size, result });
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
    try {
      const deck = parseDeck(source, { file: display });
      const hash = createHash('sha256').update(source).digest('hex');
      return { slug, file: found.file, assetDir: found.assetDir, deck, hash };
    } catch (err) {
      if (err instanceof DeckError) {
        const located = new DeckError(err.message, err.code, err.line, err.file ?? display);
        if (err.line) located.excerpt = excerpt(source, err.line);
        return located;
      }
      return new DeckError(`could not parse the deck: ${(err as Error).message}`, 'unreadable', undefined, display);
    }
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

  /** Emits "change" with the slug whenever a deck's files change. */
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
      this.cache.delete(slug);
      this.emit('change', slug);
    };
    this.watcher.on('add', onEvent).on('change', onEvent).on('unlink', onEvent);
    this.watcher.on('error', () => {
      /* a watcher error must never take the server down; edits are then picked up by mtime on load */
    });
  }

  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private async isInside(real: string): Promise<boolean> {
    const root = await fs.realpath(this.decksDir).catch(() => this.decksDir);
    const rel = path.relative(root, real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  }
}
