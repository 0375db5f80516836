// The parse worker (a worker thread started by parse-pool.ts): parses decks sent by the pool,
// one at a time, and answers with the Deck or the deck's LecternError. A deck that takes too long or too
// much memory here is the pool's to stop; the server's event loop never waits on it.
import { parentPort, workerData } from 'node:worker_threads';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import type { DeckMeta } from '../deck/model.ts';
import type { DeckConfigFiles } from '../deck/config-files.ts';
import { clearRenderCache, parseDeck } from '../deck/parse.ts';
import { safeStylesheets, type SafeStylesheet, type StylesheetSource } from '../deck/stylesheet.ts';

/** A deck to parse, or a deck's stylesheets to sanitize and scope (server/deck/stylesheet.ts). */
export type ParseRequest =
  | { id: number; kind: 'deck'; source: string; file: string; defaults?: Partial<DeckMeta>; config?: DeckConfigFiles }
  | { id: number; kind: 'css'; file: string; sources: StylesheetSource[] };

export type ParseReply =
  | { ready: true }
  | { id: number; deck: ReturnType<typeof parseDeck> }
  | { id: number; stylesheet: SafeStylesheet }
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
  safeStylesheets([{ path: 'warm-up.css', text: '.reveal h1 { color: #123; background: url(a.png) }' }]);
  clearRenderCache();
  port.on('message', (request: ParseRequest) => {
    let reply: ParseReply;
    try {
      reply =
        request.kind === 'css'
          ? { id: request.id, stylesheet: safeStylesheets(request.sources) }
          : { id: request.id, deck: parseDeck(request.source, { file: request.file, defaults: request.defaults, config: request.config, onSlide }) };
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
