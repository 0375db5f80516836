// Co-presenters and the driver, with real socket.io clients: one presenter drives, the others'
// moves are refused until they ask and are handed the controls; a phone remote with its tab's
// seat drives with it; a driver who drops keeps the controls for the grace, on the hub's clock
// (moved by the test), then another presenter takes them. The same run against the file store
// (one process) and Redis (two processes, a presenter on each).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startRedis, type RedisServer } from '../helpers/redis.ts';
import type { Ack, DriverState, JoinResult, LiveState } from '../../shared/protocol.ts';
import { DRIVER_GRACE_MS } from '../../shared/driver.ts';
import { closeClients, connectClient, createSession, liveDecks, nextEvent, request, testClock, type TestSocket } from './helpers.ts';
import { FileSessionStore } from '../../server/live/stores/file-store.ts';
import { RedisConnection } from '../../server/live/stores/redis/connection.ts';
import { RedisSessionStore } from '../../server/live/stores/redis/store.ts';
import type { SessionRecord, SessionStore } from '../../server/live/stores/store.ts';
import { hashSecret } from '../../server/live/sessions/ids.ts';
import { tempDir } from '../helpers/server.ts';

type JoinAck = Ack<JoinResult>;
type MoveAck = Ack<{ state: LiveState }>;
type DriverAck = Ack<DriverState>;

const ADA = { seat: 'seat-ada-0001', name: 'Ada' };
const GRACE = { seat: 'seat-grace-0002', name: 'Grace' };

const move = (socket: TestSocket, h: number) => request<MoveAck>(socket, 'presenter:navigate', { h, v: 0, f: -1 });
const driverOf = (state: DriverState) => state.driver?.seat;

/** The whole story; `urlA` and `urlB` may be two processes on one Redis. */
async function handOverStory(urlA: string, urlB: string, clock: ReturnType<typeof testClock>): Promise<void> {
  const s = await createSession(urlA, 'talk');
  const join = async (url: string, seat?: { seat: string; name: string }) => {
    const socket = await connectClient(url);
    const ack = await request<JoinAck>(socket, 'session:join', { session: s.id, key: s.presenterKey, ...seat });
    assert.ok(ack.ok, JSON.stringify(ack));
    return { socket, ack };
  };

  // The first presenter drives; the second is told who does.
  const ada = await join(urlA, ADA);
  assert.equal(driverOf(ada.ack.driver!), ADA.seat);
  assert.equal(ada.ack.driver!.driver!.name, 'Ada');
  const grace = await join(urlB, GRACE);
  assert.deepEqual([driverOf(grace.ack.driver!), grace.ack.driver!.seat, grace.ack.driver!.graceMs], [ADA.seat, GRACE.seat, DRIVER_GRACE_MS]);

  // Everything that changes what the room sees is refused to her, through the one gate.
  assert.deepEqual(await move(grace.socket, 1), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(grace.socket, 'presenter:step', { to: 'next' }), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(grace.socket, 'presenter:timer', { action: 'start' }), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(grace.socket, 'presenter:questions', { mode: 'off' }), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(grace.socket, 'presenter:end', {}), { ok: false, error: 'not-driver' });
  assert.ok((await move(ada.socket, 1)).ok);

  // A remote without a seat is not the driver; Ada's phone, with her seat, drives with her.
  const stray = await join(urlB);
  assert.deepEqual(await move(stray.socket, 2), { ok: false, error: 'not-driver' });
  const phone = await join(urlB, { seat: ADA.seat, name: 'Ada' });
  const moved = await move(phone.socket, 2);
  assert.ok(moved.ok && moved.state.h === 2);

  // Grace asks; Ada is told, and hands over.
  assert.deepEqual(await request(grace.socket, 'presenter:driver', { action: 'hand-over' }), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(ada.socket, 'presenter:driver', { action: 'hand-over' }), { ok: false, error: 'no-request' });
  const asked = nextEvent(ada.socket, 'session:driver', (state) => state.driver?.request?.seat === GRACE.seat);
  const requested = await request<DriverAck>(grace.socket, 'presenter:driver', { action: 'request' });
  assert.ok(requested.ok && requested.driver?.request?.name === 'Grace');
  await asked;
  const told = nextEvent(grace.socket, 'session:driver', (state) => driverOf(state) === GRACE.seat);
  const handed = await request<DriverAck>(ada.socket, 'presenter:driver', { action: 'hand-over' });
  assert.ok(handed.ok && driverOf(handed) === GRACE.seat && handed.driver?.request === undefined);
  await told;

  // Grace drives now; Ada, and her phone with her, do not.
  assert.ok((await move(grace.socket, 3)).ok);
  assert.deepEqual(await move(ada.socket, 0), { ok: false, error: 'not-driver' });
  assert.deepEqual(await move(phone.socket, 0), { ok: false, error: 'not-driver' });

  // Grace's connection drops: the controls stay hers for the grace, then Ada takes them.
  const dropped = nextEvent(ada.socket, 'session:driver', (state) => state.driver?.leftAt !== undefined);
  grace.socket.close();
  await dropped;
  assert.deepEqual(await move(ada.socket, 0), { ok: false, error: 'not-driver' });
  assert.deepEqual(await request(ada.socket, 'presenter:driver', { action: 'claim' }), { ok: false, error: 'not-driver' });
  clock.advance(DRIVER_GRACE_MS + 1);
  const taken = nextEvent(phone.socket, 'session:driver', (state) => driverOf(state) === ADA.seat);
  const after = await move(ada.socket, 0);
  assert.ok(after.ok && after.state.h === 0, JSON.stringify(after));
  await taken;

  // Grace comes back: Ada keeps driving.
  const back = await join(urlA, GRACE);
  assert.equal(driverOf(back.ack.driver!), ADA.seat);
  assert.deepEqual(await move(back.socket, 1), { ok: false, error: 'not-driver' });
}

