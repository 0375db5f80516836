// `lectern build <deck.md | folder>`: the static site (server/site/build.ts) from the command line.
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { isOn, projectRoot } from '../../server/config.ts';
import { reportFailure } from '../exit.ts';
import { oneTarget, parseCommandLine } from '../command-line.ts';
import { resolveTarget, storeOptions } from './target.ts';
import type { CommandIo } from './io.ts';

export interface BuildArgs {
  target?: string;
  out: string;
  pdf: boolean;
  singleFile: boolean;
  base?: string;
  quiet: boolean;
  debug: boolean;
  help: boolean;
}

/** --base: a path ("/talks/") or an http(s) URL, always ending in "/". */
export function parseBase(text: string): string {
  const value = text.trim();
  const ok = /^\/[^\s"'<>\\]*$/.test(value) || (/^https?:\/\/[^\s"'<>\\]+$/i.test(value) && URL.canParse(value));
  if (!ok) throw new LecternError('usage', `--base "${text}": pass the site's URL path, e.g. /talks/ or https://example.org/talks/`);
  return value.endsWith('/') ? value : `${value}/`;
}

export function parseBuildArgs(argv: string[]): BuildArgs {
  const { values, positionals } = parseCommandLine(argv, {
    out: { type: 'string', short: 'o' },
    pdf: { type: 'boolean' },
    'no-pdf': { type: 'boolean' },
    'single-file': { type: 'boolean' },
    base: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    debug: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const target = oneTarget(positionals);
  if (values.pdf && values['no-pdf']) throw new LecternError('usage', 'pass --pdf or --no-pdf, not both');
  return {
    target,
    out: values.out ?? 'site',
    pdf: !values['no-pdf'],
    singleFile: Boolean(values['single-file']),
    base: values.base === undefined ? undefined : parseBase(values.base),
    quiet: Boolean(values.quiet),
    debug: Boolean(values.debug),
    help: Boolean(values.help),
  };
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export async function buildCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = parseBuildArgs(argv);
  if (args.help) {
    io.stdout.write(`${(await import('./help.ts')).HELP.build}\n`);
    return 0;
  }
  const started = performance.now();
  try {
    const target = await resolveTarget(args.target, io.cwd);
    const [{ DeckStore }, { buildSite }] = await Promise.all([import('../../server/decks/store.ts'), import('../../server/site/build.ts')]);
    const outDir = path.resolve(io.cwd, args.out);
    const result = await buildSite({
      decks: new DeckStore(target.decksDir, storeOptions(target)),
      outDir,
      clientDir: path.join(projectRoot, 'dist', 'client'),
      singleFile: args.singleFile,
      base: args.base,
      exporter: args.pdf
        ? async () =>
            new (await import('../../server/pdf/exporter.ts')).PdfExporter({
              egress: { allowHttp: isOn(io.env.LECTERN_EXPORT_ALLOW_HTTP) },
              onNotice: (message) => io.stderr.write(`lectern build: note: ${message}\n`),
            })
        : undefined,
      progress: args.quiet ? undefined : (line) => io.stderr.write(`  ${line}\n`),
      warn: (line) => io.stderr.write(`lectern build: warning: ${line}\n`),
    });
    const where = path.relative(io.cwd, outDir) || '.';
    const pdfs = result.pdfs > 0 ? `, ${result.pdfs} PDF${result.pdfs === 1 ? '' : 's'}` : '';
    io.stdout.write(`${where}/ (${result.decks} deck${result.decks === 1 ? '' : 's'}${pdfs}, ${result.files} files, ${size(result.bytes)}, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    if (!args.quiet) io.stdout.write(args.singleFile ? `Open ${where}/<deck>.html in any browser, or send it.\n` : `Open ${where}/index.html, or put ${where}/ on any web server.\n`);
    return 0;
  } catch (err) {
    return reportFailure('lectern build', err, io.stderr, {
      debug: args.debug,
      describe: (e) => (e.location.file === undefined ? e.message : `${e.located}: fix the deck and build again`),
    });
  }
}
