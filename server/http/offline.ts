// The offline service worker's script (built by scripts/build-client.ts from
// client/sw/service-worker.ts). Served from the root so its scope covers the /live/ and /decks/
// pages it keeps; never cached by the browser's HTTP cache, so a deploy reaches the browser on
// its next check rather than after a max-age. Pages say which client build they were made with
// (BUILD_HEADER), so the worker serves their bundles from its cache only when they match.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { clientDir } from './assets.ts';
import { BUILD_HEADER, SERVICE_WORKER_URL } from '../../shared/offline.ts';

let cached: { mtimeMs: number; id: string | undefined } | undefined;

/** dist/client/build.json's id, read again whenever a build replaced it; undefined before a build. */
export function clientBuildId(): string | undefined {
  const file = path.join(clientDir, 'build.json');
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (cached?.mtimeMs !== mtimeMs) {
    try {
      const id = (JSON.parse(fs.readFileSync(file, 'utf8')) as { id?: unknown }).id;
      cached = { mtimeMs, id: typeof id === 'string' ? id : undefined };
    } catch {
      return undefined; // half-written by a build running right now
    }
  }
  return cached.id;
}

export function offlineRouter(): express.Router {
  const router = express.Router();
  router.use(['/live/', '/decks/'], (_req, res, next) => {
    const id = clientBuildId();
    if (id) res.setHeader(BUILD_HEADER, id);
    next();
  });
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