/** setDriver is a compare-and-set: of racing changes from one driver, one wins; the driver survives a reload of the store. */
async function setDriverContract(store: SessionStore, reopen: () => Promise<SessionStore>): Promise<void> {
  const now = Date.now();
  const record: SessionRecord = {
    id: 'DRV234',
    deck: 'talk',
    keyHash: hashSecret('key'),
    state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: now },
    timer: { running: false, elapsedMs: 0, at: now },
    createdAt: now,
    activeAt: now,
  };
  assert.equal(await store.create(record), true);
  const ada = { ...ADA, since: now };
  assert.equal(await store.setDriver('DRV234', ada, undefined), 'set');
  const racing = await Promise.all([
    store.setDriver('DRV234', { ...GRACE, since: now + 1 }, ada),
    store.setDriver('DRV234', { ...ada, leftAt: now + 1 }, ada),
    store.setDriver('DRV234', { ...ada, request: { ...GRACE, at: now + 1 } }, { ...ada }),
  ]);
  assert.deepEqual(racing.filter((r) => r === 'set').length, 1, JSON.stringify(racing));
  assert.deepEqual((await store.get('DRV234'))!.driver, { ...GRACE, since: now + 1 });
  assert.equal(await store.setDriver('NOPE23', ada, undefined), 'missing');
  const again = await reopen();
  assert.deepEqual((await again.get('DRV234'))!.driver, { ...GRACE, since: now + 1 });
  assert.equal(await again.setDriver('DRV234', undefined, { ...GRACE, since: now + 1 }), 'set');
  assert.equal((await again.get('DRV234'))!.driver, undefined);
}

describe('the driver, file store', () => {
  let server: TestServer;
  const clock = testClock();

  before(async () => {
    server = await startServer({ decksDir: await liveDecks() }, { live: { clock: clock.now } });
  });
  afterEach(() => closeClients());
  after(() => server.close());

  test('request, hand over, refused moves, a remote with its seat, a dropped driver replaced after the grace', async () => {
    await handOverStory(server.url, server.url, clock);
  });

  test('setDriver: compare-and-set, kept on disk', async () => {
    const dir = await tempDir('lectern-driver-store-');
    const store = new FileSessionStore(dir, { flushDelayMs: 5 });
    await store.open();
    await setDriverContract(store, async () => {
      await store.close();
      const reopened = new FileSessionStore(dir);
      await reopened.open();
      return reopened;
    });
  });

  test('a driver back within the grace drives on; a decline keeps the controls', async () => {
    const s = await createSession(server.url, 'talk');
    const join = async (seat: { seat: string; name: string }) => {
      const socket = await connectClient(server.url);
      assert.ok((await request<JoinAck>(socket, 'session:join', { session: s.id, key: s.presenterKey, ...seat })).ok);
      return socket;
    };
    const ada = await join(ADA);
    const grace = await join(GRACE);
    const dropped = nextEvent(grace, 'session:driver', (state) => state.driver?.leftAt !== undefined);
    ada.close();
    await dropped;
    clock.advance(DRIVER_GRACE_MS - 1000);
    const again = await join(ADA);
    assert.ok((await move(again, 2)).ok);
    clock.advance(5000);
    assert.deepEqual(await move(grace, 1), { ok: false, error: 'not-driver' }, 'the driver came back: no take-over');
    assert.ok((await request<DriverAck>(grace, 'presenter:driver', { action: 'request' })).ok);
    const declined = await request<DriverAck>(again, 'presenter:driver', { action: 'decline' });
    assert.ok(declined.ok && driverOf(declined) === ADA.seat && declined.driver?.request === undefined);
    // Names are text, one line, short.
    const odd = await connectClient(server.url);
    const ack = await request<JoinAck>(odd, 'session:join', { session: s.id, key: s.presenterKey, seat: 'seat-odd-00003', name: 'Eve\u202e\n<b>x</b>'.padEnd(60, '!') });
    assert.ok(ack.ok);
    assert.ok((await request<DriverAck>(odd, 'presenter:driver', { action: 'request' })).ok);
    const read = await request<DriverAck>(again, 'presenter:driver', { action: 'decline' });
    assert.ok(read.ok);
    assert.deepEqual(await request(odd, 'session:join', { session: s.id, key: s.presenterKey, seat: 'no' }), { ok: false, error: 'bad-request' });
  });
});

describe('the driver, Redis store, two processes', () => {
  let redis: RedisServer;
  let a: TestServer;
  let b: TestServer;
  const clock = testClock();

  before(async () => {
    redis = await startRedis();
    const decksDir = await liveDecks();
    a = await startServer({ decksDir, redisUrl: redis.url }, { live: { clock: clock.now } });
    b = await startServer({ decksDir, redisUrl: redis.url }, { live: { clock: clock.now } });
  });
  afterEach(() => closeClients());
  after(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  test('the same story with a presenter on each process', async () => {
    await handOverStory(a.url, b.url, clock);
  });

  test('setDriver: compare-and-set in Redis, seen by another connection', async () => {
    const one = await RedisConnection.connect(redis.url);
    const two = await RedisConnection.connect(redis.url);
    try {
      await setDriverContract(new RedisSessionStore(one, { prefix: 'cas:' }), async () => new RedisSessionStore(two, { prefix: 'cas:' }));
    } finally {
      await one.close();
      await two.close();
    }
  });
});
