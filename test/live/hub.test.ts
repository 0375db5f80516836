// The live-session protocol with real socket.io clients against the real server. The hub's clock
// is the test's: rate limits refill when the test moves it, not after a sleep.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult, LiveState, TimerState } from '../../shared/protocol.ts';
import { closeClients, collect, connectClient, createSession, liveDecks, nextEvent, request, roundTrip, testClock, type TestSocket } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type JoinAck = Ack<JoinResult>;
type MoveAck = Ack<{ state: LiveState }>;

describe('live hub', () => {
  let server: TestServer;
  let decksDir: string;
  const clock = testClock();

  before(async () => {
    decksDir = await liveDecks();
    server = await startServer({ decksDir }, { live: { clock: clock.now } });
  });
  afterEach(() => closeClients());
  after(() => server.close());

  async function session(deck = 'talk') {
    const created = await createSession(server.url, deck);
    const presenter = await connectClient(server.url);
    const joined = await request<JoinAck>(presenter, 'session:join', { session: created.id, key: created.presenterKey });
    assert.equal(joined.ok, true);
    return { ...created, presenter };
  }

  async function follower(id: string): Promise<{ socket: TestSocket; ack: JoinAck }> {
    const socket = await connectClient(server.url);
    return { socket, ack: await request<JoinAck>(socket, 'session:join', { session: id }) };
  }

  async function liveState(id: string): Promise<LiveState> {
    return ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { state: LiveState }).state;
  }

  test('roles: a key makes a presenter with notes and timer; no key a follower without them', async () => {
    const s = await session();
    const again = await request<JoinAck>(s.presenter, 'session:join', { session: s.id, key: s.presenterKey });
    assert.ok(again.ok);
    assert.equal(again.role, 'presenter');
    assert.ok(again.notes?.some((n) => n.html.includes('SECRET-NOTE-ONE')));
    assert.equal(again.timer?.running, false);
    const { ack } = await follower(s.id.toLowerCase());
    assert.ok(ack.ok);
    assert.equal(ack.role, 'follower');
    assert.equal(ack.session, s.id);
    assert.equal(ack.notes, undefined);
    assert.equal(ack.timer, undefined);
    assert.ok(!JSON.stringify(ack).includes('SECRET-NOTE'));
  });

  test('followers cannot move: forbidden, and nothing changes', async () => {
    const s = await session();
    const before = await liveState(s.id);
    const { socket } = await follower(s.id);
    for (const [event, payload] of [
      ['presenter:navigate', { h: 2, v: 0, f: -1 }],
      ['presenter:step', { to: 'next' }],
      ['presenter:timer', { action: 'start' }],
    ] as const) {
      assert.deepEqual(await request(socket, event, payload), { ok: false, error: 'forbidden' }, event);
    }
    const stranger = await connectClient(server.url);
    assert.deepEqual(await request(stranger, 'presenter:navigate', { h: 2, v: 0, f: -1 }), { ok: false, error: 'not-joined' });
    assert.deepEqual(await liveState(s.id), before);
  });

  test('a wrong key is refused, not demoted: the socket joins nothing and hears nothing', async () => {
    const s = await session();
    const intruder = await connectClient(server.url);
    const heard = collect(intruder, 'session:state');
    const res = await request<JoinAck>(intruder, 'session:join', { session: s.id, key: `${s.presenterKey.slice(0, -2)}xx` });
    assert.deepEqual(res, { ok: false, error: 'bad-key' });
    assert.deepEqual(await request(intruder, 'presenter:navigate', { h: 1, v: 0, f: -1 }), { ok: false, error: 'not-joined' });
    await request(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: 0 });
    await roundTrip(intruder);
    assert.deepEqual(heard, []);
  });

  test('moves reach every follower with a growing seq; a late joiner lands on the live slide and fragment', async () => {
    const s = await session();
    const early = await follower(s.id);
    const seen = collect(early.socket, 'session:state');
    const moves = [
      { h: 1, v: 0, f: 0 },
      { h: 1, v: 0, f: 1 },
      { h: 2, v: 1, f: -1 },
    ];
    for (const move of moves) {
      const res = await request<MoveAck>(s.presenter, 'presenter:navigate', move);
      assert.ok(res.ok);
      assert.deepEqual({ h: res.state.h, v: res.state.v, f: res.state.f }, move);
    }
    await nextEvent(early.socket, 'session:state', (st) => st.h === 2, 2000);
    assert.deepEqual(seen.map(({ h, v, f }) => ({ h, v, f })), moves);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].seq > seen[i - 1].seq);
    const late = await follower(s.id);
    assert.ok(late.ack.ok);
    assert.deepEqual({ h: late.ack.state.h, v: late.ack.state.v, f: late.ack.state.f, seq: late.ack.state.seq }, { h: 2, v: 1, f: -1, seq: seen[2].seq });
  });

  test('out-of-range indices are refused and never stored; f is clamped; a repeat move is not a new state', async () => {
    const s = await session();
    await request(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 });
    const before = await liveState(s.id);
    for (const bad of [{ h: 4, v: 0, f: -1 }, { h: 1, v: 1, f: -1 }, { h: 2, v: 3, f: -1 }, { h: 99_999, v: 0, f: 0 }]) {
      assert.deepEqual(await request(s.presenter, 'presenter:navigate', bad), { ok: false, error: 'out-of-range' }, JSON.stringify(bad));
    }
    assert.deepEqual(await liveState(s.id), before);
    const clamped = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: 40 });
    assert.ok(clamped.ok);
    assert.equal(clamped.state.f, 1);
    const repeat = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: 1 });
    assert.ok(repeat.ok);
    assert.equal(repeat.state.seq, clamped.state.seq);
  });

  test('presenter:step walks the deck the way reveal.js does, for remotes that do not know it', async () => {
    const s = await session();
    const walk: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request<MoveAck>(s.presenter, 'presenter:step', { to: 'next' });
      assert.ok(res.ok);
      walk.push(`${res.state.h}.${res.state.v}.${res.state.f}`);
    }
    assert.deepEqual(walk, ['1.0.-1', '1.0.0', '1.0.1', '2.0.-1', '2.1.-1', '2.2.-1', '3.0.-1', '3.0.-1']);
    const back = await request<MoveAck>(s.presenter, 'presenter:step', { to: 'prev' });
    assert.ok(back.ok);
    assert.deepEqual([back.state.h, back.state.v], [2, 2]);
  });

  test('blackout: paused travels with the state and is kept by moves that leave it out', async () => {
    const s = await session();
    const { socket } = await follower(s.id);
    const paused = nextEvent(socket, 'session:state', (st) => st.paused);
    await request(s.presenter, 'presenter:navigate', { h: 0, v: 0, f: -1, paused: true });
    assert.equal((await paused)[0].paused, true);
    const moved = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 });
    assert.ok(moved.ok && moved.state.paused);
    const resumed = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1, paused: false });
    assert.ok(resumed.ok && !resumed.state.paused);
  });

  test('two presenter connections with the key drive the same session', async () => {
    const s = await session();
    const phone = await connectClient(server.url);
    assert.ok((await request<JoinAck>(phone, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    const laptopSees = nextEvent(s.presenter, 'session:state', (st) => st.h === 3);
    assert.ok((await request<MoveAck>(phone, 'presenter:navigate', { h: 3, v: 0, f: -1 })).ok);
    await laptopSees;
    assert.ok((await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 2, v: 0, f: -1 })).ok);
    assert.equal((await liveState(s.id)).h, 2);
  });

  test('presence: the follower count reaches the room and the API, and drops when followers leave', async () => {
    const s = await session();
    const counts = collect(s.presenter, 'session:presence');
    const a = await follower(s.id);
    const b = await follower(s.id);
    await follower(s.id);
    await nextEvent(s.presenter, 'session:presence', (p) => p.followers === 3, 3000);
    assert.equal(counts.at(-1)?.followers, 3);
    assert.ok(counts.length <= 2, `coalesced: ${counts.length} presence broadcasts for 3 joins`);
    a.socket.close();
    b.socket.close();
    await nextEvent(s.presenter, 'session:presence', (p) => p.followers === 1, 3000);
    const described = (await (await fetch(`${server.url}/api/sessions/${s.id}`)).json()) as { followers: number };
    assert.equal(described.followers, 1);
  });

  test('the timer is shared by presenters and never sent to followers', async () => {
    const s = await session();
    const { socket } = await follower(s.id);
    const followerTimers = collect(socket, 'session:timer');
    const heard = nextEvent(s.presenter, 'session:timer', (t) => t.running);
    const res = await request<Ack<{ timer: TimerState }>>(s.presenter, 'presenter:timer', { action: 'start' });
    assert.ok(res.ok && res.timer.running);
    await heard;
    await roundTrip(socket);
    assert.deepEqual(followerTimers, []);
  });

  test('presenter:end ends the session for everyone: followers hear it, the key and the link stop working', async () => {
    const s = await session();
    const { socket: reader } = await follower(s.id);
    const forbidden = await request<Ack>(reader, 'presenter:end', {});
    assert.deepEqual(forbidden, { ok: false, error: 'forbidden' }, 'a follower cannot end it');
    assert.deepEqual(await request<Ack>(s.presenter, 'presenter:end', { now: true }), { ok: false, error: 'bad-request' });
    assert.equal((await fetch(`${server.url}/api/sessions/${s.id}`)).status, 200, 'refused requests changed nothing');

    const heard = nextEvent(reader, 'session:ended');
    const presenterHeard = nextEvent(s.presenter, 'session:ended');
    assert.deepEqual(await request<Ack>(s.presenter, 'presenter:end', {}), { ok: true });
    assert.deepEqual((await heard)[0], { session: s.id, reason: 'ended' });
    assert.deepEqual((await presenterHeard)[0], { session: s.id, reason: 'ended' });

    assert.equal((await fetch(`${server.url}/api/sessions/${s.id}`)).status, 404);
    assert.deepEqual(await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 }), { ok: false, error: 'not-joined' });
    const late = await connectClient(server.url);
    assert.deepEqual(await request<JoinAck>(late, 'session:join', { session: s.id }), { ok: false, error: 'unknown-session' });
    assert.deepEqual(await request<JoinAck>(late, 'session:join', { session: s.id, key: s.presenterKey }), { ok: false, error: 'unknown-session' });
    // The follow page says so too.
    const page = await fetch(`${server.url}/live/${s.id}`);
    assert.equal(page.status, 404);
  });

  test('malformed payloads get { ok: false } and change nothing; the server lives on', async () => {
    const s = await session();
    const before = await liveState(s.id);
    const hostile = await connectClient(server.url);
    const joins: unknown[] = [
      undefined,
      null,
      42,
      'ABC234',
      [],
      [s.id],
      {},
      { session: 42 },
      { session: null },
      { session: { $ne: null } },
      { session: [s.id] },
      { session: '../../etc' },
      { session: '..\\..\\x' },
      { session: `${s.id}/../${s.id}` },
      { session: 'ABCDE' },
      { session: 'x'.repeat(5000) },
      { session: s.id, key: 42 },
      { session: s.id, key: { toString: 'x' } },
      { session: s.id, key: ['a'.repeat(32)] },
      { session: s.id, key: 'k'.repeat(5000) },
      { session: s.id, key: '' },
    ];
    let socket = hostile;
    for (const [i, payload] of joins.entries()) {
      // A fresh connection every few joins: these must fail on their shape, not on the join rate.
      if (i > 0 && i % 8 === 0) socket = await connectClient(server.url);
      const res = await request<JoinAck>(socket, 'session:join', payload);
      assert.deepEqual(res, { ok: false, error: 'bad-request' }, `join ${JSON.stringify(payload)?.slice(0, 50)}`);
    }
    assert.deepEqual(await request(hostile, 'session:join', { session: 'ZZZZZZ' }), { ok: false, error: 'unknown-session' });

    const moves: unknown[] = [
      undefined,
      null,
      'next',
      [1, 0, 0],
      {},
      { h: 1 },
      { h: 1, v: 0 },
      { h: '1', v: 0, f: 0 },
      { h: 1, v: '0', f: 0 },
      { h: 1, v: 0, f: '0' },
      { h: 1.5, v: 0, f: 0 },
      { h: -1, v: 0, f: 0 },
      { h: 1, v: 0, f: -2 },
      { h: 1e300, v: 0, f: 0 },
      { h: null, v: 0, f: 0 },
      { h: { valueOf: 1 }, v: 0, f: 0 },
      { h: 1, v: 0, f: 0, paused: 'yes' },
      { h: [1], v: 0, f: 0 },
    ];
    for (const payload of moves) {
      assert.deepEqual(await request(s.presenter, 'presenter:navigate', payload), { ok: false, error: 'bad-request' }, `navigate ${JSON.stringify(payload)}`);
      clock.advance(110); // under the move rate: these must fail on their shape, not on the limit
    }
    for (const payload of [{}, { to: 'sideways' }, { to: 1 }, 'next']) {
      assert.deepEqual(await request(s.presenter, 'presenter:step', payload), { ok: false, error: 'bad-request' });
    }
    for (const payload of [{}, { action: 'explode' }, { action: ['start'] }]) {
      assert.deepEqual(await request(s.presenter, 'presenter:timer', payload), { ok: false, error: 'bad-request' });
    }
    // Unknown events: answered in our namespaces, ignored elsewhere; no ack means no answer.
    assert.deepEqual(await request(s.presenter, 'presenter:teleport', { h: 3 }), { ok: false, error: 'unknown-event' });
    assert.deepEqual(await request(s.presenter, 'session:delete', { session: s.id }), { ok: false, error: 'unknown-event' });
    (s.presenter as unknown as { emit(e: string, ...a: unknown[]): void }).emit('totally:unknown', { h: 3 });
    (s.presenter as unknown as { emit(e: string, ...a: unknown[]): void }).emit('presenter:navigate', { h: 3, v: 0 });
    // An extra argument where the ack belongs: handled as "no ack" (nothing to answer).
    (s.presenter as unknown as { emit(e: string, ...a: unknown[]): void }).emit('presenter:navigate', { h: 'x' }, 'not a function');
    await roundTrip(s.presenter);
    assert.deepEqual(await liveState(s.id), before);
    assert.ok(s.presenter.connected, 'bad payloads do not cost the presenter its connection');
  });

  test('a message over the size cap closes only that connection; the server and the session carry on', async () => {
    const s = await session();
    const before = await liveState(s.id);
    const big = await connectClient(server.url);
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('session:join', { session: s.id, key: 'k'.repeat(64 * 1024) }, () => assert.fail('answered instead of closed'));
    assert.match(await closed, /transport/);
    const res = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 });
    assert.ok(res.ok);
    assert.equal(res.state.seq, before.seq + 1);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test('a flood of moves (a stuck clicker) is rate-limited; the presenter stays connected and moves again', async () => {
    const s = await session();
    const acks = await Promise.all(
      Array.from({ length: 150 }, (_, i) => request<MoveAck>(s.presenter, 'presenter:navigate', { h: i % 4, v: 0, f: -1 })),
    );
    const limited = acks.filter((a) => !a.ok && a.error === 'rate-limited').length;
    const ok = acks.filter((a) => a.ok).length;
    assert.ok(limited >= 100, `${limited} of 150 rate-limited`);
    assert.ok(ok >= 10, `${ok} accepted`);
    assert.equal(limited + ok, 150);
    assert.ok(s.presenter.connected);
    clock.advance(1200);
    const after = await request<MoveAck>(s.presenter, 'presenter:navigate', { h: 3, v: 0, f: -1 });
    assert.ok(after.ok);
    assert.equal((await liveState(s.id)).h, 3);
  });

  test('a short drop healed by connection state recovery keeps role, rooms and presence without a re-join', async () => {
    const s = await session();
    const follower = await connectClient(server.url, { reconnection: true });
    assert.ok((await request<JoinAck>(follower, 'session:join', { session: s.id })).ok);
    const presenter = await connectClient(server.url, { reconnection: true });
    assert.ok((await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    // Recovery resumes from the offset of the last broadcast a client got: have one first.
    const first = nextEvent(follower, 'session:state', (st) => st.h === 1);
    assert.ok((await request<MoveAck>(presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 })).ok);
    await first;
    const io = server.lectern.context.io;
    const reconnected = [follower, presenter].map((socket) => new Promise<void>((resolve) => socket.once('disconnect', () => socket.once('connect', () => resolve()))));
    for (const socket of [follower, presenter]) io.sockets.sockets.get(socket.id!)?.conn.close();
    await Promise.all(reconnected);
    assert.equal(follower.recovered, true);
    assert.equal(presenter.recovered, true);
    // Recovery re-enters the session in the background (the session may have to be read first).
    const followers = async () => ((await (await fetch(`${server.url}/api/sessions/${s.id}`)).json()) as { followers: number }).followers;
    await waitFor('the recovered follower counted again', async () => (await followers()) === 1, { timeoutMs: 3000 });
    assert.equal(await followers(), 1, 'the recovered follower is counted again');
    const heard = nextEvent(follower, 'session:state', (st) => st.h === 2);
    const moved = await request<MoveAck>(presenter, 'presenter:navigate', { h: 2, v: 0, f: -1 });
    assert.ok(moved.ok, 'the recovered presenter still presents');
    await heard;
  });

  test('two sessions are isolated: moves, followers and keys', async () => {
    const a = await session('talk');
    const b = await session('other');
    const followerB = await follower(b.id);
    const heardByB = collect(followerB.socket, 'session:state');
    assert.ok((await request<MoveAck>(a.presenter, 'presenter:navigate', { h: 3, v: 0, f: -1 })).ok);
    await roundTrip(followerB.socket);
    assert.deepEqual(heardByB, []);
    assert.equal((await liveState(b.id)).h, 0);
    const cross = await connectClient(server.url);
    assert.deepEqual(await request(cross, 'session:join', { session: b.id, key: a.presenterKey }), { ok: false, error: 'bad-key' });
    // One connection, one session: joining B as a follower leaves A's presenter role behind.
    assert.ok((await request<JoinAck>(a.presenter, 'session:join', { session: b.id })).ok);
    assert.deepEqual(await request(a.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 }), { ok: false, error: 'forbidden' });
    assert.equal((await liveState(a.id)).h, 3);
  });

  test('wrong keys are rate-limited per connection and per address; the right key is never refused', async () => {
    const s = await session();
    const guesser = await connectClient(server.url);
    const results: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request<JoinAck>(guesser, 'session:join', { session: s.id, key: `guess-${i}-0123456789abcdef` });
      results.push(res.ok ? 'ok' : res.error);
    }
    assert.deepEqual(results.slice(0, 5), ['bad-key', 'bad-key', 'bad-key', 'bad-key', 'bad-key']);
    assert.deepEqual(results.slice(5), ['rate-limited', 'rate-limited', 'rate-limited']);
    // Only wrong keys count: the right one presents even on this connection.
    const right = await request<JoinAck>(guesser, 'session:join', { session: s.id, key: s.presenterKey });
    assert.ok(right.ok && right.role === 'presenter');
    // New connections from the same address run into the address's bucket.
    let addressLimited = 0;
    for (let c = 0; c < 8; c++) {
      const socket = await connectClient(server.url);
      for (let i = 0; i < 5; i++) {
        const res = await request<JoinAck>(socket, 'session:join', { session: s.id, key: `guess-${c}-${i}-0123456789abcdef` });
        if (!res.ok && res.error === 'rate-limited') addressLimited++;
      }
    }
    assert.ok(addressLimited > 0, 'the address bucket ran out');
  });
});
