// The exporter's own web server: loopback only, one per process, serving the print pages it
// renders (with speaker notes for handouts) under a random per-process token, the built client
// bundle, and the image files beside a deck. The public app never serves notes; this server is
// unreachable from other machines and unguessable from this one.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DECK_ASSET_TYPES, fileInside, safeSegments } from '../decks/assets.ts';
import { contentSecurityPolicy, noSniff } from '../http/security.ts';
import { DECK_STYLESHEET } from '../http/assets.ts';
import { PrintImages, type ImageBox } from './images.ts';

export interface PrintJob {
  html: string;
  slug: string;
  /** Folder whose files the page may load by relative URL (folder decks, decks given by path). */
  assetDir?: string;
  /** The deck's own stylesheet, sanitized and scoped, served at /decks/<slug>/lectern-deck.css as on the pages. */
  stylesheet?: string;
  /** The page size in CSS pixels: larger images are scaled down to print resolution (images.ts). */
  imageBox?: ImageBox;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

// The print page's second line of defence behind guard.ts, which decides every request: the
// pages' policy, but nothing fetched by script, no frames, workers, forms or manifests. External
// images and media stay allowed as on the pages, so that guard.ts sees them and can say why it
// refused one (a request CSP stops never reaches it). Nothing frames it, so no frame-ancestors.
const CSP = contentSecurityPolicy({
  'connect-src': "'none'",
  'frame-src': "'none'",
  'child-src': "'none'",
  'worker-src': "'none'",
  'manifest-src': "'none'",
  'form-action': "'none'",
  'frame-ancestors': undefined,
});

/**
 * On every response: no Referer leaves for anything a print page or its stylesheets load (CSS
 * requests follow the stylesheet's own policy), and no DNS prefetching of the page's links.
 */
const COMMON_HEADERS = { 'Referrer-Policy': 'no-referrer', 'X-DNS-Prefetch-Control': 'off', 'X-Content-Type-Options': 'nosniff' };

/** Safe path segments from a URL path, or undefined when any is empty, hidden or a traversal. */
function segments(urlPath: string): string[] | undefined {
  try {
    const parts = urlPath.split('/').filter((p) => p !== '').map(decodeURIComponent);
    return parts.length === 0 || safeSegments(parts) ? parts : undefined;
  } catch {
    return undefined;
  }
}

export class PrintServer {
  private readonly token = randomBytes(18).toString('base64url');
  private readonly jobs = new Map<string, PrintJob>();
  /** Client bundle files by path under /assets/, read once (undefined: not in the bundle). */
  private readonly assetCache = new Map<string, Promise<Buffer | undefined>>();
  private readonly images = new PrintImages();
  private server?: http.Server;
  private origin?: Promise<string>;

  /** Called when the page asks for a client bundle file that is not there (a build missing or under way). */
  onMissingAsset?: (file: string) => void;

  /** Told about a request answered 500 (a file that could not be read); stderr when unset. */
  onError: (err: unknown, urlPath: string) => void = (err, urlPath) => console.error(`lectern: print server: ${urlPath}: ${String(err)}`);

  constructor(private readonly clientDir: string) {}

  /** Starts listening on 127.0.0.1 and an ephemeral port (once); resolves to the origin. */
  start(): Promise<string> {
    this.origin ??= new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => {
        noSniff(res);
        this.handle(req, res).catch((err: unknown) => {
          // Without the token: it keeps other local processes away from the print pages.
          this.onError(err, new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(this.token, '…'));
          if (!res.headersSent) res.writeHead(500, COMMON_HEADERS);
          res.end();
        });
      });
      server.keepAliveTimeout = 30_000;
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        this.server = server;
        resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      });
    });
    return this.origin;
  }

  /** A page that only loads the bundle (see PdfExporter.warmUp), served at warmUrl(). */
  warmPage?: string;

  async warmUrl(): Promise<string> {
    return `${await this.start()}/${this.token}/warm`;
  }

  /** Publishes a print page until `remove()`; `url` is where the browser loads it. */
  async add(job: PrintJob): Promise<{ url: string; remove(): void }> {
    const origin = await this.start();
    // Unguessable, so no print page can name another one (another deck's notes) by relative URL.
    const id = randomBytes(12).toString('base64url');
    this.jobs.set(id, job);
    return { url: `${origin}/${this.token}/${id}/`, remove: () => this.jobs.delete(id) };
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.origin = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const parts = segments(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405);
    if (!parts || parts.length === 0) return this.send(res, 404);
    if (parts[0] === 'assets') return this.sendClientFile(res, parts.slice(1));
    if (parts[0] === 'decks' && parts.length === 3 && parts[2] === DECK_STYLESHEET) {
      const job = [...this.jobs.values()].find((j) => j.slug === parts[1] && j.stylesheet !== undefined);
      if (!job) return this.send(res, 404);
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': TYPES['.css'], 'Cache-Control': 'no-cache' });
      res.end(job.stylesheet);
      return;
    }
    if (parts[0] === 'decks' && parts.length > 2) {
      // Absolute /decks/<slug>/<file> URLs, as the deck page resolves them.
      const job = [...this.jobs.values()].find((j) => j.slug === parts[1] && j.assetDir);
      return job ? this.sendDeckFile(res, job, parts.slice(2)) : this.send(res, 404);
    }
    if (parts[0] === this.token && parts[1] === 'warm' && parts.length === 2 && this.warmPage) {
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(this.warmPage);
      return;
    }
    if (parts[0] !== this.token || parts.length < 2) return this.send(res, 404);
    const job = this.jobs.get(parts[1]!);
    if (!job) return this.send(res, 404);
    if (parts.length === 2) {
      res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
      res.end(job.html);
      return;
    }
    return this.sendDeckFile(res, job, parts.slice(2));
  }

  /**
   * Reads client files (paths under /assets/) before a page asks for them: on a cold export the
   * browser is still starting meanwhile, and the page's requests are then answered from memory.
   */
  prefetch(paths: readonly string[]): void {
    for (const key of paths) this.clientFile(key.split('/')).catch(() => undefined);
  }

  private clientFile(parts: string[]): Promise<Buffer | undefined> {
    const key = parts.join('/');
    let body = this.assetCache.get(key);
    if (!body) {
      body = fileInside(this.clientDir, parts).then((file) => (file ? fs.readFile(file) : undefined));
      this.assetCache.set(key, body);
      // A read that failed (or found nothing) is tried again by the next request: a build may be under way.
      body.then((found) => found ?? this.assetCache.delete(key), () => this.assetCache.delete(key));
    }
    return body;
  }

  private async sendClientFile(res: http.ServerResponse, parts: string[]): Promise<void> {
    const key = parts.join('/');
    const body = await this.clientFile(parts);
    if (!body) {
      if (!key.endsWith('.map') && key !== 'favicon.svg') this.onMissingAsset?.(key);
      return this.send(res, 404);
    }
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream', 'Cache-Control': 'max-age=3600' });
    res.end(body);
  }

  private async sendDeckFile(res: http.ServerResponse, job: PrintJob, parts: string[]): Promise<void> {
    const ext = path.extname(parts[parts.length - 1] ?? '').toLowerCase();
    if (!job.assetDir || !DECK_ASSET_TYPES.has(ext)) return this.send(res, 404);
    const file = await fileInside(job.assetDir, parts);
    if (!file) return this.send(res, 404);
    const body = await this.images.read(file, ext, job.imageBox);
    res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    res.end(body);
  }

  private send(res: http.ServerResponse, status: number): void {
    res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(http.STATUS_CODES[status]);
  }
}
