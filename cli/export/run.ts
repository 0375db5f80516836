// `npm run export`: the only code of the exporter that reads argv and the environment. It
// builds one typed config, hands it to PdfExporter, and turns errors into a one-line message
// and an exit code (cli/exit.ts): 0 done, 2 bad usage, 1 failure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LecternError } from '../../shared/errors.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { projectRoot } from '../../server/config.ts';
import { parsePageSize, parseSlideRange, type ExportOptions, type PageSize } from '../../server/pdf/options.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { describeBlocked } from '../../server/pdf/guard.ts';
import { writeFileAtomic } from './write.ts';
import { argsError, failure, reportFailure } from '../exit.ts';
import { barProgress, lineProgress, silentProgress, type Progress } from './progress.ts';

/** Who runs the exporter: `npm run export` in the repository, or `lectern export` anywhere. */
export interface ExportCommand {
  /** How usage lines start ("npm run export --"). */
  invocation: string;
  /** Where slugs (and --all) look for decks without --decks or DECKS_DIR. */
  decksDir: string;
  /** How the usage text names that folder. */
  decksDirName: string;
}

export const NPM_EXPORT: ExportCommand = { invocation: 'npm run export --', decksDir: path.join(projectRoot, 'decks'), decksDirName: 'decks/' };

export function exportUsage(command: ExportCommand = NPM_EXPORT): string {
  const run = command.invocation;
  return `Usage: ${run} <slug | path/to/deck.md | folder/> [-o out.pdf] [--notes] [--fragments] [--slides 1-5,8] [--size 1920x1080] [--debug]
       ${run} --all [--out-dir pdf/] [--notes] [--fragments] [--size 1920x1080]
A folder of decks (or --all) writes one PDF per deck into --out-dir (default pdf/).
Options: --decks <folder> (default: ${command.decksDirName}), --quiet, --help`;
}

export const USAGE = exportUsage();

const usage = (message: string) => new LecternError('usage', message);

export interface CliConfig {
  /** A slug in the decks folder, or a path to a markdown file. */
  target?: string;
  all: boolean;
  /** Output file (single deck). */
  output?: string;
  /** Output folder (--all, or a single deck without -o). */
  outDir?: string;
  decksDir: string;
  /** Where relative paths are resolved: the shell's folder, not the project (npm run changes cwd). */
  cwd: string;
  notes: boolean;
  fragments: boolean;
  slides?: string;
  size?: PageSize;
  debug: boolean;
  quiet: boolean;
}

/** The config, or 'help' for --help; throws a 'usage' LecternError for anything else wrong. */
export function parseCli(argv: string[], env: Record<string, string | undefined>, cwd: string, command: ExportCommand = NPM_EXPORT): CliConfig | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        'out-dir': { type: 'string' },
        all: { type: 'boolean' },
        notes: { type: 'boolean' },
        fragments: { type: 'boolean' },
        slides: { type: 'string' },
        size: { type: 'string' },
        decks: { type: 'string' },
        debug: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw argsError(err);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const base = env.INIT_CWD || cwd;
  if (values.all && positionals.length > 0) throw usage('pass either --all or one deck, not both');
  if (!values.all && positionals.length !== 1) throw usage(positionals.length ? `one deck at a time (got ${positionals.length}): or use --all` : 'which deck? pass its slug or a path to its .md file');
  if (values.all && values.output) throw usage('--all writes one file per deck: use --out-dir instead of -o');
  if (values.all && values.slides) throw usage('--slides picks slides of one deck: it cannot be used with --all');
  const size = values.size === undefined ? undefined : parsePageSize(values.size);
  return {
    target: positionals[0],
    all: Boolean(values.all),
    output: values.output && path.resolve(base, values.output),
    outDir: values['out-dir'] && path.resolve(base, values['out-dir']),
    decksDir: path.resolve(base, values.decks ?? env.DECKS_DIR ?? command.decksDir),
    cwd: base,
    notes: Boolean(values.notes),
    fragments: Boolean(values.fragments),
    slides: values.slides,
    size,
    debug: Boolean(values.debug),
    quiet: Boolean(values.quiet),
  };
}

