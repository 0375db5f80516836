// `npm run export` and `lectern export`: the jobs the config (args.ts, the only reader of argv
// and the environment) asks for, each handed to PdfExporter and written atomically, and errors
// turned into a one-line message and an exit code (cli/exit.ts): 0 done, 2 bad usage, 1 failure.
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { parseSlideRange, type ExportOptions } from '../../server/pdf/options.ts';
import { PdfExporter, type ExportStage } from '../../server/pdf/exporter.ts';
import { describeBlocked } from '../../server/pdf/guard.ts';
import { describeMissingGlyphs } from '../../server/pdf/fonts.ts';
import { readPollResults, resultsForDeck } from '../../server/pdf/poll-results.ts';
import { writeFileAtomic } from './write.ts';
import { failure, reportFailure } from '../exit.ts';
import { barProgress, lineProgress, silentProgress, type Progress } from './progress.ts';
import { exportUsage, parseCli, usage, type CliConfig, type ExportCommand } from './args.ts';

export { NPM_EXPORT, USAGE, exportUsage, parseCli, type CliConfig, type ExportCommand } from './args.ts';

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
  if (config.thumbnail) return `${slug}-thumbnail.png`;
  return config.png ? `${slug}.png` : `${slug}${config.notes ? '-notes' : config.handout ? `-handout-${config.handout}up` : ''}.pdf`;
}

/** `talk.png` → talk-01.png, talk-02.png…: numbered so they sort. */
function numbered(file: string, count: number): string[] {
  const digits = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => file.replace(/\.png$/, `-${String(i + 1).padStart(digits, '0')}.png`));
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
  const outDir = config.outDir ?? path.resolve(config.cwd, config.png || config.thumbnail ? 'png' : 'pdf');
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
  exporter.start();
  const progress: Progress = config.quiet ? silentProgress() : io.stderr.isTTY ? await barProgress(io.stderr) : lineProgress(io.stderr);
  let failures = 0;
  let exitCode = 0;
  try {
    const pollCounts = config.pollResults ? await readPollResults(config.pollResults, displayPath(config.pollResults, config.cwd)) : undefined;
    const jobs = await plan(config);
    for (const [index, job] of jobs.entries()) {
      const started = performance.now();
      progress.deck(job.name, index, jobs.length);
      try {
        const loaded = await job.load();
        const polls = pollCounts && resultsForDeck(loaded.deck.slides, pollCounts);
        if (polls && !config.quiet) {
          for (const id of polls.ignored) io.stderr.write(`lectern export: warning: ${job.name}: poll ${JSON.stringify(id.slice(0, 40))} in the results file is not on the deck: ignored\n`);
        }
        const options: ExportOptions = {
          notes: config.notes,
          handout: config.handout,
          paper: config.paper,
          fragments: config.fragments,
          slides: config.slides === undefined ? undefined : parseSlideRange(config.slides, loaded.deck.slides.length),
          size: config.size,
          pollResults: polls?.results,
        };
        const file = job.output(loaded);
        await checkWritable(path.dirname(file), config.all || Boolean(config.outDir && !config.output));
        const laps: string[] = [`loaded ${Math.round(performance.now())}`];
        const onStage = (stage: ExportStage) => {
          laps.push(`${stage} ${Math.round(performance.now())}`);
          progress.stage(stage);
        };
        const images = config.png || config.thumbnail;
        const result = images
          ? await exporter.exportImages(loaded, options, { scale: config.scale, thumbnail: config.thumbnail }, onStage)
          : { ...(await exporter.export(loaded, options, onStage)), images: undefined };
        const files = result.images ? (config.thumbnail ? [file] : numbered(file, result.images.length)) : [file];
        await Promise.all(files.map((f, i) => writeFileAtomic(f, result.images?.[i] ?? ('pdf' in result ? result.pdf : new Uint8Array()))));
        const ms = performance.now() - started;
        // --debug: milliseconds since the process started, for each stage.
        if (config.debug) io.stderr.write(`timing (ms since start): ${laps.join(', ')}, written ${Math.round(performance.now())}${'tabs' in result && result.tabs === 2 ? ' (printed in two tabs)' : ''}\n`);
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
          const glyphs = describeMissingGlyphs(result.missingGlyphs);
          if (glyphs) io.stderr.write(`lectern export: warning: ${job.name}: ${glyphs}\n`);
        }
        const what = result.images ? `${result.images.length} image${result.images.length === 1 ? '' : 's'}` : `${result.pages} page${result.pages === 1 ? '' : 's'}`;
        const written = files.length > 1 ? `${displayPath(files[0]!, config.cwd)} … ${path.basename(files.at(-1)!)}` : displayPath(file, config.cwd);
        io.stdout.write(`${written} (${what}, ${(ms / 1000).toFixed(1)} s)\n`);
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
