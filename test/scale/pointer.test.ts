// The laser pointer over two real Lectern processes sharing one real redis-server: a presenter on
// one process points, followers on both see it (the socket.io adapter's room broadcast), coalesced
// as on one process, and the session store is not written per update.
// Run: npx tsx --test test/scale/pointer.test.ts
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@redis/client';
import { POINTER_PER_SECOND, type Ack, type JoinResult, type PointerUpdate } from '../../shared/protocol.ts';
import { closeClients, collect, connectClient, createSession, request, type TestSocket } from '../live/helpers.ts';
import { startCluster, type TestCluster } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

describe('laser pointer across two Lectern processes on Redis', () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await startCluster(2);
  });
  afterEach(() => closeClients());
  // `cluster` is unset when before() failed.
  after(() => cluster?.stop());

  async function join(url: string, session: string, key?: string): Promise<TestSocket> {
    const socket = await connectClient(url);
    const ack = await request<Ack<JoinResult>>(socket, 'session:join', { session, ...(key && { key }) });
    assert.ok(ack.ok, JSON.stringify(ack));
    return socket;
  }

  async function state(url: string, id: string): Promise<unknown> {
    return ((await (await fetch(`${url}/api/sessions/${id}`)).json()) as { state: unknown }).state;
  }

  /** Calls of the store's Lua scripts so far (every store write is one). */
  async function scriptCalls(): Promise<number> {
    const client = createClient({ url: cluster.redis.url });
    await client.connect();
    try {
      const info = await client.info('commandstats');
      return [...info.matchAll(/^cmdstat_(?:evalsha|eval|fcall):calls=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    } finally {
      client.destroy();
    }
  }

  test('a burst from a presenter on one process: followers on both get the last spot, at the coalesced rate, with no store writes', async () => {
    const [a, b] = cluster.urls as [string, string];
    const s = await createSession(a, 'talk');
    const presenter = await join(a, s.id, s.presenterKey);
    const near = await join(a, s.id);
    const far = await join(b, s.id);
    const heardNear = collect(near, 'session:pointer');
    const heardFar = collect(far, 'session:pointer');
    const spot = (i: number): PointerUpdate => ({ h: 1, v: 0, x: 0.5, y: i / 300 });
    const stateBefore = await state(a, s.id);
    const before = await scriptCalls();
    const started = Date.now();
    // Ten at a time every 30 ms for about a second: many intervals' worth of relays, so a store
    // write per relay would show.
    for (let i = 1; i <= 300; i++) {
      presenter.emit('presenter:pointer', spot(i));
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitFor('the last spot on both processes', () => [heardNear, heardFar].every((heard) => heard.some((p) => 'y' in p && p.y === 1)));
    const elapsed = Date.now() - started;
    const allowed = Math.ceil((elapsed / 1000) * POINTER_PER_SECOND) + 1;
    for (const [name, heard] of [['same process', heardNear], ['other process', heardFar]] as const) {
      assert.ok(heard.length <= allowed, `${name}: ${heard.length} in ${elapsed} ms (at most ${allowed})`);
      assert.deepEqual(heard.at(-1), spot(300), name);
    }
    const writes = (await scriptCalls()) - before;
    console.log(`300 pointer updates → ${heardFar.length} relayed across processes in ${elapsed} ms; store scripts run meanwhile: ${writes}`);
    assert.ok(heardFar.length >= 10, 'the burst spans many intervals');
    // Presence runs its script now and then on both processes; a write per relay would double it.
    assert.ok(writes < heardFar.length / 2, `${writes} store script calls during the burst`);
    assert.deepEqual(await state(b, s.id), stateBefore, 'the session in the store is as it was');
  });
});
