// The CLI's deck loading: on a worker thread (deck-worker.ts) so parsing overlaps the browser's
// and puppeteer's start-up; in-process when a worker cannot be started.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { DeckError } from '../deck/model.ts';
import type { LoadedDeck } from '../deck/store.ts';

export type DeckRequest = { kind: 'file'; file: string; display: string } | { kind: 'slug'; decksDir: string; slug: string };

type Reply = { deck: LoadedDeck } | { deckError: { message: string; code: DeckError['code']; line?: number; file?: string } } | { error: string };

async function inProcess(request: DeckRequest): Promise<LoadedDeck> {
  if (request.kind === 'file') return (await import('./deck-file.ts')).loadDeckFile(request.file, request.display);
  const { DeckStore } = await import('../deck/store.ts');
  return new DeckStore(request.decksDir).load(request.slug);
}

/** Starts loading at once; the promise settles with the deck or its DeckError. */
export function loadDeck(request: DeckRequest): Promise<LoadedDeck> {
  // Bundled (scripts/export.mjs) the worker is dist/export-cli/deck-worker.mjs; unbundled, the .ts
  // beside this file (tsx's loader is inherited through execArgv).
  const bundled = import.meta.url.endsWith('.mjs');
  let worker: Worker;
  try {
    worker = new Worker(fileURLToPath(new URL(bundled ? './deck-worker.mjs' : './deck-worker.ts', import.meta.url)), { workerData: request });
  } catch {
    return inProcess(request);
  }
  return new Promise<LoadedDeck>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      if ('deck' in reply) resolve(reply.deck);
      else if ('deckError' in reply) reject(new DeckError(reply.deckError.message, reply.deckError.code, reply.deckError.line, reply.deckError.file));
      else reject(new Error(reply.error));
      void worker.terminate();
    });
    worker.once('error', () => {
      if (!settled) inProcess(request).then(resolve, reject);
      settled = true;
    });
    worker.once('exit', () => {
      if (!settled) inProcess(request).then(resolve, reject);
      settled = true;
    });
  });
}
