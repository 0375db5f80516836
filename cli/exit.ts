// How every command ends on an error: one line on stderr, "<program>: <what to do>", and the exit
// code the error's catalogue code gives (shared/errors.ts: 2 for usage, 1 for the rest). An
// error outside the catalogue is a bug: its stack is shown when `debug` asks for it.
import { LecternError } from '../shared/errors.ts';

export interface Failure {
  /** One line, without the program's name. */
  line: string;
  exitCode: number;
}

export interface FailureOptions {
  /** Stack traces, and no "run with --debug" hint. */
  debug?: boolean;
  /** Rewords a LecternError's line, e.g. to add what to do next. */
  describe?: (err: LecternError) => string;
}

/** The line and exit code for `err`. */
export function failure(err: unknown, options: FailureOptions = {}): Failure {
  if (err instanceof LecternError) return { line: options.describe?.(err) ?? err.located, exitCode: err.exitCode };
  const message = err instanceof Error ? err.message : String(err);
  return { line: `unexpected error: ${message}${options.debug ? '' : ' (run with --debug for details)'}`, exitCode: 1 };
}

/** Writes `err` as one line (and, with `debug`, its stack) and returns the exit code. */
export function reportFailure(
  program: string,
  err: unknown,
  stderr: NodeJS.WritableStream,
  options: FailureOptions = {},
): number {
  const { line, exitCode } = failure(err, options);
  stderr.write(`${program}: ${line}\n`);
  if (options.debug && err instanceof Error) {
    stderr.write(`${err.stack}\n${err.cause ? `cause: ${String(err.cause)}\n` : ''}`);
  }
  return exitCode;
}
