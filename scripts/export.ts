// `npm run export`: PDF export from the command line (cli/export/main.ts). scripts/export.mjs
// bundles this file with code splitting, so the exporter's lazy imports stay lazy. The deck
// parser's worker starts before the rest of the CLI loads: the parse is what a long deck's
// export waits for first, and the worker's own start-up then overlaps loading the CLI.
import { sharedParsePool } from '../server/decks/parse-pool.ts';

const argv = process.argv.slice(2);
if (!argv.some((a) => a === '-h' || a === '--help')) sharedParsePool();
const { exportMain } = await import('../cli/export/main.ts');
process.exit(await exportMain(argv));
