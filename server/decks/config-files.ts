// reveal-md's config files beside a deck, read from its folder as reveal-md reads them from the
// folder it runs in: reveal-md.json5 or reveal-md.json (its own settings), reveal.json5 or
// reveal.json (reveal.js options). JSON5 (comments, trailing commas, unquoted keys) through the
// `json5` package. A file that does not parse is a warning naming the file and line, and the
// deck is shown without it; the parser (server/deck/config-files.ts) merges what was read.
import fs from 'node:fs/promises';
import path from 'node:path';
import JSON5 from 'json5';
import type { DeckConfigFiles } from '../deck/config-files.ts';
import type { DeckWarning } from '../deck/model.ts';

/** Candidates in the order reveal-md prefers them, for each setting layer. */
export const CONFIG_FILES = { revealMd: ['reveal-md.json5', 'reveal-md.json'], reveal: ['reveal.json5', 'reveal.json'] } as const;

/** Every file whose appearance, change or removal changes a deck in `dir`. */
export const CONFIG_FILE_NAMES: readonly string[] = [...CONFIG_FILES.revealMd, ...CONFIG_FILES.reveal];

/** Config files are settings, not content: larger ones are refused. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface ReadConfig {
  config: DeckConfigFiles;
  warnings: DeckWarning[];
  /** The text of each file read, for the deck's content hash. */
  texts: string[];
}

/** The config files in `dir`; `display` is how messages name that folder ("decks/talk"). */
export async function readConfigFiles(dir: string, display: string): Promise<ReadConfig> {
  const out: ReadConfig = { config: {}, warnings: [], texts: [] };
  for (const layer of ['revealMd', 'reveal'] as const) {
    for (const name of CONFIG_FILES[layer]) {
      const file = path.join(dir, name);
      const shown = path.join(display, name);
      let text: string;
      try {
        const stat = await fs.stat(file);
        if (!stat.isFile()) continue;
        if (stat.size > MAX_CONFIG_BYTES) {
          out.warnings.push({ file: shown, message: `the file is ${Math.ceil(stat.size / 1024)} KB; config files are limited to ${MAX_CONFIG_BYTES / 1024} KB: ignored` });
          break;
        }
        text = await fs.readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        out.warnings.push({ file: shown, message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ignored` });
        break;
      }
      out.texts.push(text);
      const parsed = parseConfig(text);
      if ('error' in parsed) out.warnings.push({ file: shown, line: parsed.line, message: `is not valid JSON5 (${parsed.error}): ignored, the deck is shown without it` });
      else if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) out.warnings.push({ file: shown, message: 'must hold a mapping of settings ({ … }): ignored' });
      else out.config[layer] = parsed.value as Record<string, unknown>;
      break; // the preferred file of a layer hides the other, as in reveal-md
    }
  }
  return out;
}

/** JSON5 text → value, or the parser's message and line. */
export function parseConfig(text: string): { value: unknown } | { error: string; line?: number } {
  try {
    return { value: JSON5.parse(text.replace(/^\uFEFF/, '')) };
  } catch (err) {
    const e = err as SyntaxError & { lineNumber?: number };
    return { error: e.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, ''), line: e.lineNumber };
  }
}
