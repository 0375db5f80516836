// The live-session HTTP routes: create, describe, the pages, admin token, and bad input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rawGet } from '../helpers/http.ts';
import { createSession, liveDecks } from './helpers.ts';

const post = (server: TestServer, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('live session routes', () => {
  let server: TestServer;
  let decksDir: string;

  before(async () => {
    decksDir = await liveDecks();
    server = await startServer({ decksDir });
  });
  after(() => server.close());

  test('POST /api/sessions → 201 with id, key and both URLs; the key rides in the fragment', async () => {
    const res = await post(server, JSON.stringify({ deck: 'talk' }));
    assert.equal(res.status, 201);
    const body = (await res.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body).sort(), ['followUrl', 'id', 'presenterKey', 'presenterUrl']);
    assert.match(body.id, /^[2-9A-HJKMNP-Z]{6}$/);
    assert.ok(body.presenterKey.length >= 22);
    assert.equal(body.presenterUrl, `${server.url}/present/${body.id}#key=${body.presenterKey}`);
    assert.equal(body.followUrl, `${server.url}/live/${body.id}`);
    assert.equal(res.headers.get('location'), `/live/${body.id}`);
  });

  test('GET /api/sessions/:id describes the session and never shows the key', async () => {
    const created = await createSession(server.url, 'talk');
    const res = await fetch(`${server.url}/api/sessions/${created.id}`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(created.presenterKey));
    const body = JSON.parse(text);
    assert.deepEqual(Object.keys(body).sort(), ['deck', 'followers', 'id', 'state']);
    assert.equal(body.deck, 'talk');
    assert.deepEqual({ h: body.state.h, v: body.state.v, f: body.state.f, paused: body.state.paused }, { h: 0, v: 0, f: -1, paused: false });
    assert.equal(body.followers, 0);
    assert.equal((await fetch(`${server.url}/api/sessions/${created.id.toLowerCase()}`)).status, 200, 'codes are case-insensitive');
  });

  test('unknown decks are 404, bad bodies 400, broken JSON 400, huge bodies 413 (all JSON)', async () => {
    const cases: Array<[string, number]> = [
      [JSON.stringify({ deck: 'no-such-deck' }), 404],
      [JSON.stringify({ deck: '../../etc/passwd' }), 404],
      [JSON.stringify({}), 400],
      [JSON.stringify({ deck: 42 }), 400],
      [JSON.stringify({ deck: { slug: 'talk' } }), 400],
      [JSON.stringify(['talk']), 400],
      ['{"deck": ', 400],
      ['"talk"', 400],
      [JSON.stringify({ deck: 'talk', pad: 'x'.repeat(10_000) }), 413],
    ];
    for (const [body, status] of cases) {
      const res = await post(server, body);
      assert.equal(res.status, status, body.slice(0, 60));
      assert.match(res.headers.get('content-type') ?? '', /json/, body.slice(0, 60));
    }
    const form = await fetch(`${server.url}/api/sessions`, { method: 'POST', body: 'deck=talk', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 400);
  });

  test('unknown and path-like session ids are 404 everywhere', async () => {
    for (const id of ['ZZZZZZ', '..%2F..%2Fetc', '..%5C..%5Cwindows', 'ABC%00', '%2e%2e', 'a'.repeat(300), 'ABC23O']) {
      for (const prefix of ['/api/sessions/', '/live/', '/present/']) {
        const res = await rawGet(server.port, `${prefix}${id}`);
        assert.equal(res.status, 404, `${prefix}${id}`);
      }
    }
  });

  test('the follower page carries the live state and no notes; the presenter page neither notes nor key', async () => {
    const created = await createSession(server.url, 'talk');
    const follow = await fetch(created.followUrl);
    assert.equal(follow.status, 200);
    const followHtml = await follow.text();
    // A classic script (V8 caches its compiled code; see scripts/build-client.ts), after the parse.
    assert.match(followHtml, /<script src="\/assets\/follow\.js" defer><\/script>/);
    assert.match(followHtml, /<link rel="preload" href="\/assets\/files\/inter-latin-wght-normal-[\w-]+\.woff2" as="font" type="font\/woff2" crossorigin>/);
    assert.match(followHtml, /Download PDF/);
    assert.ok(!followHtml.includes('SECRET-NOTE'), 'no notes on the follower page');
    const present = await fetch(`${server.url}/present/${created.id}`);
    assert.equal(present.status, 200);
    const presentHtml = await present.text();
    assert.ok(!presentHtml.includes('SECRET-NOTE'), 'notes come only after the key is checked');
    assert.ok(!presentHtml.includes(created.presenterKey));
    assert.match(presentHtml, /class="pv-follow__qr"[^>]*><svg[^>]*viewBox/, 'the follow QR code is inline SVG');
    assert.equal(present.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(present.headers.get('cache-control'), 'no-store');
    const lower = await fetch(`${server.url}/live/${created.id.toLowerCase()}`, { redirect: 'manual' });
    assert.equal(lower.status, 301);
    assert.equal(lower.headers.get('location'), `/live/${created.id}`);
  });

  test('/live asks for a code and sends it on to the session', async () => {
    const page = await fetch(`${server.url}/live`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Session code/);
    const go = await fetch(`${server.url}/live?session=abc234`, { redirect: 'manual' });
    assert.equal(go.status, 303);
    assert.equal(go.headers.get('location'), '/live/ABC234');
    assert.equal((await fetch(`${server.url}/live?session=../../x`)).status, 400);
  });
});

describe('live session routes with LECTERN_ADMIN_TOKEN', () => {
  let server: TestServer;
  const token = 'admin-token-for-tests-0123456789';

  before(async () => {
    server = await startServer({ decksDir: await liveDecks(), adminToken: token });
  });
  after(() => server.close());

  test('creating a session needs the bearer token; reading does not', async () => {
    const none = await post(server, JSON.stringify({ deck: 'talk' }));
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /Bearer/);
    assert.equal((await post(server, JSON.stringify({ deck: 'talk' }), { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await post(server, JSON.stringify({ deck: 'talk' }), { authorization: token })).status, 401);
    const ok = await createSession(server.url, 'talk', token);
    assert.equal((await fetch(`${server.url}/api/sessions/${ok.id}`)).status, 200);
  });
});
