// Follower counts (issue #3: `session:presence`; issue #5: correct across processes). The hub
// counts its own connections; a Presence turns that into the session's count. One process: its
// own count is the count. Several (redis/presence.ts): each process reports its share and sums
// everyone's, and because others' shares change without this process hearing of it, the hub
// polls while it has members in the session.
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
