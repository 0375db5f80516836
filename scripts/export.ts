// `npm run export`: PDF export from the command line (cli/export/main.ts). scripts/export.mjs
// bundles this file with code splitting, so the exporter's lazy imports stay lazy.
import { exportMain } from '../cli/export/main.ts';

process.exit(await exportMain(process.argv.slice(2)));
