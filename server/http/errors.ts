// The one place HTTP answers a failure. Every error is a LecternError (shared/errors.ts) by the
// time it gets here; its code gives the status, and the answer is the JSON body every API uses,
// { error: { code, message, file?, line? } }, or the HTML error page with the deck's lines
// around the error. Anything that is not a LecternError is a bug: logged, and answered 500.
import type express from 'express';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import type { Logger } from '../context.ts';
import { errorPage } from './pages.ts';

export type ErrorFormat = 'html' | 'json';

export interface ErrorPageText {
  /** The page's heading (default: by code, then by status). */
  heading?: string;
  /** The sentence under it (default: the error's message). */
  detail?: string;
}

const DECK_PROBLEM = 'This deck has an error';

const HEADINGS: Partial<Record<ErrorCode, string>> = {
  'front-matter': DECK_PROBLEM,
  'too-large': DECK_PROBLEM,
  'too-complex': DECK_PROBLEM,
  unreadable: DECK_PROBLEM,
  empty: DECK_PROBLEM,
  'not-found': 'Not found',
};

function headingFor(err: LecternError): string {
  return HEADINGS[err.code] ?? (err.status >= 500 ? 'Something went wrong' : 'Bad request');
}

/** Answers `err` in `format`; nothing when the response has already started. */
export function sendError(res: express.Response, err: LecternError, format: ErrorFormat, text: ErrorPageText = {}): void {
  if (res.headersSent) return;
  res.status(err.status);
  if (format === 'json') {
    res.json(err.toBody());
    return;
  }
  const { file, line, excerpt } = err.location;
  const where = file === undefined ? undefined : `${file}${line ? `:${line}` : ''}`;
  res.type('html').send(errorPage(err.status, text.heading ?? headingFor(err), text.detail ?? err.message, where, excerpt, line));
}

/** JSON for a client that asks for it first (Accept: application/json), else the HTML page. */
export function preferredFormat(req: express.Request): ErrorFormat {
  return req.accepts(['html', 'json']) === 'json' ? 'json' : 'html';
}

/** Codes for the errors express and its body parser raise, by their status. */
const EXPRESS_CODES: Record<number, ErrorCode> = { 400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 413: 'payload-too-large', 429: 'rate-limited' };

/**
 * Whatever a route or middleware threw, as a LecternError: one of ours as it is; express's own
 * (bad JSON, a body over its limit) by its status; anything else 'internal', with `unexpected`
 * set so the caller logs it.
 */
export function asHttpError(err: unknown): { error: LecternError; unexpected: boolean; fromExpress: boolean } {
  if (err instanceof LecternError) return { error: err, unexpected: false, fromExpress: false };
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { error: new LecternError(EXPRESS_CODES[status] ?? 'bad-request', (err as Error).message, { cause: err }), unexpected: false, fromExpress: true };
  }
  return { error: new LecternError('internal', 'the server could not answer this request', { cause: err }), unexpected: true, fromExpress: false };
}

/** The API answers JSON whatever the client accepts; pages answer what the client prefers. */
export function formatFor(req: express.Request): ErrorFormat {
  return req.path.startsWith('/api/') ? 'json' : preferredFormat(req);
}

/** The app's last handler: answers in the request's format, and logs what it did not expect (and every 5xx). */
export function errorHandler(logger: Logger): express.ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const { error, unexpected } = asHttpError(err);
    if (unexpected || error.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    const detail = unexpected ? 'The server could not answer this request.' : undefined;
    sendError(res, error, formatFor(req), { detail });
  };
}
