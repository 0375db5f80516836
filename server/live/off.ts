// Live sessions switched off because DATA_DIR cannot hold them: decks are still served, and
// every live route says why instead of failing in its own way (or the server not starting).
// The reason given to clients names no path; the operator's start-up line does (index.ts).
import express from 'express';
import { LecternError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import type { AppContext } from '../context.ts';
import { sendError } from '../http/errors.ts';

export const LIVE_OFF_MESSAGE = "live sessions are off: the server's DATA_DIR is not writable";

export function liveOffRouter({ io }: AppContext): express.Router {
  // Joins and presenter requests get an answer rather than a silent time-out.
  io.on('connection', (socket) => {
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (typeof event !== 'string' || !/^(session|presenter):/.test(event)) return;
      const ack = args[args.length - 1];
      if (typeof ack === 'function') (ack as (res: Ack) => void)({ ok: false, error: 'store-unavailable' });
    });
  });

  const router = express.Router();
  const off = new LecternError('live-off', LIVE_OFF_MESSAGE);
  router.use('/api/sessions', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    sendError(res, off, 'json');
  });
  const page = (_req: express.Request, res: express.Response) => {
    res.set('Cache-Control', 'no-store');
    const detail = `${LIVE_OFF_MESSAGE.charAt(0).toUpperCase()}${LIVE_OFF_MESSAGE.slice(1)}. The decks are still here.`;
    sendError(res, off, 'html', { heading: 'Live sessions are off', detail });
  };
  router.get(['/live', '/live/:id', '/present/:id'], page);
  return router;
}
