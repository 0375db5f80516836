// PDF export from the command line, as `npm run export` (scripts/export.ts) and `lectern export`
// (cli/lectern/main.ts) both run it: one exporter, one parser (run.ts), one set of flags. The
// browser starts before anything else is loaded, so its start-up overlaps loading the parser and
// the deck; everything heavy is imported dynamically for that reason (the bundles keep those
// imports lazy with code splitting).
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { sharedParsePool } from '../../server/decks/parse-pool.ts';
import { isOn } from '../../server/config.ts';
import type { CliIo, ExportCommand } from './run.ts';

/** Where the exporter reads and writes: the process's own unless a caller says otherwise. */
export type ExportIo = Pick<CliIo, 'env' | 'cwd' | 'stdout' | 'stderr'>;

const PROCESS_IO: ExportIo = { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr };

export async function exportMain(argv: string[], command?: ExportCommand, io: ExportIo = PROCESS_IO): Promise<number> {
  const help = argv.some((a) => a === '-h' || a === '--help');
  // The parser's worker starts first, beside the browser: the deck it parses is one of the two
  // things the first page waits for (~40 ms sooner than when the deck is first asked for).
  if (!help) sharedParsePool();
  // LECTERN_CLIENT_DIR: another build of the client bundle (benchmarks, tests); dist/client by default.
  // LECTERN_PRINT_VIEW=reveal: every deck through reveal.js's print view (bench:export's comparison row).
  const exporter = new PdfExporter({
    clientDir: io.env.LECTERN_CLIENT_DIR || undefined,
    printView: io.env.LECTERN_PRINT_VIEW === 'reveal' ? 'reveal' : undefined,
    egress: { allowHttp: isOn(io.env.LECTERN_EXPORT_ALLOW_HTTP) },
    onNotice: (message) => io.stderr.write(`lectern export: note: ${message}\n`),
  });
  if (!help) exporter.start();

  // Ctrl+C: take the browser down too (it runs in its own process group) and leave no temp files.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void exporter.kill().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const { runCli } = await import('./run.ts');
  const code = await runCli({ argv, ...io, exporter, command });
  // The file is written and the browser gone: the caller exits now rather than wait for idle sockets.
  await new Promise((resolve) => io.stdout.write('', resolve));
  return code;
}
