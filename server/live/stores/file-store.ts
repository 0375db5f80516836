// The embedded session store: one JSON file per session in DATA_DIR/sessions, replaced
// atomically (server/fs/atomic.ts) so a crash mid-write leaves the old file or the new one. Writes are
// coalesced per session and run off the hot path: a move is broadcast first and reaches the
// disk a few milliseconds later. A new session is on disk before anyone hears of it; when the
// disk refuses later writes (full), they are retried with a growing pause and logged once.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { LecternError } from '../../../shared/errors.ts';
import { ID_PATTERN } from '../../../shared/protocol.ts';
import { atomicWrite, ensureWritableDir, errnoCode, TEMP_SUFFIX } from '../../fs/atomic.ts';
import {
  SESSION_TTL_MS,
  capError,
  isLive,
  sessionRecordSchema,
  type Clock,
  type MoveOptions,
  type MoveOutcome,
  type MoveTarget,
  type SessionCaps,
  type SessionPatch,
  type SessionRecord,
  type SessionStore,
  storeUnavailable,
  swapDriver,
} from './store.ts';

export interface FileStoreOptions {
  ttlMs?: number;
  /**
   * How long a change may wait to be merged with the next ones before it is written (100 ms:
   * a clicker burst is one write; a SIGKILL loses at most that much). Each write costs ~1 ms of
   * CPU (fsync included) on this project's 2-core machine.
   */
  flushDelayMs?: number;
  /** The pause before the first retry of a failed write; it doubles per failure, up to retryMaxMs. */
  retryMs?: number;
  retryMaxMs?: number;
  clock?: Clock;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/**
 * The folder cannot hold sessions (cannot be created, read or written): live sessions are off
 * (`live-off`), and the message names the folder and the system's reason (EACCES, EROFS…).
 */
export function dataDirError(dir: string, cause: unknown): LecternError {
  return new LecternError('live-off', `${dir} is not writable (${errnoCode(cause)})`, { cause });
}

interface Pending {
  timer?: NodeJS.Timeout;
  /** This session's writes, one after another: the next waits for the last to settle. */
  queue: Promise<void>;
  dirty: boolean;
  /** A write is running: what changes meanwhile is picked up when it ends (flush). */
  writing: boolean;
  /** Failed writes in a row, for the retry pause. */
  failures: number;
}

export class FileSessionStore implements SessionStore {
  private sessions = new Map<string, SessionRecord>();
  private pending = new Map<string, Pending>();
  private readonly ttlMs: number;
  private readonly flushDelayMs: number;
  private readonly retryMs: number;
  private readonly retryMaxMs: number;
  private readonly now: Clock;
  /** Inside a streak of failed writes: logged once when it starts and once when it ends. */
  private failing = false;
  private closed = false;

  constructor(readonly dir: string, private readonly options: FileStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.retryMs = options.retryMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.now = options.clock ?? Date.now;
  }

  /** Loads what an earlier run left; dataDirError() when the folder cannot hold sessions. */
  async open(): Promise<void> {
    let names: string[];
    try {
      await ensureWritableDir(this.dir);
      names = await fs.readdir(this.dir);
    } catch (err) {
      throw dataDirError(this.dir, err);
    }
    for (const name of names) {
      const file = path.join(this.dir, name);
      if (name.endsWith(TEMP_SUFFIX)) {
        await fs.rm(file, { force: true }).catch(() => {}); // a write that a crash interrupted
        continue;
      }
      const id = name.slice(0, -'.json'.length);
      if (!name.endsWith('.json') || !ID_PATTERN.test(id)) continue;
      try {
        const record = sessionRecordSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
        if (record.id !== id) continue;
        // No presenter took it up before the restart: nobody is waiting for it.
        if (record.pendingUntil !== undefined) await fs.rm(file, { force: true });
        else this.sessions.set(id, record);
      } catch (err) {
        // Not ours or damaged by hand: keep it aside for a human rather than delete it.
        this.options.logger?.warn({ err, file }, 'unreadable session file set aside');
        await fs.rename(file, `${file}.bad`).catch(() => {});
      }
    }
    await this.expire();
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return this.live(id);
  }

  async create(record: SessionRecord, caps?: SessionCaps): Promise<boolean> {
    if (this.sessions.has(record.id)) return false;
    if (caps) this.checkCaps(record, caps);
    this.sessions.set(record.id, record);
    const pending = this.entry(record.id);
    pending.dirty = true;
    // On disk before its creator hears of it: a session that cannot be written is no session.
    try {
      await this.write(record.id, pending);
      this.writeWorked();
    } catch (err) {
      this.writeFailed(err, record.id);
      this.sessions.delete(record.id);
      this.pending.delete(record.id);
      throw storeUnavailable(`session ${record.id} could not be written`, err);
    }
    return true;
  }

  async update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined> {
    const current = this.live(id);
    if (!current) return undefined;
    const { claimed, ...change } = patch;
    const next: SessionRecord = { ...current, ...change };
    if (claimed) delete next.pendingUntil;
    this.sessions.set(id, next);
    this.schedule(id);
    return next;
  }