/** A path argument (has a slash or ends in .md), as opposed to a slug of the decks folder. */
function isPath(target: string): boolean {
  return /\.md$/i.test(target) || target.includes('/') || target.includes(path.sep);
}

interface Job {
  name: string;
  load(): Promise<LoadedDeck>;
  output(loaded: LoadedDeck): string;
}

function outputName(slug: string, config: CliConfig): string {
  return `${slug}${config.notes ? '-notes' : ''}.pdf`;
}

/**
 * Starts loading the deck at once, on the parse pool's worker thread (with the server's time and
 * memory limits), so parsing overlaps the browser's start-up. Everything heavy is imported here,
 * lazily, for the same reason.
 */
async function loadTarget(target: string, config: CliConfig): Promise<LoadedDeck> {
  if (isPath(target)) return (await import('../../server/decks/load.ts')).loadDeckFile(path.resolve(config.cwd, target), targetName(target, config));
  const { DeckStore } = await import('../../server/decks/store.ts');
  return new DeckStore(config.decksDir).load(target).catch((err: unknown) => {
    if (!(err instanceof LecternError) || err.code !== 'not-found') throw err;
    const folder = path.relative(config.cwd, config.decksDir) || '.';
    throw new LecternError('not-found', `${err.message} in ${folder}/: pass a deck's slug (its file name without .md) or a path to a .md file`);
  });
}

/** How messages name the deck: its slug, or its path as the shell sees it. */
function targetName(target: string, config: CliConfig): string {
  return isPath(target) ? displayPath(path.resolve(config.cwd, target), config.cwd) : target;
}

/** The target as a folder of decks (a folder with no index.md of its own), else undefined. */
async function decksFolder(target: string, config: CliConfig): Promise<string | undefined> {
  const dir = path.resolve(config.cwd, target);
  const [stat, index] = await Promise.all([fs.stat(dir).catch(() => undefined), fs.stat(path.join(dir, 'index.md')).catch(() => undefined)]);
  return stat?.isDirectory() && !index ? dir : undefined;
}

async function allDecks(decksDir: string, config: CliConfig): Promise<Job[]> {
  const { DeckStore } = await import('../../server/decks/store.ts');
  const store = new DeckStore(decksDir);
  const outDir = config.outDir ?? path.resolve(config.cwd, 'pdf');
  const decks = await store.list();
  if (decks.length === 0) throw new LecternError('not-found', `no decks in ${decksDir}: add a markdown file there, or pass --decks <folder>`);
  return decks.map((d) => ({ name: d.slug, load: () => store.load(d.slug), output: () => path.join(outDir, outputName(d.slug, config)) }));
}

async function plan(config: CliConfig): Promise<Job[]> {
  if (config.all) return allDecks(config.decksDir, config);
  const target = config.target!;
  const folder = await decksFolder(target, config);
  if (folder) {
    if (config.output) throw usage(`${target} is a folder of decks, written one PDF per deck: use --out-dir instead of -o`);
    if (config.slides) throw usage('--slides picks slides of one deck: it cannot be used with a folder of decks');
    return allDecks(folder, config);
  }
  const output = (loaded: LoadedDeck) => config.output ?? path.join(config.outDir ?? config.cwd, outputName(loaded.slug, config));
  // One deck: parsing starts now, on a worker thread, while the browser starts.
  const loading = loadTarget(target, config);
  loading.catch(() => undefined);
  return [{ name: targetName(target, config), load: () => loading, output }];
}

/** An error located in a deck says what to do next: check the path, or fix the deck. */
function describe(err: LecternError): string {
  if (err.location.file === undefined) return err.message;
  return `${err.located}${err.code === 'not-found' ? ': check the path' : ': fix the deck and run again'}`;
}

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Started before the config is read (cli/export/main.ts), to overlap browser start-up. */
  exporter?: PdfExporter;
  /** `npm run export` unless told otherwise. */
  command?: ExportCommand;
}

