// Headers for every response. Slides may carry author HTML (sanitized on the server); the
// CSP is the second line: no inline or foreign scripts can run even if sanitizing missed one.
import type http from 'node:http';
import type { RequestHandler } from 'express';

/** A Content-Security-Policy: directive → its sources. */
export type CspDirectives = Record<string, string>;

/** The pages' policy: what a slide page needs, and nothing that runs code from elsewhere. */
const PAGE_CSP: CspDirectives = {
  'default-src': "'self'",
  'script-src': "'self'",
  // Authors use inline style attributes; reveal.js sets styles from script (CSSOM, allowed anyway).
  'style-src': "'self' 'unsafe-inline'",
  // Decks may show remote images; they cannot run code.
  'img-src': "'self' data: blob: https: http:",
  'media-src': "'self' https: http:",
  'font-src': "'self' data:",
  'connect-src': "'self' ws: wss:",
  // The offline service worker (/sw.js): Lectern's own script only.
  'worker-src': "'self'",
  'frame-src': "'self' https:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
};

/** The pages' policy with `overrides` (a directive set to undefined is left out), as a header value. */
export function contentSecurityPolicy(overrides: Partial<Record<string, string | undefined>> = {}): string {
  return Object.entries({ ...PAGE_CSP, ...overrides })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');
}

const CSP = contentSecurityPolicy();

/** A deck's own files (an SVG opened by itself): shown, never run, nothing loaded but its images. */
export const DECK_FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:";

/** No response is ever read as another type than it says: a deck's file is never a script or a page. */
export function noSniff(res: http.ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * `noSniff` on every response of `server`, set before anyone answers: express's routes and
 * error pages, and socket.io's own HTTP answers, which never pass through express.
 */
export function noSniffEverywhere(server: http.Server): void {
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => noSniff(res));
}

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  next();
};
