// The embedded session store: one JSON file per session in DATA_DIR/sessions, replaced
// atomically (write a temp file, fsync, rename, fsync the folder) so a crash mid-write leaves
// the old file or the new one, never half of one. Writes are coalesced per session and run off
// the hot path: a move is broadcast first and reaches the disk a few milliseconds later.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { ID_PATTERN } from './ids.ts';
import {
  SESSION_TTL_MS,
  sessionRecordSchema,
  type MoveOptions,
  type MoveOutcome,
  type MoveTarget,
  type SessionPatch,
  type SessionRecord,
  type SessionStore,
} from './store.ts';

export interface FileStoreOptions {
  ttlMs?: number;
  /**
   * How long a change may wait to be merged with the next ones before it is written (100 ms:
   * a clicker burst is one write; a SIGKILL loses at most that much). Each write costs ~1 ms of
   * CPU (fsync included) on this project's 2-core machine.
   */
  flushDelayMs?: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

interface Pending {
  timer?: NodeJS.Timeout;
  writing?: Promise<void>;
  dirty: boolean;
}

export class FileSessionStore implements SessionStore {
  private sessions = new Map<string, SessionRecord>();
  private pending = new Map<string, Pending>();
  private readonly ttlMs: number;
  private readonly flushDelayMs: number;

  constructor(readonly dir: string, private readonly options: FileStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.flushDelayMs = options.flushDelayMs ?? 100;
  }

  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    for (const name of await fs.readdir(this.dir)) {
      const file = path.join(this.dir, name);
      if (name.endsWith('.tmp')) {
        await fs.rm(file, { force: true }); // a write that a crash interrupted
        continue;
      }
      const id = name.slice(0, -'.json'.length);
      if (!name.endsWith('.json') || !ID_PATTERN.test(id)) continue;
      try {
        const record = sessionRecordSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
        if (record.id === id) this.sessions.set(id, record);
      } catch (err) {
        // Not ours or damaged by hand: keep it aside for a human rather than delete it.
        this.options.logger?.warn({ err, file }, 'unreadable session file set aside');
        await fs.rename(file, `${file}.bad`).catch(() => {});
      }
    }
    await this.expire();
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(id);
  }

  async create(record: SessionRecord): Promise<boolean> {
    if (this.sessions.has(record.id)) return false;
    this.sessions.set(record.id, record);
    // A new session is on disk before its creator hears of it.
    this.entry(record.id).dirty = true;
    await this.flush(record.id);
    return true;
  }

  async update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined> {
    const current = this.sessions.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.sessions.set(id, next);
    this.schedule(id);
    return next;
  }

  /** One process owns this store, and this runs without a pause: atomic as it stands. */
  async move(id: string, target: MoveTarget, options: MoveOptions = {}): Promise<MoveOutcome> {
    const current = this.sessions.get(id);
    if (!current) return { outcome: 'missing' };
    const s = current.state;
    if (options.ifSeq !== undefined && options.ifSeq !== s.seq) return { outcome: 'conflict', state: s };
    const now = options.now ?? Date.now();
    const gap = options.gap ?? 1;
    const paused = target.paused ?? s.paused;
    const same = target.h === s.h && target.v === s.v && target.f === s.f && paused === s.paused;
    const state = same && gap === 1 ? s : { h: target.h, v: target.v, f: target.f, paused, seq: s.seq + gap, at: now };
    this.sessions.set(id, { ...current, state, activeAt: now });
    this.schedule(id);
    return { outcome: state === s ? 'same' : 'moved', state };
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
    const pending = this.pending.get(id);
    if (pending?.timer) clearTimeout(pending.timer);
    await pending?.writing;
    this.pending.delete(id);
    await fs.rm(this.file(id), { force: true });
  }

  async expire(now = Date.now()): Promise<string[]> {
    const expired = [...this.sessions.values()].filter((s) => now - s.activeAt > this.ttlMs).map((s) => s.id);
    for (const id of expired) await this.delete(id);
    return expired;
  }

  async count(): Promise<number> {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    const flushes: Promise<void>[] = [];
    for (const [id, pending] of this.pending) {
      if (pending.timer) {
        clearTimeout(pending.timer);
        pending.timer = undefined;
      }
      if (pending.dirty || pending.writing) flushes.push(this.flush(id));
    }
    await Promise.all(flushes);
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private entry(id: string): Pending {
    let pending = this.pending.get(id);
    if (!pending) this.pending.set(id, (pending = { dirty: false }));
    return pending;
  }

  private schedule(id: string): void {
    const pending = this.entry(id);
    pending.dirty = true;
    if (pending.timer || pending.writing) return; // the running write or timer picks it up
    pending.timer = setTimeout(() => {
      pending.timer = undefined;
      void this.flush(id);
    }, this.flushDelayMs);
  }

  /** Writes the latest record if it changed, after any write already running; one at a time. */
  private async flush(id: string): Promise<void> {
    const pending = this.entry(id);
    while (pending.writing) await pending.writing;
    if (!pending.dirty) return;
    pending.dirty = false;
    const record = this.sessions.get(id);
    pending.writing = record ? this.atomicWrite(this.file(id), JSON.stringify(record)) : Promise.resolve();
    try {
      await pending.writing;
    } catch (err) {
      pending.dirty = true; // try again with the next change
      this.options.logger?.error({ err, id }, 'session write failed');
    } finally {
      pending.writing = undefined;
    }
    // Entries stay until delete(): a waiting flush holds this one, and a second entry for the
    // same id could let two writes race to the rename.
    if (pending.dirty && !pending.timer) this.schedule(id);
  }

  private async atomicWrite(file: string, text: string): Promise<void> {
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    // The rename itself is durable once the folder is synced (not possible on every platform).
    const dir = await fs.open(path.dirname(file), 'r').catch(() => undefined);
    await dir?.sync().catch(() => {});
    await dir?.close();
  }
}