export async function runCli(io: CliIo): Promise<number> {
  let config: CliConfig | 'help';
  try {
    config = parseCli(io.argv, io.env, io.cwd, io.command);
  } catch (err) {
    const code = reportFailure('lectern export', err, io.stderr);
    io.stderr.write(`${exportUsage(io.command)}\n`);
    await io.exporter?.kill();
    return code;
  }
  if (config === 'help') {
    io.stdout.write(`${exportUsage(io.command)}\n`);
    await io.exporter?.kill();
    return 0;
  }
  const options = { debug: config.debug, describe };
  const exporter = io.exporter ?? new PdfExporter();
  exporter.warmUp();
  const progress: Progress = config.quiet ? silentProgress() : io.stderr.isTTY ? await barProgress(io.stderr) : lineProgress(io.stderr);
  let failures = 0;
  let exitCode = 0;
  try {
    const jobs = await plan(config);
    for (const [index, job] of jobs.entries()) {
      const started = performance.now();
      progress.deck(job.name, index, jobs.length);
      try {
        const loaded = await job.load();
        const options: ExportOptions = {
          notes: config.notes,
          fragments: config.fragments,
          slides: config.slides === undefined ? undefined : parseSlideRange(config.slides, loaded.deck.slides.length),
          size: config.size,
        };
        const file = job.output(loaded);
        await checkWritable(path.dirname(file), config.all || Boolean(config.outDir && !config.output));
        const laps: string[] = [`loaded ${Math.round(performance.now())}`];
        const result = await exporter.export(loaded, options, (stage) => {
          laps.push(`${stage} ${Math.round(performance.now())}`);
          progress.stage(stage);
        });
        await writeFileAtomic(file, result.pdf);
        const ms = performance.now() - started;
        // --debug: milliseconds since the process started, for each stage.
        if (config.debug) io.stderr.write(`timing (ms since start): ${laps.join(', ')}, written ${Math.round(performance.now())}\n`);
        progress.done(job.name, { pages: result.pages, file, ms });
        progress.stop();
        // Images the deck asked for and the exporter refused (guard.ts): the author should know why they are missing.
        if (!config.quiet) {
          for (const line of describeBlocked(result.blocked)) io.stderr.write(`lectern export: warning: ${job.name}: not loaded: ${line}\n`);
          // The deck's own warnings (file:line what), as its card and page show them.
          for (const w of loaded.deck.warnings) io.stderr.write(`lectern export: warning: ${w.file ?? job.name}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
          for (const { slide, zoom } of result.shrunk) {
            const line = loaded.deck.slides[slide - 1]?.line;
            io.stderr.write(`lectern export: warning: ${displayPath(loaded.file, config.cwd)}${line ? `:${line}` : ''}: slide ${slide} is printed at ${Math.round(zoom * 100)}% of its size to fit the page (below reveal.js's 30%): split it, or shorten it\n`);
          }
        }
        io.stdout.write(`${displayPath(file, config.cwd)} (${result.pages} page${result.pages === 1 ? '' : 's'}, ${(ms / 1000).toFixed(1)} s)\n`);
      } catch (err) {
        if (jobs.length === 1) throw err;
        const failed = failure(err, options);
        exitCode = Math.max(exitCode, failed.exitCode);
        failures++;
        progress.done(job.name, { error: failed.line });
        progress.stop();
        if (config.debug) io.stderr.write(`${(err as Error).stack}\n`);
        // Without a browser no other deck can be exported either.
        if (err instanceof LecternError && (err.code === 'browser-not-found' || err.code === 'browser-failed')) throw err;
      }
    }
  } catch (err) {
    progress.stop();
    const code = reportFailure('lectern export', err, io.stderr, options);
    await exporter.kill();
    return Math.max(exitCode, code);
  }
  await exporter.kill();
  return failures > 0 ? 1 : 0;
}

/** Relative to the shell's folder when inside it, else absolute. */
function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Fails before any browser work when the output folder is missing or read-only. */
async function checkWritable(dir: string, create: boolean): Promise<void> {
  if (create) await fs.mkdir(dir, { recursive: true }).catch(() => undefined);
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await fs.access(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a folder' : 'is not writable';
    throw new LecternError('write-failed', `cannot write to ${dir}: the folder ${why}; create it or choose another output with -o`);
  }
}
