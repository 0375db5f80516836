// `session:join`: with the presenter key to present, without it to follow; a wrong
// key is refused, never demoted. Joins are paced per connection. The key is always checked, and
// only wrong keys count against the key limits (per connection, and per address and session),
// so nobody else's guessing, on the same network or the same session, refuses the right key.
// Lookups of ids that do not exist count against the address's misses, shared with the HTTP
// routes: past that allowance the address learns nothing about which ids exist. The ack carries
// the snapshot the client always applies. A connection healed by socket.io's connection state
// recovery re-enters without a join.
import type { LiveState } from '../../../shared/positions.ts';
import { joinSchema, type JoinResult, type LiveRole } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { secretMatches } from '../sessions/ids.ts';
import { KeyedLimiter, type TokenBucket } from '../rate-limit.ts';
import { addressKey, clientAddress } from '../address.ts';
import { membership, setMembership, type LiveSocket } from './members.ts';
import { failure, refused, replier } from '../acks.ts';
import { seen, type LiveSession } from '../sessions/sessions.ts';
import { connectionId } from '../audience/identity.ts';
import { seatOf } from '../presenter/driver.ts';

/** A connection's join allowances. */
export interface JoinBuckets {
  joins: TokenBucket;
  /** Wrong presenter keys. */
  wrongKeys: TokenBucket;
}

type JoinDeps = Pick<LiveDeps, 'sessions' | 'members' | 'store' | 'shapes' | 'counts' | 'limits' | 'misses' | 'trustProxy' | 'clock' | 'drivers'>;

/** What a join adds about the audience: the questions this member may see. */
export type AudienceSnapshotter = (session: LiveSession, role: LiveRole, who: string) => Promise<Pick<JoinResult, 'audience' | 'polls'>>;

export class Joins {
  /** Wrong keys by address and session. */
  private readonly wrongKeys: KeyedLimiter;

  constructor(
    private readonly deps: JoinDeps,
    private readonly audience: AudienceSnapshotter,
  ) {
    this.wrongKeys = new KeyedLimiter(deps.limits.wrongKeysPerAddress, { clock: deps.clock });
  }

  /** A short drop healed by connection state recovery: socket.data and the rooms came back, the count did not. */
  recover(socket: LiveSocket): void {
    const recovered = membership(socket);
    if (!socket.recovered || !recovered) return;
    // With Redis the connection may have been recovered by another process than before.
    void this.deps.sessions.load(recovered.session).then(
      (session) => {
        if (session && socket.connected) this.deps.members.enter(socket, session, recovered.role, recovered.who, recovered.reactions, recovered);
        else setMembership(socket, undefined);
      },
      () => setMembership(socket, undefined),
    );
  }

  async join(socket: LiveSocket, buckets: JoinBuckets, payload: unknown, ack: unknown): Promise<void> {
    const { sessions, members, store, shapes, counts, misses, drivers } = this.deps;
    const reply = replier<JoinResult>(ack);
    if (!buckets.joins.take()) return reply(refused('rate-limited'));
    const parsed = joinSchema.safeParse(payload);
    if (!parsed.success) return reply(refused('bad-request'));
    const { session: id, key } = parsed.data;
    // A follower without an id of their own (a third-party remote) is one for this connection.
    const who = parsed.data.follower ?? membership(socket)?.who ?? connectionId();
    const address = addressKey(clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], this.deps.trustProxy));
    // Past its misses an address may still present with the right key, and learns nothing else.
    const guessing = misses.waitMs(address) > 0;
    if (guessing && key === undefined) return reply(refused('rate-limited'));
    const session = await sessions.load(id).catch(failure);
    if (typeof session === 'string') return reply(refused(session));
    if (!session) {
      misses.take(address);
      return reply(refused(guessing ? 'rate-limited' : 'unknown-session'));
    }
    if (key !== undefined && !secretMatches(key, session.keyHash)) {
      const withinConnection = buckets.wrongKeys.take();
      const withinAddress = this.wrongKeys.take(`${address} ${id}`);
      return reply(refused(withinConnection && withinAddress && !guessing ? 'bad-key' : 'rate-limited'));
    }
    const role: LiveRole = key === undefined ? 'follower' : 'presenter';
    const extra: Partial<JoinResult> = {};
    if (role === 'presenter') {
      const claimed = await sessions.presenterJoined(session).catch(failure);
      if (claimed !== true) return reply(refused(claimed === false ? 'unknown-session' : claimed));
      await shapes.shape(session.deck);
      extra.notes = await shapes.notes(session.deck);
    }
    if (socket.disconnected || !sessions.byId.has(id)) return;
    members.enter(socket, session, role, who, parsed.data.reactions, parsed.data);
    if (role === 'presenter') {
      const driver = await drivers.joined(session, membership(socket)!);
      if (typeof driver === 'string') {
        members.exit(socket);
        return reply(refused(driver));
      }
      extra.driver = { ...driver, seat: seatOf(membership(socket)!).seat };
    }
    // Read the state last: it is at least as new as any broadcast this socket got since entering.
    const read = await Promise.all([store.get(id), counts.total(id), this.audience(session, role, who)]).catch(failure);
    if (typeof read === 'string' || !read[0]) {
      members.exit(socket);
      return reply(refused(typeof read === 'string' ? read : 'unknown-session'));
    }
    const [record, followers, audience] = read;
    const state = seen(session, record.state);
    const result: JoinResult = { role, session: id, deck: session.deck, state, followers, ...audience, ...extra };
    if (role === 'presenter') result.timer = record.timer;
    if (typeof ack === 'function') reply({ ok: true, ...result });
    else socket.emit('session:state', state);
    if (store.shared) await this.recheck(socket, session, state);
  }

  /**
   * Shared store only: a move made on another process can reach this socket (through the
   * adapter's connection to Redis) before the reply to our read of the state (through the
   * store's), so the snapshot just sent may be older than a broadcast the client already has.
   * A second read after the ack finds that move, and the client gets it again, as a broadcast.
   */
  private async recheck(socket: LiveSocket, session: LiveSession, sent: LiveState): Promise<void> {
    const again = await this.deps.store.get(session.id).catch(() => undefined);
    if (again && again.state.seq > sent.seq && socket.connected) socket.emit('session:state', seen(session, again.state));
  }
}
