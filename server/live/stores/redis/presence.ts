// Follower counts summed over every Lectern process. Each process owns one field per
// session, renewed on every report; a process killed outright stops renewing and its followers
// stop counting after `staleMs`, by when they have reconnected elsewhere and count there.
import { randomBytes } from 'node:crypto';
import type { Presence } from '../../membership/presence.ts';
import { PRESENCE } from './scripts.ts';
import type { RedisSessionStore } from './store.ts';

export interface RedisPresenceOptions {
  /** A share not renewed for this long is dropped; the hub renews well within it. */
  staleMs?: number;
}

export class RedisPresence implements Presence {
  readonly shared = true;
  /** This process's name in the presence hashes. */
  readonly processId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly staleMs: number;
  /** What this process last reported per session. */
  private reported = new Map<string, number>();

  constructor(
    private readonly store: RedisSessionStore,
    options: RedisPresenceOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 6000;
  }

  async report(id: string, local: number): Promise<number> {
    const total = await this.store.runScript(PRESENCE, [this.store.presenceKey(id)], [this.processId, local, this.staleMs]);
    if (local > 0) this.reported.set(id, local);
    else this.reported.delete(id);
    return Number(total);
  }

  async total(id: string, local: number): Promise<number> {
    const total = await this.store.runScript(PRESENCE, [this.store.presenceKey(id)], [this.processId, '', this.staleMs]);
    // This process's share as it is now, not as last reported (reports are coalesced).
    return Number(total) - (this.reported.get(id) ?? 0) + local;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.reported.keys()].map((id) => this.report(id, 0)));
  }
}
