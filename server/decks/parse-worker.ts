// The parse worker (a worker thread started by parse-pool.ts): parses decks sent by the pool,
// one at a time, and answers with the Deck or the deck's LecternError. A deck that takes too long or too
// much memory here is the pool's to stop; the server's event loop never waits on it.
import { parentPort, workerData } from 'node:worker_threads';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import type { DeckMeta } from '../deck/model.ts';
import { clearRenderCache, parseDeck } from '../deck/parse.ts';

export interface ParseRequest {
  id: number;
  source: string;
  file: string;
  defaults?: Partial<DeckMeta>;
}

export type ParseReply =
  | { ready: true }
  | { id: number; deck: ReturnType<typeof parseDeck> }
  | { id: number; deckError: { message: string; code: ErrorCode; line?: number; file?: string } }
  | { id: number; error: string };

/** Shared with the pool: [0] the first line of the slide being parsed, 0 outside slides. */
export interface ParseWorkerData {
  progress: SharedArrayBuffer;
}

// Runs marked, highlight.js, sanitize-html and the attribute comments once, so the first real
// deck does not pay for loading and compiling them.
const WARM_UP = `---
title: Warm-up
---
# Warm-up <!-- .element: class="x" -->

- **bold** and \`code\` <!-- .element: class="fragment" -->

\`\`\`python
def f(x):
    return [y for y in range(x)]
\`\`\`

<div class="columns-2"><p>html</p></div>

Note: notes
`;

const port = parentPort;
if (port) {
  const progress = new Int32Array((workerData as ParseWorkerData).progress);
  const onSlide = (line: number) => Atomics.store(progress, 0, line);
  parseDeck(WARM_UP);
  clearRenderCache();
  port.on('message', (request: ParseRequest) => {
    let reply: ParseReply;
    try {
      reply = { id: request.id, deck: parseDeck(request.source, { file: request.file, defaults: request.defaults, onSlide }) };
    } catch (err) {
      reply =
        err instanceof LecternError
          ? { id: request.id, deckError: { message: err.message, code: err.code, line: err.location.line, file: err.location.file } }
          : { id: request.id, error: err instanceof Error ? err.message : String(err) };
    }
    Atomics.store(progress, 0, 0);
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies ParseReply);
}
