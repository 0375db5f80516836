// `lectern export`: `npm run export`'s exporter, parser and flags (cli/export/), with slugs
// looked up in the current folder rather than the repository's decks/.
import path from 'node:path';
import type { ExportCommand } from '../export/run.ts';
import type { CommandIo } from './io.ts';

export const LECTERN_EXPORT: ExportCommand = { invocation: 'lectern export', decksDir: '.', decksDirName: 'the current folder' };

export async function exportCommand(argv: string[], io: CommandIo): Promise<number> {
  const { exportMain } = await import('../export/main.ts');
  return exportMain(argv, { ...LECTERN_EXPORT, decksDir: path.resolve(io.cwd) }, io);
}
