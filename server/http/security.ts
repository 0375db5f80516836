// Headers for every response. Slides may carry author HTML (sanitized on the server); the
// CSP is the second line: no inline or foreign scripts can run even if sanitizing missed one.
import type { RequestHandler } from 'express';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Authors use inline style attributes; reveal.js sets styles from script (CSSOM, allowed anyway).
  "style-src 'self' 'unsafe-inline'",
  // Decks may show remote images; they cannot run code.
  "img-src 'self' data: blob: https: http:",
  "media-src 'self' https: http:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-src 'self' https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  next();
};
