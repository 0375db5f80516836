// What someone guessing gets: wrong presenter keys never lock the presenter out (not from the
// same network, not on the same session, not on another one); wrong admin tokens are throttled
// per address without touching anyone else; lookups of ids that do not exist are paced per
// address, while a whole room opening the right link behind one NAT is never slowed.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult } from '../../shared/protocol.ts';
import { DEFAULT_LIMITS } from '../../server/live/deps.ts';
import { ADMIN_FAILURES_PER_ADDRESS } from '../../server/live/routes.ts';
import { closeClients, connectClient, createSession, liveDecks, request } from './helpers.ts';

type JoinAck = Ack<JoinResult>;
const wrongKey = (i: number) => `wrong-${i}-0123456789abcdef`;
/** A well-formed session id that no test creates (real ones are random: a clash is one in 887 million). */
/** The limits' clock stands still, so no allowance refills while a slow machine runs a loop. */
const frozen = { live: { clock: () => 1_900_000_000_000 } };
const fakeId = (i: number) => `Z${i.toString(8).replace(/[01]/g, (d) => (d === '0' ? 'X' : 'Y')).padStart(5, 'W')}`;

describe('wrong presenter keys', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await liveDecks() }, frozen);
  });
  afterEach(() => closeClients());
  after(() => server.close());

  /** `count` wrong keys on `session` from one address (the tests' loopback), five per connection. */
  async function guess(session: string, count: number): Promise<string[]> {
    const answers: string[] = [];
    for (let i = 0; i < count; i += 5) {
      const socket = await connectClient(server.url);
      for (let j = i; j < Math.min(count, i + 5); j++) {
        const res = await request<JoinAck>(socket, 'session:join', { session, key: wrongKey(j) });
        answers.push(res.ok ? 'ok' : res.error);
      }
    }
    return answers;
  }

  test('the right key presents after 40 wrong ones from the same address, on a new connection and on the guessing one', async () => {
    const s = await createSession(server.url, 'talk');
    const answers = await guess(s.id, 40);
    assert.ok(answers.includes('rate-limited'), 'wrong keys past the allowance are limited');
    assert.ok(answers.every((a) => a === 'bad-key' || a === 'rate-limited'));
    const presenter = await connectClient(server.url);
    const joined = await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey });
    assert.ok(joined.ok && joined.role === 'presenter', JSON.stringify(joined));
    const guesser = await connectClient(server.url);
    for (let i = 0; i < 5; i++) await request(guesser, 'session:join', { session: s.id, key: wrongKey(100 + i) });
    assert.deepEqual(await request(guesser, 'session:join', { session: s.id, key: wrongKey(200) }), { ok: false, error: 'rate-limited' });
    const there = await request<JoinAck>(guesser, 'session:join', { session: s.id, key: s.presenterKey });
    assert.ok(there.ok && there.role === 'presenter');
  });

  test('wrong keys on session A leave the presenter of session B alone, even one who mistypes', async () => {
    const a = await createSession(server.url, 'talk');
    const b = await createSession(server.url, 'other');
    assert.ok((await guess(a.id, 40)).includes('rate-limited'));
    const presenter = await connectClient(server.url);
    assert.deepEqual(await request(presenter, 'session:join', { session: b.id, key: wrongKey(999) }), { ok: false, error: 'bad-key' }, 'told the key is wrong, not to wait');
    const joined = await request<JoinAck>(presenter, 'session:join', { session: b.id, key: b.presenterKey });
    assert.ok(joined.ok && joined.role === 'presenter');
  });
});

