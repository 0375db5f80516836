// RedisSessionStore and RedisPresence against a real redis-server: the SessionStore
// contract, seq assigned atomically in Redis, expiry through Redis's TTL, presence summed over
// processes, and a clear "unavailable" while Redis is away.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisConnection } from '../../server/live/stores/redis/connection.ts';
import { RedisSessionStore } from '../../server/live/stores/redis/store.ts';
import { RedisPresence } from '../../server/live/stores/redis/presence.ts';
import { LecternError } from '../../shared/errors.ts';
import type { SessionRecord } from '../../server/live/stores/store.ts';
import { hashSecret } from '../../server/live/sessions/ids.ts';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.ts';
import { keptLogger } from '../helpers/log.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult } from '../../shared/protocol.ts';
import { closeClients, connectClient, createSession, liveDecks, nextEvent, postSession, request } from '../live/helpers.ts';
import {  } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';


function record(id: string, now = Date.now()): SessionRecord {
  return {
    id,
    deck: 'talk',
    keyHash: hashSecret(`key-${id}`),
    state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: now },
    timer: { running: false, elapsedMs: 0, at: now },
    createdAt: now,
    activeAt: now,
  };
}

describe('Redis session store', () => {
  let redis: RedisServer;
  let connection: RedisConnection;
  let store: RedisSessionStore;
  const kept = keptLogger();

  before(async () => {
    redis = await startRedis();
    connection = await RedisConnection.connect(redis.url, { logger: kept.logger });
    store = new RedisSessionStore(connection, { ttlMs: 60_000 });
    await store.open();
  });
  after(async () => {
    await connection.close();
    await redis.stop();
  });

  test('create, get, refuse a taken id; the key expires with Redis TTL', async () => {
    assert.equal(await store.create(record('AAAAAA')), true);
    assert.equal(await store.create(record('AAAAAA')), false);
    assert.deepEqual(await store.get('AAAAAA'), record('AAAAAA', (await store.get('AAAAAA'))!.createdAt));
    assert.equal(await store.get('BBBBBB'), undefined);
    const ttl = await connection.store.pTTL(store.sessionKey('AAAAAA'));
    assert.ok(ttl > 50_000 && ttl <= 60_000, `TTL ${ttl}`);
  });

  test('move assigns seq in Redis: one step per change, none for the same position', async () => {
    await store.create(record('MOVE22'));
    const a = await store.move('MOVE22', { h: 1, v: 0, f: -1, paused: false });
    assert.equal(a.outcome, 'moved');
    assert.ok(a.outcome === 'moved' && a.state.seq === 2 && a.state.h === 1);
    const same = await store.move('MOVE22', { h: 1, v: 0, f: -1, paused: false });
    assert.ok(same.outcome === 'same' && same.state.seq === 2);
    const paused = await store.move('MOVE22', { h: 1, v: 0, f: -1, paused: true });
    assert.ok(paused.outcome === 'moved' && paused.state.seq === 3 && paused.state.paused);
    assert.deepEqual((await store.get('MOVE22'))!.state, paused.state);
    assert.deepEqual(await store.move('NOPE22', { h: 1, v: 0, f: -1, paused: false }), { outcome: 'missing' });
  });

  test('ifSeq: a move computed from an old state is refused with the current one', async () => {
    await store.create(record('CAS222'));
    const moved = await store.move('CAS222', { h: 2, v: 0, f: -1, paused: false }, { ifSeq: 1 });
    assert.equal(moved.outcome, 'moved');
    const stale = await store.move('CAS222', { h: 3, v: 0, f: -1, paused: false }, { ifSeq: 1 });
    assert.ok(stale.outcome === 'conflict' && stale.state.seq === 2 && stale.state.h === 2);
  });

  test('concurrent moves from two connections get distinct, gapless seqs', async () => {
    const other = await RedisConnection.connect(redis.url);
    const store2 = new RedisSessionStore(other, { ttlMs: 60_000 });
    try {
      await store.create(record('RACE22'));
      const moves = Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? store : store2).move('RACE22', { h: i + 1, v: 0, f: -1, paused: false }),
      );
      const seqs = (await Promise.all(moves)).map((m) => (m.outcome === 'moved' ? m.state.seq : -1)).sort((a, b) => a - b);
      assert.deepEqual(seqs, Array.from({ length: 40 }, (_, i) => i + 2));
      const last = await store.get('RACE22');
      assert.equal(last!.state.seq, 41);
    } finally {
      await other.close();
    }
  });

  test('a gap re-publishes the same position with a much newer seq', async () => {
    await store.create(record('GAP222'));
    const bumped = await store.move('GAP222', { h: 0, v: 0, f: -1, paused: false }, { gap: 1000 });
    assert.ok(bumped.outcome === 'moved' && bumped.state.seq === 1001);
  });

  test('update: timer and activity; a state never takes seq back', async () => {
    await store.create(record('UPD222'));
    await store.move('UPD222', { h: 2, v: 0, f: -1, paused: false });
    const timer = { running: true, elapsedMs: 5, at: 42 };
    const activeAt = Date.now() + 1;
    const updated = await store.update('UPD222', { timer, activeAt, state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: 1 } });
    assert.deepEqual(updated!.timer, timer);
    assert.equal(updated!.activeAt, activeAt);
    assert.equal(updated!.state.h, 2, 'an older seq is not written');
    assert.equal(await store.update('GONE22', { activeAt: 1 }), undefined);
  });

  test('expire removes idle sessions once, whichever process sweeps; count skips them', async () => {
    const now = Date.now();
    await store.create({ ...record('IDLE22'), activeAt: now - 120_000 });
    await store.create(record('BUSY22'));
    const before = await store.count();
    const other = await RedisConnection.connect(redis.url);
    try {
      const store2 = new RedisSessionStore(other, { ttlMs: 60_000 });
      const [a, b] = await Promise.all([store.expire(now), store2.expire(now)]);
      assert.deepEqual([...a, ...b], ['IDLE22']);
      assert.equal(await store.get('IDLE22'), undefined);
      assert.ok(await store.get('BUSY22'));
      assert.equal(await store.count(), before);
    } finally {
      await other.close();
    }
  });

  test('sessions no presenter takes up: gone at their deadline on every process, counted for nothing; a claimed one stays', async () => {
    const t0 = Date.now();
    let now = t0;
    const other = await RedisConnection.connect(redis.url);
    try {
      const a = new RedisSessionStore(connection, { prefix: 'pending:', ttlMs: 60 * 60_000, clock: () => now });
      const b = new RedisSessionStore(other, { prefix: 'pending:', ttlMs: 60 * 60_000, clock: () => now });
      const waiting = (id: string) => ({ ...record(id, t0), pendingUntil: t0 + 600_000, creator: '203.0.113.9' });
      assert.equal(await a.create(waiting('PEND22')), true);
      assert.equal(await a.create(waiting('CLAM22')), true);
      const pttl = await connection.store.pTTL(a.sessionKey('PEND22'));
      assert.ok(pttl > 590_000 && pttl <= 600_000, `Redis drops a waiting session at its deadline by itself too: ${pttl}`);
      now = t0 + 300_000;
      const claimed = await b.update('CLAM22', { activeAt: now, claimed: true });
      assert.equal(claimed?.pendingUntil, undefined);
      assert.ok((await connection.store.pTTL(a.sessionKey('CLAM22'))) > 3_000_000, 'claimed: the full TTL');
      assert.equal(await a.count(), 2);
      now = t0 + 600_000;
      assert.equal(await a.get('PEND22'), undefined, 'past its deadline: not found');
      assert.equal(await a.count(), 1, 'and not counted');
      assert.equal(await b.update('PEND22', { activeAt: now, claimed: true }), undefined, 'too late to claim');
      const [x, y] = await Promise.all([a.expire(), b.expire()]);
      assert.deepEqual([...x, ...y], ['PEND22'], 'dropped once, whichever process sweeps');
      assert.equal(await connection.store.exists(a.sessionKey('PEND22')), 0);
      assert.equal(await connection.store.zScore(a.pendingKey, 'PEND22'), null);
      assert.ok(await b.get('CLAM22'));
    } finally {
      await other.close();
    }
  });

  test('caps: the total and each creator\'s share, checked in the create step; lapsed sessions count for nothing', async () => {
    const t0 = Date.now();
    const store2 = new RedisSessionStore(connection, { prefix: 'caps:', ttlMs: 60 * 60_000 });
    const caps = { total: 4, perCreator: 2 };
    const mine = (id: string, at = t0) => ({ ...record(id, at), creator: '2001:db8:1:2::/64', pendingUntil: at + 600_000 });
    // Concurrent creates from one creator: exactly its share gets in.
    const racing = await Promise.allSettled(['AAA222', 'AAB222', 'AAC222', 'AAD222'].map((id) => store2.create(mine(id), caps)));
    assert.equal(racing.filter((r) => r.status === 'fulfilled' && r.value).length, 2);
    assert.ok(racing.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof LecternError && (r as PromiseRejectedResult).reason.code === 'too-many-from-address'));
    assert.equal(await store2.create({ ...record('BBA222', t0), creator: '203.0.113.1' }, caps), true);
    assert.equal(await store2.create(record('BBB222', t0), caps), true, "the operator's count only towards the total");
    await assert.rejects(store2.create({ ...record('BBC222', t0), creator: '203.0.113.2' }, caps), (err) => err instanceof LecternError && err.code === 'too-many-sessions');
    // Ten minutes on, the creator's two unclaimed sessions count no more.
    assert.equal(await store2.create(mine('AAE222', t0 + 600_000), caps), true);
    assert.equal(await store2.create(mine('AAF222', t0 + 600_000), caps), true);
  });

  test('presence: shares of every process add up; a dead process drops out', async () => {
    const other = await RedisConnection.connect(redis.url);
    try {
      const p1 = new RedisPresence(store, { staleMs: 400 });
      const p2 = new RedisPresence(new RedisSessionStore(other), { staleMs: 400 });
      assert.equal(await p1.report('PRES22', 3), 3);
      assert.equal(await p2.report('PRES22', 4), 7);
      assert.equal(await p1.total('PRES22', 5), 9, 'own share as it is now');
      assert.equal(await p1.report('PRES22', 0), 4);
      // p2 stops renewing, as if killed: its share lapses on Redis's clock (TIME), which no test moves.
      await waitFor("p2's share to lapse", async () => (await p1.total('PRES22', 0)) === 0, { timeoutMs: 3000 });
      assert.equal(await p1.total('PRES22', 0), 0);
    } finally {
      await other.close();
    }
  });

  test('Redis away: commands fail fast as store-unavailable, status goes down, and comes back; logged once per outage', async () => {
    await store.create(record('DOWN22'));
    const statuses: boolean[] = [];
    const unwatch = store.watchAvailability((up) => statuses.push(up));
    let clientErrors = 0;
    const countError = () => clientErrors++;
    connection.store.on('error', countError);
    await redis.stop();
    await waitFor('the client to see Redis go', () => !connection.store.isReady, { timeoutMs: 3000 });
    const started = Date.now();
    await assert.rejects(store.move('DOWN22', { h: 1, v: 0, f: -1, paused: false }), (err) => err instanceof LecternError && err.code === 'store-unavailable');
    assert.ok(Date.now() - started < 1000);
    assert.equal(store.available, false);
    // Several failed reconnection attempts, each an 'error' from the client.
    await waitFor('three reconnection errors', () => clientErrors >= 3, { timeoutMs: 5000 });
    connection.store.off('error', countError);
    await redis.restart();
    await waitFor('the store to be available again', () => store.available, { timeoutMs: 5000 });
    assert.equal(store.available, true);
    assert.deepEqual(statuses, [false, true]);
    const moved = await store.move('DOWN22', { h: 1, v: 0, f: -1, paused: false });
    assert.equal(moved.outcome, 'moved', 'the session survived the restart (appendonly)');
    unwatch();
    await waitFor('the adapter client to reconnect', () => connection.adapter.isReady, { timeoutMs: 5000 });
    const said = (msg: string) => kept.lines.filter((l) => l.msg === msg).map((l) => l.client).sort();
    assert.deepEqual(said('lost the connection to Redis; reconnecting'), ['adapter', 'store'], 'one warning per client, not one per retry');
    assert.deepEqual(said('reconnected to Redis'), ['adapter', 'store']);
  });

  test('an unreachable Redis at start is one error naming REDIS_URL', async () => {
    const port = await freePort();
    await assert.rejects(RedisConnection.connect(`redis://:secret@127.0.0.1:${port}`, { connectTimeoutMs: 300 }), (err: Error) => {
      assert.ok(err instanceof LecternError && err.code === 'redis-unavailable');
      assert.match(err.message, /REDIS_URL=redis:\/\/:\*\*\*@127\.0\.0\.1/);
      assert.ok(!err.message.includes('secret'));
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    await assert.rejects(RedisConnection.connect('http://example'), /REDIS_URL=.* is not a Redis URL/);
  });
});

