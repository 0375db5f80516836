// `lectern [deck.md | folder]`: the same server as `npm start` (same pages, live sessions, PDF
// downloads), on a speaker's own folder. Prints where to point browsers — the deck's page first —
// and opens it with --open. `lectern present` starts from here too.
import { LecternError } from '../../shared/errors.ts';
import { configFrom, listensEverywhere, adminTokenAdvice, SERVER_OPTIONS, type Config } from '../../server/config.ts';
import { lanAddresses } from '../../server/net/address.ts';
import { oneTarget, parseCommandLine } from '../command-line.ts';
import type { Lectern } from '../../server/app.ts';
import type { DeckSummary } from '../../server/decks/store.ts';
import { dataDirFor } from './data-dir.ts';
import { resolveTarget, storeOptions, type Target } from './target.ts';
import type { CommandIo } from './io.ts';

export interface ServeArgs {
  target?: string;
  open: boolean;
  /** The server's config, but for the port when none was asked for (see `portChosen`). */
  flags: { port?: string; host?: string; data?: string; 'no-watch'?: boolean; 'trust-proxy'?: string };
  help: boolean;
}

/** Parses `lectern [serve|present]`'s arguments; a 'usage' LecternError for anything wrong. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const { values, positionals } = parseCommandLine(argv, {
    port: SERVER_OPTIONS.port,
    host: SERVER_OPTIONS.host,
    data: SERVER_OPTIONS.data,
    'trust-proxy': SERVER_OPTIONS['trust-proxy'],
    'no-watch': SERVER_OPTIONS['no-watch'],
    watch: { type: 'boolean' },
    open: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const target = oneTarget(positionals);
  if (values.watch && values['no-watch']) throw new LecternError('usage', 'pass --watch or --no-watch, not both');
  const { open, help, watch: _watch, ...flags } = values;
  return { target, open: Boolean(open), flags, help: Boolean(help) };
}

/** Ports tried in turn when none was asked for, so a second `lectern` beside a first just works. */
const DEFAULT_PORTS = 10;

export interface Served {
  lectern: Lectern;
  config: Config;
  target: Target;
  port: number;
  decks: DeckSummary[];
  /** The page to show first: the deck's when one deck is served, else the index. */
  firstPath: string;
  /** The origin phones on the network can reach, else the local one. */
  shareableOrigin: string;
}

/** Starts the server on `args`' target; returns once it listens. */
export async function startServing(args: ServeArgs, io: CommandIo): Promise<Served> {
  const target = await resolveTarget(args.target, io.cwd);
  const env = { ...io.env, DECKS_DIR: undefined, LOG_LEVEL: io.env.LOG_LEVEL ?? 'warn' };
  const config = configFrom(args.flags, env, { decksDir: target.decksDir, dataDir: dataDirFor(target.decksDir) });
  // Only now: the server's modules (express, socket.io, the parse pool) load after the arguments
  // are good. The parser's worker thread starts first, so that it loads and compiles the parser
  // while this thread loads the server; the decks' first parse then finds it warm.
  void import('../../server/decks/parse-pool.ts').then(({ sharedParsePool }) => sharedParsePool());
  const [{ createApplication }, { listenOrExplain }] = await Promise.all([import('../../server/app.ts'), import('../../server/listen.ts')]);
  const lectern = await createApplication(config, { decks: storeOptions(target) });
  const decks = await lectern.context.decks.list();
  if (target.only !== undefined && decks.length === 0) {
    await lectern.close();
    throw new LecternError('not-found', `${target.display}: cannot be served as a deck (its file name must be letters, digits, ".", "-" or "_")`);
  }
  const chosen = args.flags.port !== undefined || io.env.PORT !== undefined;
  let address;
  for (let attempt = 0; ; attempt++) {
    try {
      address = await listenOrExplain(lectern, config.port + (chosen ? 0 : attempt), config.host);
      break;
    } catch (err) {
      const inUse = err instanceof LecternError && err.code === 'config' && /in use/.test(err.message);
      if (chosen || !inUse || attempt + 1 >= DEFAULT_PORTS) {
        await lectern.close();
        throw err;
      }
    }
  }
  const port = address.port;
  const only = target.only !== undefined || decks.length === 1 ? decks[0] : undefined;
  // With the trailing slash: the deck's own files (images beside it) resolve against its URL.
  const firstPath = only ? `/decks/${encodeURIComponent(only.slug)}/` : '/';
  const lan = listensEverywhere(config) ? lanAddresses()[0] : undefined;
  const host = lan ?? (listensEverywhere(config) ? 'localhost' : config.host);
  return { lectern, config, target, port, decks, firstPath, shareableOrigin: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/** What `lectern` prints once it listens: the deck's (or index's) URLs on this machine and on the network. */
export function servingLines(served: Served): string[] {
  const { config, port, decks, firstPath, target } = served;
  const local = `http://localhost:${port}`;
  const everywhere = listensEverywhere(config);
  const network = everywhere ? lanAddresses().map((ip) => `http://${ip}:${port}`) : [];
  const bound = everywhere ? [] : [`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`];
  const what = target.only !== undefined ? target.display : `${target.display} (${decks.length} deck${decks.length === 1 ? '' : 's'})`;
  const rows: Array<[string, string]> = [[firstPath === '/' ? 'Decks' : 'Deck', `${local}${firstPath}`]];
  for (const origin of network) rows.push(['Network', `${origin}${firstPath}`]);
  for (const origin of bound) rows.push(['Bound', `${origin}${firstPath}`]);
  if (firstPath !== '/') rows.push(['All decks', `${local}/`]);
  for (const deck of decks) if (deck.error) rows.push(['Error', `${deck.error.file}${deck.error.line ? `:${deck.error.line}` : ''}: ${deck.error.message}`]);
  const lines = [`Lectern is serving ${what}`, ...rows.map(([label, text]) => `  ${`${label}:`.padEnd(11)}${text}`)];
  if (decks.length === 0) lines.push(`  No decks here yet: add a markdown file (slides.md) to ${target.display} and reload the page.`);
  return lines;
}

export async function serveCommand(argv: string[], io: CommandIo): Promise<number | 'running'> {
  const args = parseServeArgs(argv);
  if (args.help) {
    io.stdout.write(`${(await import('./help.ts')).HELP.serve}\n`);
    return 0;
  }
  const served = await startServing(args, io);
  for (const line of servingLines(served)) io.stdout.write(`${line}\n`);
  for (const line of [...served.lectern.notices, adminTokenAdvice(served.config)]) if (line) io.stderr.write(`lectern: ${line}\n`);
  io.stdout.write('Press Ctrl+C to stop.\n');
  if (args.open) await (await import('./open.ts')).openBrowser(`http://localhost:${served.port}${served.firstPath}`, io);
  (await import('../../server/listen.ts')).stopOnSignals(served.lectern, (line) => io.stdout.write(`${line}\n`));
  return 'running';
}
