// The export command's arguments: argv and the environment read into one typed config (the
// only place that reads them), and the usage text. Bad usage is a 'usage' LecternError.
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { projectRoot } from '../../server/config.ts';
import { parseHandout, parsePageSize, parsePaper, type PageSize, type SlidesPerSheet } from '../../server/pdf/options.ts';
import type { Paper } from '../../shared/print.ts';
import { MAX_SCALE } from '../../server/pdf/snapshots.ts';
import { parseCommandLine } from '../command-line.ts';

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
  return `Usage: ${run} <slug | path/to/deck.md | folder/> [-o out.pdf] [--handout notes|2up|3up|6up [--paper letter]] [--fragments] [--slides 1-5,8] [--size 1920x1080] [--poll-results audience.json] [--debug]
       ${run} <slug | path> --png [--out-dir D] [--scale 2] [--fragments] [--slides 1-5,8]
       ${run} <slug | path> --thumbnail [-o card.png]
       ${run} --all [--out-dir pdf/] [--notes] [--fragments] [--size 1920x1080] [--png | --thumbnail]
A folder of decks (or --all) writes one PDF (or PNG set) per deck into --out-dir (default pdf/, png/).
Options: --decks <folder> (default: ${command.decksDirName}), --quiet, --help`;
}

export const USAGE = exportUsage();

export const usage = (message: string) => new LecternError('usage', message);

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
  /** `--handout 2up|3up|6up`; `--handout notes` is `notes`. */
  handout?: SlidesPerSheet;
  paper?: Paper;
  fragments: boolean;
  slides?: string;
  size?: PageSize;
  debug: boolean;
  quiet: boolean;
  /** PNG images instead of a PDF: one per slide (`png`, at `scale`), or a 1200×630 thumbnail. */
  png: boolean;
  thumbnail: boolean;
  scale?: number;
  /** `--poll-results <file>`: a live session's audience.json, whose poll results print on the poll slides. */
  pollResults?: string;
}

/** The config, or 'help' for --help; throws a 'usage' LecternError for anything else wrong. */
export function parseCli(argv: string[], env: Record<string, string | undefined>, cwd: string, command: ExportCommand = NPM_EXPORT): CliConfig | 'help' {
  const { values, positionals } = parseCommandLine(argv, {
    output: { type: 'string', short: 'o' },
    'out-dir': { type: 'string' },
    all: { type: 'boolean' },
    notes: { type: 'boolean' },
    handout: { type: 'string' },
    paper: { type: 'string' },
    fragments: { type: 'boolean' },
    slides: { type: 'string' },
    size: { type: 'string' },
    decks: { type: 'string' },
    debug: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    png: { type: 'boolean' },
    thumbnail: { type: 'boolean' },
    scale: { type: 'string' },
    'poll-results': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const base = env.INIT_CWD || cwd;
  if (values.all && positionals.length > 0) throw usage('pass either --all or one deck, not both');
  if (!values.all && positionals.length !== 1) throw usage(positionals.length ? `one deck at a time (got ${positionals.length}): or use --all` : 'which deck? pass its slug or a path to its .md file');
  if (values.all && values.output) throw usage('--all writes one file per deck: use --out-dir instead of -o');
  if (values.all && values.slides) throw usage('--slides picks slides of one deck: it cannot be used with --all');
  const size = values.size === undefined ? undefined : parsePageSize(values.size);
  if (values.png && values.thumbnail) throw usage('pick one of --png (every slide) and --thumbnail (the first slide)');
  if (values.png && values.output) throw usage('--png writes one file per slide: use --out-dir instead of -o');
  const handout = values.handout === undefined ? {} : parseHandout(values.handout);
  if (values.paper !== undefined && !values.notes && !values.handout) throw usage('--paper picks the sheet of a handout: add --handout');
  if ((values.png || values.thumbnail) && (values.notes || values.handout || values.size)) throw usage('--notes and --size shape PDF pages: use --scale for larger images');
  if (values.scale !== undefined && !values.png) throw usage('--scale sizes the images of --png');
  const scale = values.scale === undefined ? undefined : Number(values.scale);
  if (scale !== undefined && !(scale >= 0.25 && scale <= MAX_SCALE)) throw usage(`--scale "${values.scale}": pick a number from 0.25 to ${MAX_SCALE}`);
  return {
    target: positionals[0],
    all: Boolean(values.all),
    output: values.output && path.resolve(base, values.output),
    outDir: values['out-dir'] && path.resolve(base, values['out-dir']),
    decksDir: path.resolve(base, values.decks ?? env.DECKS_DIR ?? command.decksDir),
    cwd: base,
    notes: Boolean(values.notes || handout.notes),
    handout: handout.handout,
    paper: values.paper === undefined ? undefined : parsePaper(values.paper),
    fragments: Boolean(values.fragments),
    slides: values.slides,
    size,
    debug: Boolean(values.debug),
    quiet: Boolean(values.quiet),
    png: Boolean(values.png),
    thumbnail: Boolean(values.thumbnail),
    scale,
    pollResults: values['poll-results'] && path.resolve(base, values['poll-results']),
  };
}
