// GET /decks/<slug>.pdf on the real app: headers, cache, invalidation, bursts, errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Request } from 'express';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { mayReadNotes } from '../../server/http/auth.ts';
import { FRAG_DECK, pageTexts } from './pdf-tools.ts';

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: Uint8Array; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  const body = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, ms: performance.now() - started };
}

describe('GET /decks/<slug>.pdf', () => {
  let server: TestServer;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'frag.md': FRAG_DECK, 'editable.md': '---\ntitle: Editable\n---\n\n# First version\n', 'broken.md': '---\ntitle: [unclosed\n---\n\n# Broken\n', 'tibetan.md': '# Tibetan ཀཁ\n' });
    server = await startServer({ decksDir });
  });

  after(async () => {
    await server?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('a PDF download: type, file name, ETag, page count', async () => {
    const res = await get(`${server.url}/decks/europython-2013.pdf`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="europython-2013\.pdf"/);
    assert.match(res.headers.get('etag') ?? '', /^"[0-9a-f]{24}-default-v\d+"$/);
    assert.equal(res.headers.get('x-lectern-pages'), '27');
    assert.equal(Number(res.headers.get('content-length')), res.body.byteLength);
    assert.equal(new TextDecoder().decode(res.body.subarray(0, 5)), '%PDF-');
  });

  test('characters no font has are named in X-Lectern-Missing-Glyphs, also from the cache; ?handout=3 is its own file', async () => {
    for (const cache of ['miss', 'hit']) {
      const res = await get(`${server.url}/decks/tibetan.pdf`);
      assert.equal(res.headers.get('x-lectern-cache'), cache);
      assert.equal(res.headers.get('x-lectern-missing-glyphs'), 'U+0F40 U+0F41');
    }
    assert.equal((await get(`${server.url}/decks/europython-2013.pdf`)).headers.get('x-lectern-missing-glyphs'), null);
    const handout = await get(`${server.url}/decks/frag.pdf?handout=3`);
    assert.equal(handout.headers.get('x-lectern-pages'), '2');
    assert.match(handout.headers.get('content-disposition') ?? '', /filename="frag-handout-3up\.pdf"/);
  });

  test('the second download comes from the cache at once; If-None-Match gets a 304', async () => {
    const first = await get(`${server.url}/decks/frag.pdf`);
    assert.equal(first.headers.get('x-lectern-cache'), 'miss');
    const second = await get(`${server.url}/decks/frag.pdf`);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('x-lectern-cache'), 'hit');
    assert.ok(second.ms < 100, `served from cache in ${second.ms.toFixed(0)} ms`);
    assert.deepEqual(second.body, first.body);
    const revalidated = await get(`${server.url}/decks/frag.pdf`, { 'If-None-Match': first.headers.get('etag')! });
    assert.equal(revalidated.status, 304);
  });

  test('options are cached apart: ?fragments=1 has a page per step, ?notes=1 the notes', async () => {
    const stepped = await get(`${server.url}/decks/frag.pdf?fragments=1`);
    assert.equal(stepped.headers.get('x-lectern-pages'), '10');
    assert.notEqual(stepped.headers.get('etag'), (await get(`${server.url}/decks/frag.pdf`)).headers.get('etag'));
    const notes = await get(`${server.url}/decks/frag.pdf?notes=1`);
    assert.equal(notes.status, 200, 'from this machine (loopback), notes are allowed');
    assert.match(notes.headers.get('content-disposition') ?? '', /filename="frag-notes\.pdf"/);
    assert.match(notes.headers.get('cache-control') ?? '', /private/);
    assert.match((await pageTexts(notes.body))[0], /Secret note one/);
  });

  test('editing the deck invalidates its cached PDF', async () => {
    const before = await get(`${server.url}/decks/editable.pdf`);
    assert.match((await pageTexts(before.body))[0], /First version/);
    assert.equal((await get(`${server.url}/decks/editable.pdf`)).headers.get('x-lectern-cache'), 'hit');
    await fs.writeFile(path.join(decksDir, 'editable.md'), '---\ntitle: Editable\n---\n\n# Second version\n\n---\n\n# Another slide\n');
    const after = await get(`${server.url}/decks/editable.pdf`);
    assert.equal(after.headers.get('x-lectern-cache'), 'miss');
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
    assert.equal(after.headers.get('x-lectern-pages'), '2');
    assert.match((await pageTexts(after.body))[0], /Second version/);
  });

  test('twelve concurrent downloads all succeed (one browser, at most two exports at once)', async () => {
    const urls = [
      'anatomy-of-an-openstack-distro.pdf',
      'building-the-rackstack.pdf',
      'from-our-code-to-your-production-cloud.pdf',
      'orchestration-for-public-cloud-heat-at-rackspace.pdf',
      'anatomy-of-an-openstack-distro.pdf?fragments=1',
      'building-the-rackstack.pdf?fragments=1',
    ];
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => get(`${server.url}/decks/${urls[i % urls.length]}`)));
    for (const res of results) {
      assert.equal(res.status, 200);
      assert.equal(new TextDecoder().decode(res.body.subarray(0, 5)), '%PDF-');
      assert.ok(Number(res.headers.get('x-lectern-pages')) > 0);
    }
    // The same deck and options asked twice at once share one export: identical bytes.
    assert.deepEqual(results[0].body, results[6].body);
  });

  test('unknown deck 404, broken deck 422, with the deck error pages', async () => {
    const missing = await get(`${server.url}/decks/no-such-deck.pdf`);
    assert.equal(missing.status, 404);
    assert.match(new TextDecoder().decode(missing.body), /Deck not found/);
    const broken = await get(`${server.url}/decks/broken.pdf`);
    assert.equal(broken.status, 422);
    assert.match(new TextDecoder().decode(broken.body), /broken\.md/);
    const traversal = await get(`${server.url}/decks/..%2F..%2Fetc%2Fpasswd.pdf`);
    assert.equal(traversal.status, 404);
  });

  test('the deck page and the index link to the download', async () => {
    const page = new TextDecoder().decode((await get(`${server.url}/decks/frag`)).body);
    assert.match(page, /href="\/decks\/frag\.pdf"/);
    const index = new TextDecoder().decode((await get(`${server.url}/`)).body);
    assert.match(index, /href="\/decks\/frag\.pdf"/);
  });
});

test('speaker notes: this machine, or the admin token; nobody else', () => {
  const req = (ip: string, authorization?: string) => ({ ip, get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) }) as unknown as Request;
  assert.equal(mayReadNotes(req('127.0.0.1'), {}), true);
  assert.equal(mayReadNotes(req('::1'), {}), true);
  assert.equal(mayReadNotes(req('192.168.1.20'), {}), false);
  assert.equal(mayReadNotes(req('192.168.1.20'), { adminToken: 's3cret' }), false);
  assert.equal(mayReadNotes(req('192.168.1.20', 'Bearer wrong'), { adminToken: 's3cret' }), false);
  assert.equal(mayReadNotes(req('192.168.1.20', 'Bearer s3cret'), { adminToken: 's3cret' }), true);
  assert.equal(mayReadNotes(req('192.168.1.20', 'Bearer s3cret'), {}), false, 'no token configured: no token accepted');
});
