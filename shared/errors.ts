// The one error model. Every failure Lectern reports has a code from this catalogue; the code
// decides the HTTP status and the CLI exit code, so each edge (HTML page, JSON body, socket
// ack, CLI) maps errors the same way and in one place. Pure: the browser bundles import the
// codes too (socket acks carry them).

/** What each code means to the edges: the HTTP status and the process exit code. */
export const ERROR_CODES = {
  // The caller asked for something malformed or impossible: fix the request (exit 2: usage).
  usage: { status: 400, exit: 2 },
  'bad-request': { status: 400, exit: 2 },
  'bad-range': { status: 400, exit: 2 },
  'bad-size': { status: 400, exit: 2 },
  'out-of-range': { status: 400, exit: 2 },
  'unknown-event': { status: 400, exit: 2 },
  'bad-deck': { status: 400, exit: 2 },
  // A request body over its limit (a deck file too large on disk is 'too-large', 422).
  'payload-too-large': { status: 413, exit: 2 },
  // Who is asking: credentials and roles.
  unauthorized: { status: 401, exit: 1 },
  'bad-key': { status: 403, exit: 1 },
  forbidden: { status: 403, exit: 1 },
  'not-joined': { status: 409, exit: 1 },
  // What is asked for is not there.
  'not-found': { status: 404, exit: 1 },
  'unknown-session': { status: 404, exit: 1 },
  'unknown-question': { status: 404, exit: 1 },
  'unknown-poll': { status: 404, exit: 1 },
  // A deck its author must fix (the message names the file and line).
  'front-matter': { status: 422, exit: 1 },
  'too-large': { status: 422, exit: 1 },
  unreadable: { status: 422, exit: 1 },
  empty: { status: 422, exit: 1 },
  // Over a parse limit: nesting, emphasis, time or memory.
  'too-complex': { status: 422, exit: 1 },
  // The presenter turned questions off for the session.
  'questions-off': { status: 409, exit: 1 },
  // Another presenter drives the live session: ask them for the controls (shared/driver.ts).
  'not-driver': { status: 409, exit: 1 },
  // A hand-over with nobody asking for the controls.
  'no-request': { status: 409, exit: 1 },
  // An answer to a poll the presenter has not opened, or has closed.
  'poll-closed': { status: 409, exit: 1 },
  // Slow down, or come back later: nothing changed.
  'rate-limited': { status: 429, exit: 1 },
  'too-many-from-address': { status: 429, exit: 1 },
  'too-many-sessions': { status: 503, exit: 1 },
  'too-many-questions': { status: 429, exit: 1 },
  'no-free-id': { status: 503, exit: 1 },
  'store-unavailable': { status: 503, exit: 1 },
  'live-off': { status: 503, exit: 1 },
  busy: { status: 503, exit: 1 },
  unavailable: { status: 503, exit: 1 },
  // The machine: a browser, a file to write, a configuration, a dependency.
  config: { status: 500, exit: 2 },
  // No browser, or one that will not run: PDF export is unavailable on this server, not broken.
  'browser-not-found': { status: 503, exit: 1 },
  'browser-failed': { status: 503, exit: 1 },
  'render-failed': { status: 500, exit: 1 },
  'write-failed': { status: 500, exit: 1 },
  // A child process (a Lectern server, nginx, redis-server) that would not start.
  'start-failed': { status: 500, exit: 1 },
  'redis-unavailable': { status: 503, exit: 1 },
  closed: { status: 503, exit: 1 },
  internal: { status: 500, exit: 1 },
} as const satisfies Record<string, { status: number; exit: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where in a deck's source a problem is: what an author needs to fix it. */
export interface SourceLocation {
  /** Display path ("decks/talk.md"), never an absolute one. */
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** The source lines around `line`, for error pages. */
  excerpt?: Array<{ line: number; text: string }>;
}

/** The JSON every API answers a failure with. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; file?: string; line?: number };
}

export class LecternError extends Error {
  readonly code: ErrorCode;
  readonly location: SourceLocation;

  constructor(code: ErrorCode, message: string, options: SourceLocation & { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LecternError';
    this.code = code;
    const { file, line, excerpt } = options;
    this.location = { file, line, excerpt };
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** "decks/talk.md:3: bad indentation": the form editors and terminals make clickable. */
  get located(): string {
    const { file, line } = this.location;
    const where = [file, line].filter((part) => part !== undefined).join(':');
    return where ? `${where}: ${this.message}` : this.message;
  }

  toBody(): ErrorBody {
    const { file, line } = this.location;
    return { error: { code: this.code, message: this.message, ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }) } };
  }
}
