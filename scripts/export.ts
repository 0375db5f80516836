// `npm run export`: PDF export from the command line (cli/export/run.ts). The browser starts
// before anything else is loaded, so its start-up overlaps loading the parser and the deck;
// everything heavy is imported dynamically for that reason (scripts/export.mjs bundles this
// file with code splitting, so those imports stay lazy).
import { PdfExporter } from '../server/pdf/exporter.ts';
import { isOn } from '../server/config.ts';

const argv = process.argv.slice(2);
// LECTERN_CLIENT_DIR: another build of the client bundle (benchmarks, tests); dist/client by default.
// LECTERN_PRINT_VIEW=reveal: every deck through reveal.js's print view (bench:export's comparison row).
const exporter = new PdfExporter({
  clientDir: process.env.LECTERN_CLIENT_DIR || undefined,
  printView: process.env.LECTERN_PRINT_VIEW === 'reveal' ? 'reveal' : undefined,
  egress: { allowHttp: isOn(process.env.LECTERN_EXPORT_ALLOW_HTTP) },
  onNotice: (message) => process.stderr.write(`lectern export: note: ${message}\n`),
});
if (!argv.some((a) => a === '-h' || a === '--help')) exporter.warmUp();

// Ctrl+C: take the browser down too (it runs in its own process group) and leave no temp files.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void exporter.kill().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

const { runCli } = await import('../cli/export/run.ts');
const code = await runCli({ argv, env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, exporter });
// The file is written and the browser gone: exit now rather than wait for idle sockets to close.
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
