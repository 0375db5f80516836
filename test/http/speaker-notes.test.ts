// GET /api/decks/<slug>/notes, the local speaker view's notes: only for the machine Lectern runs
// on (loopback) or the admin token, as handouts with notes; never in the public deck page.
// Run: npx tsx --test test/http/speaker-notes.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { TALK } from '../live/helpers.ts';

describe('speaker notes route', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ decksDir: await copyDecks({ 'talk.md': TALK }), adminToken: 's3cret' });
  });
  after(() => server?.close());

  const notes = (headers: Record<string, string> = {}, slug = 'talk') => fetch(`${server.url}/api/decks/${slug}/notes`, { headers });

  test('this machine gets every slide\'s sanitized notes, never cached by others', async () => {
    const res = await notes();
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    const body = (await res.json()) as { notes: Array<{ h: number; v: number; html: string }> };
    assert.deepEqual(body.notes.map(({ h, v }) => [h, v]), [[0, 0], [1, 0]]);
    assert.match(body.notes[1]!.html, /SECRET-NOTE-ONE/);
  });

  test('another machine is refused (403, the JSON error body); the admin token opens it', async () => {
    const away = { 'x-forwarded-for': '203.0.113.9' };
    const refused = await notes(away);
    assert.equal(refused.status, 403);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'forbidden');
    assert.doesNotMatch(JSON.stringify(error), /SECRET/);
    assert.equal((await notes({ ...away, authorization: 'Bearer wrong' })).status, 403);
    assert.equal((await notes({ ...away, authorization: 'Bearer s3cret' })).status, 200);
  });

  test('an unknown deck is a 404; the deck page itself never carries the notes', async () => {
    assert.equal((await notes({}, 'nope')).status, 404);
    const page = await (await fetch(`${server.url}/decks/talk`)).text();
    assert.doesNotMatch(page, /SECRET-NOTE/);
    assert.match(page, /id="lectern-speaker-open"/);
  });
});
