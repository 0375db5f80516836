// Deck parsing off the main thread, within limits. Decks come from authors the server does not
// trust: a deck that makes marked, highlight.js or sanitize-html take seconds or gigabytes
// must cost the server neither, so parseDeck runs on worker threads (parse-worker.ts), each
// with a memory limit (resourceLimits), each parse with a time limit after which its worker
// is terminated. The deck then gets a LecternError like any other ('too-complex', naming the
// limit and the slide it stopped in); the worker is replaced, and the caller logs it. A parse
// is never retried on the main thread.
//
// One worker is started at once and kept warm (its start-up loads and compiles the parser's
// modules: a few hundred ms the first page load would otherwise wait for); a second starts
// when a deck waits while the first is busy (e.g. on a deck running into the time limit), and
// stops again after a while idle. Idle workers never keep the process alive.
import { Worker } from 'node:worker_threads';
import { LecternError, type ErrorCode } from '../../shared/errors.ts';
import type { Deck, DeckMeta } from '../deck/model.ts';
import type { DeckConfigFiles } from '../deck/config-files.ts';
import type { SafeStylesheet, StylesheetSource } from '../deck/stylesheet.ts';
import type { ParseReply, ParseRequest, ParseWorkerData } from './parse-worker.ts';

export interface ParseLimits {
  /** Longest a parse may take, from when a worker starts on it. */
  timeMs: number;
  /** Heap of one worker (V8's old generation), in MB. */
  memoryMb: number;
}

export const PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({ timeMs: 5000, memoryMb: 256 });

export interface ParsePoolOptions {
  /** Most workers at once (default 2: one busy on a bad deck leaves one for the rest). */
  workers?: number;
  limits?: Partial<ParseLimits>;
  /** An extra worker idle this long stops (the first stays warm). */
  idleMs?: number;
}

/** Why a parse was stopped from outside: over a limit, a crashed worker, a worker that could not start. */
export type ParseFailure = 'time' | 'memory' | 'crash' | 'start' | 'closed';

/** The `cause` of an error the pool rather than the parser raised: the caller logs these. */
export interface ParseStop {
  parseStopped: ParseFailure;
}

/** Why the pool stopped the parse `err` is about; undefined for a deck the parser refused. */
export function parseStopReason(err: unknown): ParseFailure | undefined {
  const cause = err instanceof LecternError ? err.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'parseStopped' in cause ? (cause as ParseStop).parseStopped : undefined;
}

function stopped(code: ErrorCode, message: string, reason: ParseFailure, file: string, line?: number): LecternError {
  return new LecternError(code, message, { file, line, cause: { parseStopped: reason } satisfies ParseStop });
}

interface Job {
  request: ParseRequest;
  resolve(result: Deck | SafeStylesheet): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
  progress: Int32Array;
  stopped?: ParseFailure;
  error?: Error;
}

