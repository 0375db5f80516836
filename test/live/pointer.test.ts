// The laser pointer over real socket.io connections to the real server: who may point, what
// payloads pass, and that a flood reaches the room coalesced — bounded, with the last spot.
// Run: npx tsx --test test/live/pointer.test.ts
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { POINTER_PER_SECOND, type Ack, type JoinResult, type LiveState, type PointerUpdate } from '../../shared/protocol.ts';
import { DEFAULT_LIMITS } from '../../server/live/deps.ts';
import { closeClients, collect, connectClient, createSession, liveDecks, nextEvent, request, roundTrip, type TestSocket } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type JoinAck = Ack<JoinResult>;

describe('laser pointer relay', () => {
  let server: TestServer;
  // The hub's clock stands still unless the test moves it: no allowance refills by itself.
  let now = Date.now();
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };

  before(async () => {
    server = await startServer({ decksDir: await liveDecks() }, { live: { clock: clock.now } });
  });
  afterEach(() => closeClients());
  after(() => server.close());

  async function session() {
    const created = await createSession(server.url, 'talk');
    const presenter = await connectClient(server.url);
    assert.equal((await request<JoinAck>(presenter, 'session:join', { session: created.id, key: created.presenterKey })).ok, true);
    return { ...created, presenter };
  }

  async function member(id: string, key?: string): Promise<TestSocket> {
    const socket = await connectClient(server.url);
    assert.equal((await request<JoinAck>(socket, 'session:join', { session: id, ...(key && { key }) })).ok, true);
    return socket;
  }

  test('a follower, an audience window and another presenter tab see the spot; the sender gets no echo', async () => {
    const s = await session();
    const follower = await member(s.id);
    const other = await member(s.id, s.presenterKey);
    const echo = collect(s.presenter, 'session:pointer');
    const spot = { h: 1, v: 0, x: 0.25, y: 0.75, el: { i: 2, x: 0.5, y: 0.1 } };
    const heard = Promise.all([nextEvent(follower, 'session:pointer'), nextEvent(other, 'session:pointer')]);
    assert.deepEqual(await request(s.presenter, 'presenter:pointer', spot), { ok: true });
    const [[toFollower], [toOther]] = await heard;
    assert.deepEqual(toFollower, spot);
    assert.deepEqual(toOther, spot);
    // Off goes out too (after the interval the first one opened).
    const off = nextEvent(follower, 'session:pointer', (p) => 'off' in p);
    s.presenter.emit('presenter:pointer', { off: true });
    assert.deepEqual((await off)[0], { off: true });
    await roundTrip(s.presenter);
    assert.deepEqual(echo, []);
  });

  test('only a presenter may point: a follower is forbidden, a stranger not joined; the room hears nothing', async () => {
    const s = await session();
    const watcher = await member(s.id);
    const heard = collect(watcher, 'session:pointer');
    const follower = await member(s.id);
    assert.deepEqual(await request(follower, 'presenter:pointer', { h: 0, v: 0, x: 0.5, y: 0.5 }), { ok: false, error: 'forbidden' });
    const stranger = await connectClient(server.url);
    assert.deepEqual(await request(stranger, 'presenter:pointer', { h: 0, v: 0, x: 0.5, y: 0.5 }), { ok: false, error: 'not-joined' });
    await roundTrip(s.presenter);
    await roundTrip(watcher);
    assert.deepEqual(heard, []);
  });

  test('bad payloads are refused and never relayed', async () => {
    const s = await session();
    const follower = await member(s.id);
    const heard = collect(follower, 'session:pointer');
    for (const bad of [
      { h: 0, v: 0, x: 1.5, y: 0.5 },
      { h: 0, v: 0, x: -1, y: 0.5 },
      { h: 0, v: 0, x: null, y: 0.5 },
      { h: 0, v: 0, x: '1e309', y: 0.5 },
      { h: -1, v: 0, x: 0.5, y: 0.5 },
      { h: 0, v: 0, x: 0.5, y: 0.5, el: { i: 99_999, x: 0, y: 0 } },
      { off: 'yes' },
      'point',
      42,
    ]) {
      assert.deepEqual(await request(s.presenter, 'presenter:pointer', bad), { ok: false, error: 'bad-request' }, JSON.stringify(bad));
    }
    await roundTrip(s.presenter);
    await roundTrip(follower);
    assert.deepEqual(heard, []);
  });

  test('1,000 sends in a burst: the room gets at most the allowed rate, and the last spot', async () => {
    const s = await session();
    const follower = await member(s.id);
    const heard = collect(follower, 'session:pointer');
    const spot = (i: number): PointerUpdate => ({ h: 0, v: 0, x: (i % 997) / 997, y: i / 1000 });
    const started = Date.now();
    // Without acks, as the pages send them.
    for (let i = 1; i <= 1000; i++) s.presenter.emit('presenter:pointer', spot(i));
    await waitFor('the last spot of the burst', () => heard.some((p) => 'y' in p && p.y === 1));
    const elapsed = Date.now() - started;
    // The first goes out at once, then at most one per interval while the burst lasts.
    const allowed = Math.ceil((elapsed / 1000) * POINTER_PER_SECOND) + 1;
    assert.ok(heard.length <= allowed, `${heard.length} forwarded in ${elapsed} ms (at most ${allowed})`);
    assert.deepEqual(heard.at(-1), spot(1000));
    await roundTrip(s.presenter);
    await roundTrip(follower);
    assert.deepEqual(heard.at(-1), spot(1000), 'nothing after the last');
  });

  test('pointing has its own allowance: moves still pass during a flood, and a runaway client is limited', async () => {
    const s = await session();
    const { capacity } = DEFAULT_LIMITS.pointer;
    const answers = await Promise.all(Array.from({ length: capacity + 5 }, (_, i) => request<Ack>(s.presenter, 'presenter:pointer', { h: 0, v: 0, x: 0.5, y: i / (capacity + 5) })));
    assert.equal(answers.filter((a) => a.ok).length, capacity);
    assert.ok(answers.slice(capacity).every((a) => !a.ok && a.error === 'rate-limited'));
    const move = await request<Ack<{ state: LiveState }>>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 });
    assert.ok(move.ok, 'the move bucket is untouched');
    clock.advance(1000);
    assert.deepEqual(await request(s.presenter, 'presenter:pointer', { off: true }), { ok: true }, 'the allowance refills');
  });

  test('pen: every segment reaches the room in order (none coalesced), then clear; only a presenter draws; bad segments refused', async () => {
    const s = await session();
    const follower = await member(s.id);
    const heard = collect(follower, 'session:draw');
    const echo = collect(s.presenter, 'session:draw');
    const segments = Array.from({ length: 40 }, (_, i) => ({ h: 0, v: 0, stroke: 7, points: [[i / 40, 0.5], [(i + 0.5) / 40, 0.55]] as Array<[number, number]> }));
    for (const segment of segments) s.presenter.emit('presenter:draw', segment);
    s.presenter.emit('presenter:draw', { clear: true });
    await waitFor('the clear after the segments', () => heard.some((d) => 'clear' in d));
    assert.deepEqual(heard, [...segments, { clear: true }]);
    await roundTrip(s.presenter);
    assert.deepEqual(echo, []);

    const other = await member(s.id);
    assert.deepEqual(await request(other, 'presenter:draw', segments[0]), { ok: false, error: 'forbidden' });
    const tooMany = Array.from({ length: 65 }, () => [0.5, 0.5]);
    for (const bad of [
      { h: 0, v: 0, stroke: 1, points: [] },
      { h: 0, v: 0, stroke: 1, points: tooMany },
      { h: 0, v: 0, stroke: 1, points: [[0.5, 1.5]] },
      { h: 0, v: 0, stroke: 1, points: [[0.5]] },
      { h: 0, v: 0, stroke: -1, points: [[0.5, 0.5]] },
      { clear: 'yes' },
    ]) {
      assert.deepEqual(await request(s.presenter, 'presenter:draw', bad), { ok: false, error: 'bad-request' }, JSON.stringify(bad).slice(0, 60));
    }
    await roundTrip(follower);
    assert.equal(heard.length, segments.length + 1, 'nothing refused was relayed');
  });

  test('pen: its own allowance, apart from moves and the pointer', async () => {
    const s = await session();
    const { capacity } = DEFAULT_LIMITS.draw;
    const segment = { h: 0, v: 0, stroke: 1, points: [[0.5, 0.5]] };
    const answers = await Promise.all(Array.from({ length: capacity + 3 }, () => request<Ack>(s.presenter, 'presenter:draw', segment)));
    assert.equal(answers.filter((a) => a.ok).length, capacity);
    assert.deepEqual(await request(s.presenter, 'presenter:pointer', { off: true }), { ok: true });
    assert.ok((await request<Ack<{ state: LiveState }>>(s.presenter, 'presenter:navigate', { h: 1, v: 0, f: -1 })).ok);
  });
});