describe('wrong admin tokens', () => {
  const token = 'admin-token-for-tests-0123456789';
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await liveDecks(), adminToken: token }, frozen);
  });
  after(() => server.close());

  const post = (from: string, authorization?: string) =>
    fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ deck: 'talk' }),
    });

  test('a few failures, then 429 with Retry-After for that address only; the right token elsewhere is not slowed', async () => {
    const guesser = '198.51.100.60';
    for (let i = 0; i < ADMIN_FAILURES_PER_ADDRESS.capacity; i++) assert.equal((await post(guesser, `Bearer guess-${i}`)).status, 401);
    const throttled = await post(guesser, 'Bearer guess-next');
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    assert.equal((await post(guesser, `Bearer ${token}`)).status, 429, 'the address waits, whatever it sends');
    const started = performance.now();
    assert.equal((await post('198.51.100.61', `Bearer ${token}`)).status, 201);
    assert.ok(performance.now() - started < 1000);
    // Asking without a token (the deck page's first try) is no failure.
    for (let i = 0; i < 10; i++) assert.equal((await post('198.51.100.62')).status, 401);
    assert.equal((await post('198.51.100.62', `Bearer ${token}`)).status, 201);
  });
});

describe('looking up session ids', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await liveDecks() }, frozen);
  });
  afterEach(() => closeClients());
  after(() => server.close());

  const get = (path: string, from: string) => fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': from } });

  test('misses are paced per address: 404s, then 429 with Retry-After, for the API and the pages alike', async () => {
    const s = await createSession(server.url, 'talk');
    const guesser = '192.0.2.50';
    const started = performance.now();
    let misses = 0;
    let limited: Response | undefined;
    for (let i = 0; i < 2 * DEFAULT_LIMITS.misses.capacity && !limited; i++) {
      const res = await get(`/api/sessions/${fakeId(i)}`, guesser);
      if (res.status === 429) limited = res;
      else assert.equal(res.status, 404);
      if (res.status === 404) misses++;
    }
    const elapsedMs = performance.now() - started;
    assert.ok(limited, `${misses} misses, none refused`);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.match(limited.headers.get('content-type') ?? '', /json/);
    // The allowance, and nothing refilled: the clock stands still.
    assert.equal(misses, DEFAULT_LIMITS.misses.capacity, `${misses} misses in ${elapsedMs} ms`);
    const page = await get(`/live/ZZZZZZ`, guesser);
    assert.equal(page.status, 429);
    assert.match(await page.text(), /Too many unknown session codes/);
    assert.equal((await get(`/present/${s.id}`, guesser)).status, 429, 'past its misses, the address learns nothing');
    assert.equal((await get(`/api/sessions/${s.id}`, '192.0.2.51')).status, 200, 'other addresses are not affected');
  });

  test('a room behind one NAT opening the right link, with a few mistyped codes, is never slowed', async () => {
    const s = await createSession(server.url, 'talk');
    const venue = '203.0.113.200';
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 10; batch++) {
      const pages = Array.from({ length: 30 }, (_, i) => get(i % 10 === 9 ? `/live/ABCDE${'23456789'[batch % 8]}` : `/live/${s.id}`, venue));
      for (const res of await Promise.all(pages)) {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        await res.arrayBuffer();
      }
    }
    assert.deepEqual(Object.fromEntries(statuses), { 200: 270, 404: 30 });
    const phone = await connectClient(server.url, { from: venue });
    assert.ok((await request<JoinAck>(phone, 'session:join', { session: s.id })).ok);
  });

  test('socket joins share the misses: past them a follower join is limited, the right key still presents', async () => {
    const s = await createSession(server.url, 'talk');
    const from = '192.0.2.70';
    for (let i = 0; i < DEFAULT_LIMITS.misses.capacity; i++) await get(`/api/sessions/${fakeId(i)}`, from);
    const follower = await connectClient(server.url, { from });
    assert.deepEqual(await request(follower, 'session:join', { session: s.id }), { ok: false, error: 'rate-limited' });
    const unknown = await connectClient(server.url, { from });
    assert.deepEqual(await request(unknown, 'session:join', { session: 'ZZZZZ3', key: s.presenterKey }), { ok: false, error: 'rate-limited' }, 'nothing said about which ids exist');
    const presenter = await connectClient(server.url, { from });
    const joined = await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey });
    assert.ok(joined.ok && joined.role === 'presenter');
  });
});
