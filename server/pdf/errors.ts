// One error type for everything the exporter can fail at, with a code the edges turn into an
// exit code (CLI) or a status (HTTP), and a message that says what to do about it (issue #4).

export type ExportErrorCode =
  /** No Chromium/Chrome could be found. */
  | 'NOT_FOUND_BROWSER'
  /** A browser was found but would not start, or died mid-export. */
  | 'BROWSER_FAILED'
  /** --slides names slides the deck does not have, or is not a range. */
  | 'BAD_RANGE'
  /** --size is not WIDTHxHEIGHT within limits. */
  | 'BAD_SIZE'
  /** The print page did not become ready in time, or reported an error. */
  | 'RENDER_FAILED'
  /** The output file or folder cannot be written. */
  | 'WRITE_FAILED'
  /** The exporter was closed while an export was waiting. */
  | 'CLOSED';

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExportError';
  }

  /** True for problems with what the user asked for (exit code 2 / HTTP 400), not the machine. */
  get isUsage(): boolean {
    return this.code === 'BAD_RANGE' || this.code === 'BAD_SIZE';
  }
}

export function browserNotFound(): ExportError {
  return new ExportError(
    'NOT_FOUND_BROWSER',
    'no Chromium or Chrome found: install one (Debian/Ubuntu: `apt-get install chromium`) or set CHROME_PATH to its executable',
  );
}
