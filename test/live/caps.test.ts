// Who may hold live sessions (a server anyone can reach): a share per address — IPv4, or the
// IPv6 /64 — besides the total, and sessions no presenter takes up within ten minutes are
// dropped and count for nothing, also across a restart. Real HTTP and socket.io clients, the
// local proxy's X-Forwarded-For for the addresses, and an injected clock instead of waiting.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult } from '../../shared/protocol.ts';
import { DEFAULT_MAX_SESSIONS_PER_ADDRESS } from '../../server/live/deps.ts';
import { closeClients, connectClient, createSession, liveDecks, nextEvent, postSession, request } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type JoinAck = Ack<JoinResult>;
const MINUTE = 60_000;


describe('the share of each address', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await liveDecks() });
  });
  after(() => server.close());

  async function fill(addresses: (i: number) => string): Promise<void> {
    for (let i = 0; i < DEFAULT_MAX_SESSIONS_PER_ADDRESS; i++) {
      const res = await postSession(server.url, 'talk', { from: addresses(i) });
      assert.equal(res.status, 201, `session ${i + 1} from ${addresses(i)}`);
    }
  }

  test('IPv4 behind the local proxy: the address has its share, then 429; other addresses go on', async () => {
    await fill(() => '203.0.113.10');
    const refused = await postSession(server.url, 'talk', { from: '203.0.113.10' });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'too-many-from-address');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal((await postSession(server.url, 'talk', { from: '::ffff:203.0.113.10' })).status, 429, 'IPv4-mapped IPv6 is the same client');
    assert.equal((await postSession(server.url, 'talk', { from: '203.0.113.11' })).status, 201);
  });

  test('IPv6: every address of one /64 is one client; the next /64 is another', async () => {
    await fill((i) => `2001:db8:1:2:${((i * 4099) % 65536).toString(16)}::${i + 1}`);
    assert.equal((await postSession(server.url, 'talk', { from: '2001:db8:1:2:ffff:ffff:ffff:fffe' })).status, 429);
    assert.equal((await postSession(server.url, 'talk', { from: '2001:DB8:1:2::abcd' })).status, 429);
    assert.equal((await postSession(server.url, 'talk', { from: '2001:db8:1:3::1' })).status, 201);
  });
});

describe('sessions no presenter takes up', () => {
  let server: TestServer;
  let now = Date.now();
  let dataDir: string;
  let decksDir: string;
  before(async () => {
    decksDir = await liveDecks();
    dataDir = await tempDir('lectern-data-');
    server = await startServer({ decksDir, dataDir }, { live: { clock: () => now, sweepIntervalMs: 25, maxSessions: 4, maxSessionsPerAddress: 2 } });
  });
  afterEach(() => closeClients());
  after(() => server.close());

  const file = (id: string) => path.join(dataDir, 'sessions', `${id}.json`);
  const exists = (id: string) => fs.access(file(id)).then(() => true, () => false);

  test('are dropped after ten minutes: not found, not counted, file gone, followers told; joined ones stay', async () => {
    const waiting = await createSession(server.url, 'talk', undefined, '198.51.100.1');
    const taken = await createSession(server.url, 'talk', undefined, '198.51.100.1');
    assert.equal((await postSession(server.url, 'talk', { from: '198.51.100.1' })).status, 429, 'two per address here');
    const presenter = await connectClient(server.url);
    assert.ok((await request<JoinAck>(presenter, 'session:join', { session: taken.id, key: taken.presenterKey })).ok);
    const follower = await connectClient(server.url);
    assert.ok((await request<JoinAck>(follower, 'session:join', { session: waiting.id })).ok, 'followers may arrive before the speaker');
    const ended = nextEvent(follower, 'session:ended');

    now += 9 * MINUTE;
    assert.equal((await fetch(`${server.url}/api/sessions/${waiting.id}`)).status, 200, 'nine minutes: still waiting');
    now += MINUTE + 1000;
    assert.equal((await fetch(`${server.url}/api/sessions/${waiting.id}`)).status, 404);
    assert.equal((await fetch(`${server.url}/live/${waiting.id}`)).status, 404);
    assert.deepEqual(await request(await connectClient(server.url), 'session:join', { session: waiting.id, key: waiting.presenterKey }), { ok: false, error: 'unknown-session' }, 'too late to present');
    assert.deepEqual((await ended)[0], { session: waiting.id, reason: 'expired' });
    await waitFor('the file of the dropped session to go', async () => !(await exists(waiting.id)));
    assert.equal((await fetch(`${server.url}/api/sessions/${taken.id}`)).status, 200);
    assert.ok(await exists(taken.id));
    // The dropped one no longer counts against its address.
    assert.equal((await postSession(server.url, 'talk', { from: '198.51.100.1' })).status, 201);
  });

  test('the total: full is 503 until the sessions nobody took up lapse', async () => {
    now += 30 * MINUTE; // everything of the test before has lapsed, but the joined session
    await createSession(server.url, 'talk', undefined, '198.51.100.21');
    await createSession(server.url, 'talk', undefined, '198.51.100.22');
    await createSession(server.url, 'talk', undefined, '198.51.100.23');
    const full = await postSession(server.url, 'talk', { from: '198.51.100.24' });
    assert.equal(full.status, 503);
    assert.equal(((await full.json()) as { error: { code: string } }).error.code, 'too-many-sessions');
    now += 10 * MINUTE + 1000;
    assert.equal((await postSession(server.url, 'talk', { from: '198.51.100.24' })).status, 201);
  });

  test('a restart drops the sessions still waiting, and keeps the joined ones', async () => {
    const waiting = await createSession(server.url, 'talk', undefined, '198.51.100.31');
    const taken = await createSession(server.url, 'talk', undefined, '198.51.100.31');
    const presenter = await connectClient(server.url);
    assert.ok((await request<JoinAck>(presenter, 'session:join', { session: taken.id, key: taken.presenterKey })).ok);
    await server.close();
    server = await startServer({ decksDir, dataDir });
    assert.equal((await fetch(`${server.url}/api/sessions/${waiting.id}`)).status, 404);
    assert.equal(await exists(waiting.id), false);
    assert.equal((await fetch(`${server.url}/api/sessions/${taken.id}`)).status, 200);
    const again = await connectClient(server.url);
    assert.ok((await request<JoinAck>(again, 'session:join', { session: taken.id, key: taken.presenterKey })).ok);
  });
});

describe('sessions the operator creates (LECTERN_ADMIN_TOKEN)', () => {
  const token = 'admin-token-for-tests-0123456789';
  let server: TestServer;
  let now = Date.now();
  before(async () => {
    server = await startServer({ decksDir: await liveDecks(), adminToken: token }, { live: { clock: () => now, sweepIntervalMs: 25, maxSessionsPerAddress: 1 } });
  });
  after(() => server.close());

  test('count against no address and wait for nobody', async () => {
    const first = await createSession(server.url, 'talk', token, '198.51.100.40');
    await createSession(server.url, 'talk', token, '198.51.100.40');
    now += 60 * MINUTE;
    assert.equal((await fetch(`${server.url}/api/sessions/${first.id}`)).status, 200);
  });
});
