// The follower counts behind `session:presence` and `followers` in the API, for one process's
// hub. Alone, a process's count is the count: a change is broadcast to the session's room,
// coalesced so thousands of joins at the start of a talk make a few broadcasts. Sharing sessions
// with other processes (stores/redis/presence.ts), it reports its share to the Presence and polls
// the total, because the others' shares change without it hearing of it; each process then
// tells only its own sockets, so no broadcast crosses Redis for presence at all.
import type { Logger } from 'pino';

/** Turns this process's count of a session's followers into the session's count. */
export interface Presence {
  /** True when other processes hold followers of the same sessions (poll for their changes). */
  readonly shared: boolean;
  /** Records this process's follower count of a session; resolves with the count everywhere. */
  report(id: string, local: number): Promise<number>;
  /** The count everywhere, given this process's (not recorded). */
  total(id: string, local: number): Promise<number>;
  /** Withdraws this process's shares (shutdown). */
  close(): Promise<void>;
}

/** One process: its own count is the count. */
export class LocalPresence implements Presence {
  readonly shared = false;

  async report(_id: string, local: number): Promise<number> {
    return local;
  }

  async total(_id: string, local: number): Promise<number> {
    return local;
  }

  async close(): Promise<void> {}
}

interface Entry {
  local: number;
  /** The count last sent to this session's sockets. */
  sent: number;
  timer?: NodeJS.Timeout;
}

/** `localOnly`: send to this process's sockets only (every process sends to its own). */
export type PresenceEmitter = (id: string, followers: number, localOnly: boolean) => void;

export interface FollowerCountsOptions {
  presence: Presence;
  emit: PresenceEmitter;
  /** Whether this process still has sockets (presenters too) in the session. */
  hasMembers: (id: string) => boolean;
  /** Counts are sent at most this often per session. */
  intervalMs: number;
  logger: Pick<Logger, 'warn' | 'info'>;
}

export class FollowerCounts {
  private entries = new Map<string, Entry>();
  private poll?: NodeJS.Timeout;
  private polling = false;
  private failing = false;
  private readonly presence: Presence;

  constructor(private readonly options: FollowerCountsOptions) {
    this.presence = options.presence;
    if (this.presence.shared) {
      this.poll = setInterval(() => void this.refresh(), options.intervalMs);
      this.poll.unref();
    }
  }

  /** This process's followers of the session. */
  local(id: string): number {
    return this.entries.get(id)?.local ?? 0;
  }

  /** The session's followers on every process. */
  total(id: string): Promise<number> {
    return this.presence.total(id, this.local(id));
  }

  /** `delta` 0: a presenter entered; it hears the count too. */
  add(id: string, delta: number): void {
    let entry = this.entries.get(id);
    if (!entry) this.entries.set(id, (entry = { local: 0, sent: 0 }));
    entry.local += delta;
    if (this.presence.shared || entry.timer) return; // the poll, or the pending timer, sends it
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (entry.local === entry.sent) return;
      entry.sent = entry.local;
      this.options.emit(id, entry.local, false);
    }, this.options.intervalMs);
    entry.timer.unref();
  }

  /** The session ended: no more counts for it. */
  forget(id: string): void {
    clearTimeout(this.entries.get(id)?.timer);
    this.entries.delete(id);
  }

  async close(): Promise<void> {
    clearInterval(this.poll);
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    await this.presence.close().catch(() => {});
  }

  /** Shared presence: report every share (renewing it) and send changed totals to our sockets. */
  private async refresh(): Promise<void> {
    if (this.polling) return; // Redis slower than the interval: skip a beat rather than pile up
    this.polling = true;
    try {
      await Promise.all(
        [...this.entries].map(async ([id, entry]) => {
          const total = await this.presence.report(id, entry.local);
          if (total !== entry.sent) {
            entry.sent = total;
            this.options.emit(id, total, true);
          }
          if (entry.local === 0 && !this.options.hasMembers(id)) this.entries.delete(id);
        }),
      );
      if (this.failing) this.options.logger.info('presence refresh works again');
      this.failing = false;
    } catch (err) {
      // Redis away: counts freeze until it is back; the store's status tells the presenters.
      if (!this.failing) this.options.logger.warn({ err }, 'presence refresh failed');
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}
