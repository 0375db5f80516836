// Live sessions over several real Lectern processes and a real redis-server: one
// session everywhere, presence summed, racing presenters resolved to one order, a Redis restart
// and a process killed mid-talk losing nothing.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ack, JoinResult, LiveState } from '../../shared/protocol.ts';
import { projectRoot } from '../../server/config.ts';
import { freePort } from '../helpers/redis.ts';
import { closeClients, connectClient, createSession, nextEvent, request } from '../live/helpers.ts';
import { describeSession, RoamingClient, startCluster, type TestCluster } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type MoveAck = Ack<{ state: LiveState }>;
const samePlace = (a?: LiveState, b?: LiveState) => !!a && !!b && a.h === b.h && a.v === b.v && a.f === b.f && a.paused === b.paused && a.seq === b.seq;
// After Redis comes back every process re-publishes its sessions with seq + 1000 as it reconnects
// (they may do so a moment apart), so later states may carry a higher seq on the same slide.
const sameSlideNotOlder = (a?: LiveState, b?: LiveState) =>
  !!a && !!b && a.h === b.h && a.v === b.v && a.f === b.f && a.paused === b.paused && a.seq >= b.seq;

describe('live sessions across Lectern processes sharing Redis', () => {
  let cluster: TestCluster;
  const roaming: RoamingClient[] = [];

  before(async () => {
    cluster = await startCluster(3);
  });
  afterEach(() => {
    closeClients();
    for (const client of roaming.splice(0)) client.close();
  });
  after(() => cluster.stop());

  async function presenterOn(url: string, id: string, key: string) {
    const socket = await connectClient(url);
    const joined = await request<Ack<JoinResult>>(socket, 'session:join', { session: id, key });
    assert.ok(joined.ok && joined.role === 'presenter', JSON.stringify(joined));
    return socket;
  }

  async function followers(id: string, perProcess: number, urls = cluster.urls): Promise<RoamingClient[]> {
    const made: RoamingClient[] = [];
    for (let i = 0; i < urls.length * perProcess; i++) made.push(new RoamingClient(urls, id, undefined, i % urls.length));
    roaming.push(...made);
    await Promise.all(made.map((c) => c.open()));
    return made;
  }

  test('one session on every process: created on one, described the same on all, moves reach followers everywhere', async () => {
    const [p1, p2, p3] = cluster.urls;
    const s = await createSession(p1, 'talk');
    const presenter = await presenterOn(p2, s.id, s.presenterKey);
    const audience = await followers(s.id, 2);
    assert.deepEqual(new Set(audience.map((c) => c.connectedTo)), new Set(cluster.urls));
    const moved = await request<MoveAck>(presenter, 'presenter:navigate', { h: 2, v: 1, f: -1 });
    assert.ok(moved.ok, JSON.stringify(moved));
    assert.equal(moved.state.seq, 2, 'seq is Redis\'s: no jump when another process loads the session');
    await waitFor('every follower on slide 2/1', () => audience.every((c) => samePlace(c.live, moved.state)), { timeoutMs: 3000 });
    const described = await Promise.all([p1, p2, p3].map((url) => describeSession(url, s.id)));
    for (const d of described) {
      assert.deepEqual(d.state, moved.state);
      assert.equal(d.deck, 'talk');
      assert.ok(!JSON.stringify(d).includes(s.presenterKey));
    }
    // A wrong key is refused on another process too.
    const intruder = await connectClient(p3);
    assert.deepEqual(await request(intruder, 'session:join', { session: s.id, key: 'x'.repeat(32) }), { ok: false, error: 'bad-key' });
  });

  test('presence: follower counts add up across processes, the same on every process and at the presenter', async () => {
    const s = await createSession(cluster.urls[0], 'talk');
    const presenter = await presenterOn(cluster.urls[0], s.id, s.presenterKey);
    const heard = nextEvent(presenter, 'session:presence', (p) => p.followers === 6, 5000);
    const audience = await followers(s.id, 2);
    await heard;
    for (const url of cluster.urls) await waitFor(`6 followers on ${url}`, async () => (await describeSession(url, s.id)).followers === 6, { timeoutMs: 4000 });
    audience[0].close();
    audience[1].close();
    await nextEvent(presenter, 'session:presence', (p) => p.followers === 4, 5000);
    for (const url of cluster.urls) await waitFor(`4 followers on ${url}`, async () => (await describeSession(url, s.id)).followers === 4, { timeoutMs: 4000 });
  });

  test('two presenters racing on two processes: one order, every follower on the same final slide and seq', async () => {
    const [p1, p2] = cluster.urls;
    const s = await createSession(p1, 'talk');
    const a = await presenterOn(p1, s.id, s.presenterKey);
    const b = await presenterOn(p2, s.id, s.presenterKey);
    const audience = await followers(s.id, 3);
    const targets = (offset: number) => Array.from({ length: 15 }, (_, i) => ({ h: (i + offset) % 4, v: 0, f: -1 }));
    const acks = await Promise.all([
      ...targets(0).map((t) => request<MoveAck>(a, 'presenter:navigate', t)),
      ...targets(1).map((t) => request<MoveAck>(b, 'presenter:navigate', t)),
    ]);
    const seqs = acks.map((ack) => (ack.ok ? ack.state.seq : -1));
    assert.ok(seqs.every((seq) => seq > 0), 'every move accepted');
    const final = (await describeSession(p1, s.id)).state;
    assert.equal(Math.max(...seqs), final.seq, 'the highest seq handed out is the stored one');
    await waitFor('all followers on the final state', () => audience.every((c) => samePlace(c.live, final)), { timeoutMs: 4000 });
    for (const url of cluster.urls) assert.deepEqual((await describeSession(url, s.id)).state, final);
  });

  test('Redis restarted mid-talk: presenters are told, moves are refused (not lost), then the talk goes on', async () => {
    const [p1, p2, p3] = cluster.urls;
    const s = await createSession(p1, 'talk');
    const presenter = await presenterOn(p1, s.id, s.presenterKey);
    const audience = await followers(s.id, 2, [p2, p3]);
    const first = await request<MoveAck>(presenter, 'presenter:navigate', { h: 1, v: 0, f: 0 });
    assert.ok(first.ok, JSON.stringify(first));
    await waitFor('followers on 1/0/0', () => audience.every((c) => samePlace(c.live, first.state)), { timeoutMs: 3000 });

    const degraded = nextEvent(presenter, 'session:status', (st) => st.store === 'reconnecting', 5000);
    await cluster.redis.stop();
    await degraded;
    const refused = await request<MoveAck>(presenter, 'presenter:navigate', { h: 3, v: 0, f: -1 });
    assert.deepEqual(refused, { ok: false, error: 'store-unavailable' });
    const api = await fetch(`${p2}/api/sessions/${s.id}`);
    assert.equal(api.status, 503);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'store-unavailable');

    const healed = nextEvent(presenter, 'session:status', (st) => st.store === 'ok', 10_000);
    await cluster.redis.restart();
    await healed;
    await waitFor('a move accepted after the restart', async () => {
      const res = await request<MoveAck>(presenter, 'presenter:navigate', { h: 3, v: 0, f: -1 });
      return res.ok;
    }, { timeoutMs: 10_000 });
    // Each process reconnects to Redis on its own schedule: p2 may still be healing when p1 moves.
    let final: LiveState | undefined;
    await waitFor('p2 answering again after the restart', async () => {
      final = (await describeSession(p2, s.id).catch(() => undefined))?.state;
      return final !== undefined;
    }, { timeoutMs: 10_000 });
    assert.equal(final!.h, 3);
    await waitFor('followers on every process follow again', () => audience.every((c) => sameSlideNotOlder(c.live, final!)), { timeoutMs: 8000 });
    // A follower joining now lands on the live slide.
    const late = (await followers(s.id, 1, [p3]))[0];
    assert.ok(sameSlideNotOlder(late.live, final!), `late joiner on ${JSON.stringify(late.live)}, live ${JSON.stringify(final)}`);
  });

  test('a process killed mid-talk: its followers land on the live slide elsewhere; the presenter rejoins anywhere', async () => {
    const [p1, p2, p3] = cluster.urls;
    const s = await createSession(p1, 'talk');
    const presenter = new RoamingClient([p2, p3, p1], s.id, s.presenterKey);
    roaming.push(presenter);
    await presenter.open();
    const audience = await followers(s.id, 3);
    const moved = await request<MoveAck>(presenter.socket, 'presenter:navigate', { h: 2, v: 2, f: -1 });
    assert.ok(moved.ok, JSON.stringify(moved));
    await waitFor('everyone on 2/2', () => audience.every((c) => samePlace(c.live, moved.state)), { timeoutMs: 3000 });

    const onVictim = audience.filter((c) => c.connectedTo === p2);
    assert.equal(onVictim.length, 3);
    await cluster.processes[1].kill();
    await waitFor('rejoined elsewhere', () => onVictim.every((c) => c.joins === 2) && presenter.joins === 2, { timeoutMs: 8000 });
    for (const c of onVictim) {
      assert.notEqual(c.connectedTo, p2);
      assert.ok(samePlace(c.live, moved.state), 'landed on the live slide');
    }
    assert.equal(presenter.connectedTo, p3);
    const next = await request<MoveAck>(presenter.socket, 'presenter:navigate', { h: 3, v: 0, f: -1 });
    assert.ok(next.ok && next.state.seq > moved.state.seq);
    await waitFor('everyone on 3', () => audience.every((c) => samePlace(c.live, next.state)), { timeoutMs: 3000 });
    // The dead process's share of the audience stops counting (after 6 s unrenewed, on Redis's
    // clock) while the survivors count everyone: 9, not 12, on every process.
    const counts = async () => Promise.all([p1, p3].map(async (url) => (await describeSession(url, s.id)).followers));
    await waitFor('9 followers on both survivors', async () => (await counts()).every((n) => n === 9), { timeoutMs: 10_000 });
  });
});

describe('start-up with Redis unreachable', () => {
  test('one line naming REDIS_URL, exit code 1', async () => {
    const port = await freePort();
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const child = spawn(process.execPath, ['--import', tsx, path.join(projectRoot, 'server', 'main.ts'), '--port', '0', '--host', '127.0.0.1'], {
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}`, NODE_ENV: 'test', LECTERN_WATCH: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': every line the process wrote to stderr has been read by then.
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, stderr);
    assert.match(lines[0], /REDIS_URL=redis:\/\/127\.0\.0\.1:\d+/);
  });
});