/** How to start parse-worker.ts: the bundled .mjs beside this file, or the .ts source through tsx. */
function workerEntry(): { filename: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { filename: new URL('./parse-worker.mjs', here), eval: false };
  // tsx's loader, inherited through execArgv, does not reach a worker's entry module on Node 20:
  // the worker registers it itself, then imports the TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', here).href;
  return { filename: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, eval: true };
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export class ParsePool {
  readonly limits: Readonly<ParseLimits>;
  private readonly maxWorkers: number;
  private readonly idleMs: number;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private waiters: Array<() => void> = [];
  /** Workers started so far (replacements included), for tests and logs. */
  started = 0;

  constructor(options: ParsePoolOptions = {}) {
    this.limits = { ...PARSE_LIMITS, ...options.limits };
    this.maxWorkers = Math.max(1, options.workers ?? 2);
    this.idleMs = options.idleMs ?? 30_000;
    this.spawn();
  }

  /** Parses on a worker. Rejects with the deck's LecternError, or one with a ParseStop cause. */
  parse(source: string, options: { file: string; defaults?: Partial<DeckMeta>; config?: DeckConfigFiles }): Promise<Deck> {
    return this.run<Deck>({ id: this.nextId++, kind: 'deck', source, file: options.file, defaults: options.defaults, config: options.config });
  }

  /** A deck's stylesheets, sanitized and scoped on a worker (they are the author's, like the deck). */
  stylesheets(sources: StylesheetSource[], file: string): Promise<SafeStylesheet> {
    return this.run<SafeStylesheet>({ id: this.nextId++, kind: 'css', file, sources });
  }

  private run<T extends Deck | SafeStylesheet>(request: ParseRequest): Promise<T> {
    if (this.closed) return Promise.reject(stopped('unreadable', 'the deck parser is shut down', 'closed', request.file));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request, resolve: resolve as (result: Deck | SafeStylesheet) => void, reject });
      this.pump();
    });
  }

  /**
   * Settles once a worker is warm, or none is starting any more (one that cannot start is
   * reported to the decks that wait for it): a server awaits this before it listens, so the
   * first page load does not wait for the parser's start-up.
   */
  ready(): Promise<void> {
    if (this.closed || this.slots.some((s) => s.ready) || this.slots.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Workers running now. */
  get size(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(this.failure('closed', waiting.request.file, undefined, 'closed'));
    this.wake();
    await Promise.all(this.slots.map((slot) => {
      slot.stopped = 'closed';
      return slot.worker.terminate();
    }));
  }

  private spawn(): void {
    const progress = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    let worker: Worker;
    try {
      const entry = workerEntry();
      worker = new Worker(entry.filename, {
        eval: entry.eval,
        execArgv: [],
        workerData: { progress } satisfies ParseWorkerData,
        resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      });
    } catch (err) {
      this.cannotStart(err as Error);
      return;
    }
    worker.unref();
    const slot: Slot = { worker, ready: false, progress: new Int32Array(progress) };
    this.slots.push(slot);
    this.started++;
    worker.on('message', (reply: ParseReply) => this.onReply(slot, reply));
    worker.on('error', (err) => {
      slot.error = err;
    });
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length > 0 && slot.ready && !slot.job && !slot.stopped) this.dispatch(slot, this.queue.shift()!);
    }
    const free = this.slots.filter((s) => !s.job && !s.stopped).length;
    if (this.queue.length > free && this.slots.length < this.maxWorkers) this.spawn();
    // A parse running or waiting keeps the process alive (the CLI awaits it); an idle worker does
    // not. (An unref() before the worker is online does not last: this runs again once it is.)
    for (const slot of this.slots) {
      if (slot.job || (!slot.ready && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    clearTimeout(slot.idle);
    slot.job = job;
    Atomics.store(slot.progress, 0, 0);
    slot.timer = setTimeout(() => this.stop(slot, 'time'), this.limits.timeMs);
    slot.worker.postMessage(job.request);
  }

  private stop(slot: Slot, reason: ParseFailure): void {
    slot.stopped = reason;
    void slot.worker.terminate();
  }

  private onReply(slot: Slot, reply: ParseReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      this.wake();
      this.pump();
      this.retireWhenIdle(slot);
      return;
    }
    const job = slot.job;
    if (!job || job.request.id !== reply.id || slot.stopped) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    if ('deck' in reply) job.resolve(reply.deck);
    else if ('stylesheet' in reply) job.resolve(reply.stylesheet);
    else if ('deckError' in reply) {
      const { message, code, line, file } = reply.deckError;
      job.reject(new LecternError(code, message, { line, file }));
    } else job.reject(new LecternError('unreadable', `could not parse the deck: ${reply.error}`, { file: job.request.file }));
    this.pump();
    this.retireWhenIdle(slot);
  }

  /** Extra workers stop after idleMs without work; the first one stays. */
  private retireWhenIdle(slot: Slot): void {
    if (this.slots.indexOf(slot) === 0 || slot.job) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (!slot.job && this.slots.length > 1) this.stop(slot, 'closed');
    }, this.idleMs).unref();
  }

  private onExit(slot: Slot, code: number): void {
    clearTimeout(slot.timer);
    clearTimeout(slot.idle);
    this.slots = this.slots.filter((s) => s !== slot);
    if (!this.slots.some((s) => !s.ready)) this.wake();
    const reason: ParseFailure =
      slot.stopped ?? ((slot.error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : slot.ready ? 'crash' : 'start');
    const job = slot.job;
    if (job) job.reject(this.failure(reason, job.request.file, Atomics.load(slot.progress, 0) || undefined, slot.error ?? `exit code ${code}`));
    if (reason === 'start') {
      this.cannotStart(slot.error ?? `exit code ${code}`);
      return;
    }
    if (this.closed || reason === 'closed') return;
    // Replace the worker: at once, so the next deck finds one warm.
    if (this.slots.length === 0 || this.queue.length > 0) this.spawn();
    this.pump();
  }

  /**
   * A worker that cannot start would not start on an immediate retry either: when no other
   * worker is left, the decks waiting are told why, and the next parse tries again.
   */
  private cannotStart(cause: Error | string): void {
    if (this.slots.length > 0) return;
    for (const waiting of this.queue.splice(0)) waiting.reject(this.failure('start', waiting.request.file, undefined, cause));
  }

  private failure(reason: ParseFailure, file: string, line: number | undefined, cause: Error | string): LecternError {
    const where = line ? ` (it stopped in the slide at line ${line})` : '';
    const detail = cause instanceof Error ? cause.message : cause;
    switch (reason) {
      case 'time':
        return stopped('too-complex', `the deck took longer than ${seconds(this.limits.timeMs)} to parse${where}: simplify that slide, or split the deck`, reason, file, line);
      case 'memory':
        return stopped('too-complex', `the deck needed more than ${this.limits.memoryMb} MB of memory to parse${where}: simplify that slide, or split the deck`, reason, file, line);
      case 'start':
        return stopped('unreadable', `the deck parser could not start: ${detail}`, reason, file);
      case 'closed':
        return stopped('unreadable', 'the deck parser is shut down', reason, file);
      default:
        return stopped('unreadable', `the deck parser stopped unexpectedly on this deck${where}: ${detail}`, reason, file, line);
    }
  }
}

let shared: ParsePool | undefined;

/** The process's pool (started on first use): every DeckStore and the export CLI parse through it. */
export function sharedParsePool(): ParsePool {
  return (shared ??= new ParsePool());
}
