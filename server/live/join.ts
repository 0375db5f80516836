// `session:join` (issue #3): with the presenter key to present, without it to follow; a wrong
// key is refused, never demoted. Joins are paced per connection. The key is always checked, and
// only wrong keys count against the key limits (per connection, and per address and session),
// so nobody else's guessing, on the same network or the same session, refuses the right key.
// Lookups of ids that do not exist count against the address's misses, shared with the HTTP
// routes: past that allowance the address learns nothing about which ids exist. The ack carries
// the snapshot the client always applies. A connection healed by socket.io's connection state
// recovery re-enters without a join.
import { isLoopbackAddress } from '../net/address.ts';
import type { DeckShapes } from './shapes.ts';
import type { JoinResult, LiveRole, LiveState } from './protocol.ts';
import { secretMatches } from './ids.ts';
import { KeyedLimiter, type BucketOptions, type TokenBucket } from './rate-limit.ts';
import { addressKey } from './address.ts';
import { joinSchema } from './schemas.ts';
import type { FollowerCounts } from './follower-counts.ts';
import type { SessionStore } from './store.ts';
import { membership, setMembership, type LiveSocket, type Members } from './members.ts';
import { replier, storeFailure } from './requests.ts';
import { seen, type LiveSession, type LiveSessions } from './sessions.ts';

/** A connection's join allowances. */
export interface JoinBuckets {
  joins: TokenBucket;
  /** Wrong presenter keys. */
  wrongKeys: TokenBucket;
}

/** Whether to believe a hop's X-Forwarded-For: express's compiled `trust proxy` (TRUST_PROXY). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** Trusts the proxies on this machine only, express's "loopback". */
export const TRUST_LOOPBACK: TrustProxy = (address) => isLoopbackAddress(address);

/**
 * The client's address as express's req.ip finds it: X-Forwarded-For read from the nearest hop
 * back, believed only while each hop is a trusted proxy, so a client cannot name its own address.
 */
export function clientAddress(direct: string, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const list = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const hops = [direct, ...list.split(',').map((a) => a.trim()).filter(Boolean).reverse()];
  for (let i = 0; i < hops.length - 1; i++) if (!trust(hops[i], i)) return hops[i];
  return hops[hops.length - 1];
}

export class Joins {
  /** Wrong keys by address and session. */
  private readonly wrongKeys: KeyedLimiter;

  constructor(
    private readonly sessions: LiveSessions,
    private readonly members: Members,
    private readonly store: SessionStore,
    private readonly shapes: DeckShapes,
    private readonly counts: FollowerCounts,
    wrongKeysPerAddress: BucketOptions,
    /** Misses (unknown ids) by address, shared with the HTTP routes. */
    private readonly misses: KeyedLimiter,
    private readonly trust: TrustProxy = TRUST_LOOPBACK,
  ) {
    this.wrongKeys = new KeyedLimiter(wrongKeysPerAddress);
  }

  /** A short drop healed by connection state recovery: socket.data and the rooms came back, the count did not. */
  recover(socket: LiveSocket): void {
    const recovered = membership(socket);
    if (!socket.recovered || !recovered) return;
    // With Redis the connection may have been recovered by another process than before.
    void this.sessions.load(recovered.session).then(
      (session) => {
        if (session && socket.connected) this.members.enter(socket, session, recovered.role);
        else setMembership(socket, undefined);
      },
      () => setMembership(socket, undefined),
    );
  }

  async join(socket: LiveSocket, buckets: JoinBuckets, payload: unknown, ack: unknown): Promise<void> {
    const reply = replier<JoinResult>(ack);
    if (!buckets.joins.take()) return reply({ ok: false, error: 'rate-limited' });
    const parsed = joinSchema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
    const { session: id, key } = parsed.data;
    const address = addressKey(clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], this.trust));
    // Past its misses an address may still present with the right key, and learns nothing else.
    const guessing = this.misses.waitMs(address) > 0;
    if (guessing && key === undefined) return reply({ ok: false, error: 'rate-limited' });
    const session = await this.sessions.load(id).catch(storeFailure);
    if (session === 'store-unavailable') return reply({ ok: false, error: session });
    if (!session) {
      this.misses.take(address);
      return reply({ ok: false, error: guessing ? 'rate-limited' : 'unknown-session' });
    }
    if (key !== undefined && !secretMatches(key, session.keyHash)) {
      const withinConnection = buckets.wrongKeys.take();
      const withinAddress = this.wrongKeys.take(`${address} ${id}`);
      return reply({ ok: false, error: withinConnection && withinAddress && !guessing ? 'bad-key' : 'rate-limited' });
    }
    const role: LiveRole = key === undefined ? 'follower' : 'presenter';
    const extra: Partial<JoinResult> = {};
    if (role === 'presenter') {
      const claimed = await this.sessions.presenterJoined(session).catch(storeFailure);
      if (claimed !== true) return reply({ ok: false, error: claimed === 'store-unavailable' ? claimed : 'unknown-session' });
      await this.shapes.shape(session.deck);
      extra.notes = await this.shapes.notes(session.deck);
    }
    if (socket.disconnected || !this.sessions.byId.has(id)) return;
    this.members.enter(socket, session, role);
    // Read the state last: it is at least as new as any broadcast this socket got since entering.
    const read = await Promise.all([this.store.get(id), this.counts.total(id)]).catch(storeFailure);
    if (read === 'store-unavailable' || !read[0]) {
      this.members.exit(socket);
      return reply({ ok: false, error: read === 'store-unavailable' ? read : 'unknown-session' });
    }
    const [record, followers] = read;
    const state = seen(session, record.state);
    const result: JoinResult = { role, session: id, deck: session.deck, state, followers, ...extra };
    if (role === 'presenter') result.timer = record.timer;
    if (typeof ack === 'function') reply({ ok: true, ...result });
    else socket.emit('session:state', state);
    if (this.store.shared) await this.recheck(socket, session, state);
  }

  /**
   * Shared store only: a move made on another process can reach this socket (through the
   * adapter's connection to Redis) before the reply to our read of the state (through the
   * store's), so the snapshot just sent may be older than a broadcast the client already has.
   * A second read after the ack finds that move, and the client gets it again, as a broadcast.
   */
  private async recheck(socket: LiveSocket, session: LiveSession, sent: LiveState): Promise<void> {
    const again = await this.store.get(session.id).catch(() => undefined);
    if (again && again.state.seq > sent.seq && socket.connected) socket.emit('session:state', seen(session, again.state));
  }
}