  /** One process owns this store, and this and setDriver run without a pause: atomic as they stand. */
  async move(id: string, target: MoveTarget, options: MoveOptions = {}): Promise<MoveOutcome> {
    const current = this.live(id);
    if (!current) return { outcome: 'missing' };
    const s = current.state;
    if (options.ifSeq !== undefined && options.ifSeq !== s.seq) return { outcome: 'conflict', state: s };
    const now = options.now ?? this.now();
    const gap = options.gap ?? 1;
    const paused = target.paused ?? s.paused;
    const same = target.h === s.h && target.v === s.v && target.f === s.f && paused === s.paused;
    const state = same && gap === 1 ? s : { h: target.h, v: target.v, f: target.f, paused, seq: s.seq + gap, at: now };
    this.sessions.set(id, { ...current, state, activeAt: now });
    this.schedule(id);
    return { outcome: state === s ? 'same' : 'moved', state };
  }

  async setDriver(id: string, next: SessionRecord['driver'], expected: SessionRecord['driver']): ReturnType<SessionStore['setDriver']> {
    const swapped = swapDriver(this.live(id), next, expected);
    if (typeof swapped === 'string') return swapped;
    this.sessions.set(id, swapped);
    this.schedule(id);
    return 'set';
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
    const pending = this.pending.get(id);
    if (pending?.timer) clearTimeout(pending.timer);
    await pending?.queue;
    this.pending.delete(id);
    await fs.rm(this.file(id), { force: true });
  }

  async expire(now = this.now()): Promise<string[]> {
    const expired = [...this.sessions.values()].filter((s) => !isLive(s, now, this.ttlMs)).map((s) => s.id);
    for (const id of expired) await this.delete(id);
    return expired;
  }

  async count(now = this.now()): Promise<number> {
    let live = 0;
    for (const s of this.sessions.values()) if (isLive(s, now, this.ttlMs)) live++;
    return live;
  }

  /** Writes what is pending, once (a failing disk gets no more retries), and stops the timers. */
  async close(): Promise<void> {
    this.closed = true;
    const flushes: Promise<void>[] = [];
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.timer = undefined;
      flushes.push(pending.dirty ? this.flush(id) : pending.queue);
    }
    await Promise.all(flushes);
  }

  private live(id: string): SessionRecord | undefined {
    const record = this.sessions.get(id);
    return record && isLive(record, this.now(), this.ttlMs) ? record : undefined;
  }

  /** Counted at the record's creation time, in the same step as the create (no await before set). */
  private checkCaps(record: SessionRecord, caps: SessionCaps): void {
    let total = 0;
    let mine = 0;
    for (const s of this.sessions.values()) {
      if (!isLive(s, record.createdAt, this.ttlMs)) continue;
      total++;
      if (record.creator !== undefined && s.creator === record.creator) mine++;
    }
    if (record.creator !== undefined && mine >= caps.perCreator) throw capError('creator');
    if (total >= caps.total) throw capError('total');
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private entry(id: string): Pending {
    let pending = this.pending.get(id);
    if (!pending) this.pending.set(id, (pending = { queue: Promise.resolve(), dirty: false, writing: false, failures: 0 }));
    return pending;
  }

  private schedule(id: string, delayMs = this.flushDelayMs): void {
    const pending = this.entry(id);
    pending.dirty = true;
    // A timer already set (the coalescing delay, or a retry's pause), or the end of the running
    // write, picks this change up.
    if (pending.timer || pending.writing || this.closed) return;
    pending.timer = setTimeout(() => {
      pending.timer = undefined;
      void this.flush(id);
    }, delayMs);
    // A retry against a failing disk never keeps a process alive that is otherwise done.
    if (pending.failures > 0) pending.timer.unref();
  }

  /** Writes the latest record; a failure is retried after a pause that doubles each time. */
  private async flush(id: string): Promise<void> {
    const pending = this.pending.get(id);
    if (!pending) return;
    try {
      await this.write(id, pending);
      pending.failures = 0;
      this.writeWorked();
    } catch (err) {
      pending.failures++;
      this.writeFailed(err, id);
    }
    if (pending.dirty && !this.closed && this.sessions.has(id)) {
      this.schedule(id, pending.failures === 0 ? this.flushDelayMs : Math.min(this.retryMaxMs, this.retryMs * 2 ** (pending.failures - 1)));
    }
  }

  /**
   * Writes the record as it is when this session's previous write has settled, if it changed;
   * rejects with the write's error (the change stays pending). Entries stay until delete(): a
   * second entry for the same id could let two writes race to the rename.
   */
  private write(id: string, pending: Pending): Promise<void> {
    const run = pending.queue.then(async () => {
      const record = this.sessions.get(id);
      if (!pending.dirty || !record) return;
      pending.dirty = false;
      pending.writing = true;
      try {
        await atomicWrite(this.file(id), JSON.stringify(record));
      } catch (err) {
        pending.dirty = true;
        throw err;
      } finally {
        pending.writing = false;
      }
    });
    pending.queue = run.catch(() => {});
    return run;
  }

  private writeFailed(err: unknown, id: string): void {
    if (this.failing) return;
    this.failing = true;
    this.options.logger?.error({ err, dir: this.dir, session: id }, 'session writes are failing; retrying with a growing pause (logged again when they work)');
  }

  private writeWorked(): void {
    if (!this.failing) return;
    this.failing = false;
    this.options.logger?.info({ dir: this.dir }, 'session writes work again');
  }
}
