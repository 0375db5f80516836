// Reading one deck file: the size limit, the read, the config files beside it, the parse on the
// pool, its stylesheets (sanitized on the pool too), the files it loads that are not there, the
// located errors. DeckStore loads its decks through it (by slug, cached), and so does the export
// CLI for a deck given by path (`npm run export -- ~/talks/pycon.md`), whose folder then serves
// its images.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { LecternError } from '../../shared/errors.ts';
import type { Deck, DeckWarning } from '../deck/model.ts';
import type { DeckConfigFiles } from '../deck/config-files.ts';
import type { StylesheetSource } from '../deck/stylesheet.ts';
import { parseStopReason, sharedParsePool, type ParsePool } from './parse-pool.ts';
import { CONFIG_FILE_NAMES, readConfigFiles } from './config-files.ts';
import { DECK_ASSET_TYPES, fileInside, safeSegments } from './assets.ts';
import { assignSlugs } from './slugs.ts';

export const MAX_DECK_BYTES = 5 * 1024 * 1024;

export interface LoadedDeck {
  slug: string;
  /** Absolute path of the markdown file. */
  file: string;
  /**
   * The deck's folder, whose files (of the served types) load under /decks/<slug>/: a folder
   * deck's own folder, or the folder a single-file deck sits in, where only `served` are served.
   */
  assetDir?: string;
  /** For a single-file deck: the deck-relative files its slides and stylesheets load, the only ones served. */
  served?: ReadonlySet<string>;
  deck: Deck;
  /** sha256 of the source, its config files and stylesheets: a cache key for anything derived from the deck (PDFs). */
  hash: string;
  /** The deck's own stylesheets, sanitized and scoped (server/deck/stylesheet.ts), if it names any. */
  stylesheet?: { css: string; hash: string };
  /** Files besides the deck file whose change changes the deck (config files, stylesheets), with their mtimes (-1: absent). */
  dependencies: Array<[file: string, mtimeMs: number]>;
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
export async function parseSource(source: string, display: string, parser: ParsePool, logger?: DeckLogger, config?: DeckConfigFiles): Promise<Deck> {
  try {
    return await parser.parse(source, { file: display, config });
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

/** Reads a deck file of `size` bytes (from statDeck), within the size limit. */
export async function readSource(file: string, size: number, display: string, maxBytes = MAX_DECK_BYTES): Promise<string> {
  if (size > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw new LecternError('too-large', `the file is ${mb(size)} MB; decks are limited to ${mb(maxBytes)} MB`, { file: display });
  }
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw unreadable(err, display);
  }
}

export interface DeckLocation {
  slug: string;
  /** The markdown file. */
  file: string;
  /** The deck's folder: config files, stylesheets and images are read from it. */
  root: string;
  /** A folder deck (its whole folder is served) rather than a single file in a shared folder. */
  folder: boolean;
  /** How messages name the deck file ("decks/talk.md"); its folder is named by its dirname. */
  display: string;
}

/** Reads, parses and completes one deck (see the file's header); throws the deck's LecternError. */
export async function loadDeck(location: DeckLocation, size: number, options: Omit<ReadOptions, 'display'> = {}): Promise<LoadedDeck> {
  const { display, root } = location;
  const parser = options.parser ?? sharedParsePool();
  const rootDisplay = path.dirname(display);
  const [source, configs] = await Promise.all([readSource(location.file, size, display, options.maxBytes), readConfigFiles(root, rootDisplay)]);
  const deck = await parseSource(source, display, parser, options.logger, configs.config);
  const dependencies = await Promise.all(CONFIG_FILE_NAMES.map((name) => mtimeOf(path.join(root, name))));
  const warnings = [...configs.warnings, ...deck.warnings.map((w) => ({ ...w, file: w.file ?? display }))];
  const extra = await completeDeck(deck, location, parser, warnings, dependencies);
  const hash = createHash('sha256').update(source);
  for (const text of [...configs.texts, extra.stylesheet?.css ?? '']) hash.update('\0').update(text);
  return {
    slug: location.slug,
    file: location.file,
    assetDir: root,
    served: location.folder ? undefined : extra.served,
    deck: { ...deck, warnings },
    hash: hash.digest('hex'),
    stylesheet: extra.stylesheet,
    dependencies,
  };
}

async function mtimeOf(file: string): Promise<[string, number]> {
  const stat = await fs.stat(file).catch(() => undefined);
  return [file, stat?.isFile() ? stat.mtimeMs : -1];
}

/** Checks that recorded dependencies are unchanged. */
export async function dependenciesUnchanged(dependencies: LoadedDeck['dependencies']): Promise<boolean> {
  const now = await Promise.all(dependencies.map(([file]) => mtimeOf(file)));
  return now.every(([, mtime], i) => mtime === dependencies[i]![1]);
}

/** Most files a deck may load that are checked for being there (one warning per missing file). */
const MAX_CHECKED_REFERENCES = 2000;

/**
 * The deck's stylesheets (read here, sanitized on the pool) and the files it loads that are not
 * beside it: warnings added to `warnings`, the stylesheets' files to `dependencies`.
 */
async function completeDeck(
  deck: Deck,
  location: DeckLocation,
  parser: ParsePool,
  warnings: DeckWarning[],
  dependencies: LoadedDeck['dependencies'],
): Promise<{ stylesheet?: LoadedDeck['stylesheet']; served: Set<string> }> {
  const { root, display } = location;
  const rootDisplay = path.dirname(display);
  const served = new Set<string>();
  let stylesheet: LoadedDeck['stylesheet'];
  const sheets = [...(deck.meta.themeCss ? [deck.meta.themeCss] : []), ...deck.meta.css];
  if (sheets.length > 0) {
    const sources: StylesheetSource[] = [];
    for (const sheet of [...new Set(sheets)]) {
      const file = await fileInside(root, sheet.split('/'));
      dependencies.push(await mtimeOf(path.join(root, ...sheet.split('/'))));
      const key = deck.meta.themeCss === sheet ? 'theme' : 'css';
      if (!file) {
        warnings.push({ file: display, message: `${key} "${sheet}" is not a file in the deck's folder (${rootDisplay}): the deck is shown without it` });
        continue;
      }
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) warnings.push({ file: display, message: `${key} "${sheet}" cannot be read: the deck is shown without it` });
      else sources.push({ path: sheet, text });
    }
    if (sources.length > 0) {
      const safe = await parser.stylesheets(sources, display);
      for (const w of safe.warnings) warnings.push({ ...w, file: w.file ? path.join(rootDisplay, w.file) : display });
      for (const asset of safe.assets) served.add(asset);
      if (safe.css.trim()) stylesheet = { css: safe.css, hash: createHash('sha256').update(safe.css).digest('hex').slice(0, 16) };
    }
  }
  const references = new Map<string, number | undefined>();
  for (const ref of deck.references ?? []) if (!references.has(ref.path)) references.set(ref.path, ref.line);
  for (const asset of served) if (!references.has(asset)) references.set(asset, undefined);
  let checked = 0;
  for (const [ref, line] of references) {
    if (checked++ >= MAX_CHECKED_REFERENCES) break;
    const parts = ref.split('/');
    const typed = DECK_ASSET_TYPES.has(path.extname(ref).toLowerCase());
    const file = safeSegments(parts) ? await fileInside(root, parts) : undefined;
    if (file && typed) served.add(ref);
    else if (file) warnings.push({ file: display, line, message: `"${ref}" is not a kind of file Lectern serves (${[...DECK_ASSET_TYPES].filter((t) => t !== '.css').join(' ')}): it will not load` });
    else if (typed || !/\.(html?|md)$/i.test(ref)) warnings.push({ file: display, line, message: `"${ref}" is not in the deck's folder (${rootDisplay}): it will not load` });
  }
  return { stylesheet, served };
}

/** A deck given by path, wherever it lives: the same checks and errors as DeckStore.load. */
export async function loadDeckFile(file: string, display = file): Promise<LoadedDeck> {
  const absolute = path.resolve(file);
  const { size } = await statDeck(absolute, display);
  const base = path.basename(absolute).replace(/\.md$/i, '');
  const folder = base === 'index';
  const slug = folder ? path.basename(path.dirname(absolute)) : base;
  return loadDeck({ slug: (await assignSlugs([slug])).get(slug) ?? 'deck', file: absolute, root: path.dirname(absolute), folder, display }, size);
}
