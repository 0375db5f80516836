// Loads and parses one deck on a worker thread, for the CLI: the parser's modules (marked,
// highlight.js, sanitize-html) take a few hundred milliseconds to load and warm up, and on
// the main thread that time would add to puppeteer's start instead of running beside it.
import { parentPort, workerData } from 'node:worker_threads';
import { DeckError } from '../deck/model.ts';
import type { DeckRequest } from './load-deck.ts';

async function load(request: DeckRequest) {
  if (request.kind === 'file') {
    const { loadDeckFile } = await import('./deck-file.ts');
    return loadDeckFile(request.file, request.display);
  }
  const { DeckStore } = await import('../deck/store.ts');
  return new DeckStore(request.decksDir).load(request.slug);
}

load(workerData as DeckRequest).then(
  (deck) => parentPort?.postMessage({ deck }),
  (err: unknown) =>
    parentPort?.postMessage(
      err instanceof DeckError
        ? { deckError: { message: err.message, code: err.code, line: err.line, file: err.file } }
        : { error: err instanceof Error ? err.message : String(err) },
    ),
);
