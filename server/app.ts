// createApplication builds the whole server (express + socket.io + deck store) and never
// listens by itself: `main.ts` listens on the configured port, tests and benchmarks on port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import zlib from 'node:zlib';
import compression from 'compression';
import { Server } from 'socket.io';
import { pino } from 'pino';
import type { Config } from './config.ts';
import { DeckStore, type DeckStoreOptions } from './decks/store.ts';
import type { AppContext, LecternIo, Logger } from './context.ts';
import { attachLiveReload } from './live/reload.ts';
import { attachLive, type LiveOptions, type OperatorSessions } from './live/index.ts';
import type { TrustProxy } from './live/address.ts';
import { noSniffEverywhere, securityHeaders } from './http/security.ts';
import { decksRouter } from './http/decks-routes.ts';
import { offlineRouter } from './http/offline.ts';
import { errorHandler, formatFor, sendError } from './http/errors.ts';
import { LecternError } from '../shared/errors.ts';

export interface Lectern {
  app: express.Express;
  httpServer: http.Server;
  context: AppContext;
  /** What context.notice() collected while starting. */
  notices: readonly string[];
  /** The operator's own live sessions; absent when live sessions are off. */
  sessions?: OperatorSessions;
  listen(port?: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** Largest socket.io message accepted; every protocol payload is far smaller. */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;

export interface ApplicationOptions {
  logger?: Logger;
  /** Live sessions' limits, clock and store, for tests. */
  live?: LiveOptions;
  /** Which decks of the folder, and their files (the `lectern` command serving one deck, or a speaker's folder). */
  decks?: Pick<DeckStoreOptions, 'only' | 'fileDeckAssets'>;
}

export async function createApplication(config: Config, options: ApplicationOptions = {}): Promise<Lectern> {
  const logger =
    options.logger ??
    pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
  const decks = new DeckStore(config.decksDir, { logger, ...options.decks });
  // A decks folder that is not there is a start-up error, not an empty index.
  await decks.checkFolder();
  const app = express();
  app.disable('x-powered-by');
  // Whose X-Forwarded-For counts (config.ts): req.ip here, and the live hub's per-address limits.
  app.set('trust proxy', config.trustProxy ?? 'loopback');
  const httpServer = http.createServer(app);
  const io: LecternIo = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: true },
  });
  // After socket.io has put its own request listener in front of express's.
  noSniffEverywhere(httpServer);
  const closers: Array<() => Promise<void> | void> = [];
  const notices: string[] = [];
  const context: AppContext = { config, decks, io, logger, onClose: (fn) => closers.push(fn), notice: (line) => notices.push(line) };

  app.use(securityHeaders);
  // Pages, JSON and a deck's stylesheet, compressed per response (a 3 MB deck's page is mostly
  // markup that compresses ~40x). The client bundles are compressed once at build time and sent
  // as they are (decks-routes.ts), so they are left out here.
  app.use(
    compression({
      threshold: 1024,
      brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
      filter: (req, res) => !req.path.startsWith('/assets/') && /^(?:text\/html|application\/json|text\/css)/.test(String(res.getHeader('Content-Type') ?? '')),
    }),
  );
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(offlineRouter());
  app.use(decksRouter(context));
  // Feature modules mount here (live sessions, PDF export), each with the same context.
  // express compiles `trust proxy` into this (untyped) setting; the hub judges addresses with it too.
  const live = await attachLive(context, { trustProxy: app.get('trust proxy fn') as TrustProxy, ...options.live });
  app.use(live.router);
  app.use((await import('./pdf/routes.ts')).pdfRouter(context));

  app.use((req, res) => {
    sendError(res, new LecternError('not-found', 'there is nothing at this address'), formatFor(req), { detail: 'There is nothing at this address.' });
  });
  app.use(errorHandler(logger));

  attachLiveReload(context);
  if (config.watch) decks.watch();
  closers.push(() => decks.close());
  // The parse worker warmed up while the rest was built: the first page load finds it ready.
  await decks.ready();

  return {
    app,
    httpServer,
    context,
    notices,
    sessions: live.sessions,
    listen(port = config.port, host = config.host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    async close() {
      // Sockets first: closing them saves their recovery data through the adapter, which with
      // REDIS_URL needs the Redis connection a closer ends.
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      for (const fn of closers.reverse()) await fn();
    },
  };
}
