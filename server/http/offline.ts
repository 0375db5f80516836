// The offline service worker's script (built by scripts/build-client.ts from
// client/sw/service-worker.ts). Served from the root so its scope covers the /live/ and /decks/
// pages it keeps; never cached by the browser's HTTP cache, so a deploy reaches the browser on
// its next check rather than after a max-age.
import path from 'node:path';
import express from 'express';
import { clientDir } from './assets.ts';
import { SERVICE_WORKER_URL } from '../../shared/offline.ts';

export function offlineRouter(): express.Router {
  const router = express.Router();
  router.get(SERVICE_WORKER_URL, (_req, res, next) => {
    res.sendFile(path.join(clientDir, 'sw.js'), {
      headers: { 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript; charset=utf-8', 'Service-Worker-Allowed': '/' },
    }, (err) => {
      // Not built yet: pages work without it (they register nothing they cannot fetch).
      if (err) next();
    });
  });
  return router;
}