describe('sessions no presenter takes up, on a server with REDIS_URL', () => {
  let redis: RedisServer;
  let server: TestServer;
  let now = Date.now();
  before(async () => {
    redis = await startRedis();
    server = await startServer({ decksDir: await liveDecks(), redisUrl: redis.url }, { live: { clock: () => now, sweepIntervalMs: 25, maxSessionsPerAddress: 1 } });
  });
  after(async () => {
    closeClients();
    await server.close();
    await redis.stop();
  });

  test('are dropped after ten minutes and announced; the address gets its share back; a joined one stays', async () => {
    const waiting = await createSession(server.url, 'talk', undefined, '198.51.100.80');
    assert.equal((await postSession(server.url, 'talk', { from: '198.51.100.80' })).status, 429);
    const taken = await createSession(server.url, 'talk', undefined, '198.51.100.81');
    const presenter = await connectClient(server.url);
    assert.ok((await request<Ack<JoinResult>>(presenter, 'session:join', { session: taken.id, key: taken.presenterKey })).ok);
    const follower = await connectClient(server.url);
    assert.ok((await request<Ack<JoinResult>>(follower, 'session:join', { session: waiting.id })).ok);
    const ended = nextEvent(follower, 'session:ended');
    now += 10 * 60_000 + 1000;
    assert.equal((await fetch(`${server.url}/api/sessions/${waiting.id}`)).status, 404);
    assert.deepEqual((await ended)[0], { session: waiting.id, reason: 'expired' });
    assert.equal((await fetch(`${server.url}/api/sessions/${taken.id}`)).status, 200);
    assert.equal((await postSession(server.url, 'talk', { from: '198.51.100.80' })).status, 201);
  });

  test('presenter:end: followers on the same process hear it (the adapter broadcasts only after a round trip to Redis)', async () => {
    const s = await createSession(server.url, 'talk', undefined, '198.51.100.82');
    const presenter = await connectClient(server.url);
    assert.ok((await request<Ack<JoinResult>>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    const follower = await connectClient(server.url);
    assert.ok((await request<Ack<JoinResult>>(follower, 'session:join', { session: s.id })).ok);
    const ended = nextEvent(follower, 'session:ended');
    assert.ok((await request<Ack>(presenter, 'presenter:end', {})).ok);
    assert.deepEqual((await ended)[0], { session: s.id, reason: 'ended' });
  });
});
