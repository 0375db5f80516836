// Every command's arguments read the same way: node:util's parseArgs, strict, with positionals,
// its errors turned into one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LecternError } from '../shared/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs's error as a 'usage' LecternError of one short line: its unknown-option
 * message goes on to explain "--" for positionals, which no Lectern command takes.
 */
function argsError(err: unknown): LecternError {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | undefined)?.code;
  const short = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? (message.split('. ')[0] ?? message) : message;
  return new LecternError('usage', short.replace(/^Unknown option/, 'unknown option'));
}

/** The command line's flags and positionals; a 'usage' LecternError for an unknown or malformed flag. */
export function parseCommandLine<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw argsError(err);
  }
}

/** The one deck file or folder a command takes, if given; a usage error for more than one. */
export function oneTarget(positionals: readonly string[]): string | undefined {
  if (positionals.length > 1) throw new LecternError('usage', `one deck or folder at a time (got ${positionals.length})`);
  return positionals[0];
}
