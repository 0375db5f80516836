// What every response of the real server promises about the pages (the README's "Security"):
// nosniff on every response, the exporter's print server included; no source maps and no
// server source under /assets/; speaker notes written as data-notes in no public response;
// the page data in <head>, out of the slides' reach.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { copyDecks, startServer, type TestServer } from '../helpers/server.ts';
import { rawGet } from '../helpers/http.ts';
import { closeClients, connectClient, createSession, nextEvent, request } from '../live/helpers.ts';
import { pageTexts } from '../pdf/pdf-tools.ts';
import { projectRoot } from '../../server/config.ts';
import { clientDir } from '../../server/http/assets.ts';
import { PrintServer } from '../../server/pdf/print-server.ts';

const NOTES_DECK = `---
title: Notes in attributes
---

<!-- .slide: data-notes="WHISPER-SLIDE" -->
# Public heading

<p data-notes="WHISPER-ELEMENT">Public text</p>

- step <!-- .element: class="fragment" data-notes="WHISPER-FRAGMENT" -->
`;
const WHISPER = /WHISPER-/;

describe('page safety over HTTP', () => {
  let server: TestServer;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'notes-attr.md': NOTES_DECK, 'folder/index.md': '# Folder\n\n![dot](dot.svg)\n', 'folder/dot.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    server = await startServer({ decksDir, watch: true });
  });

  after(async () => {
    closeClients();
    await server?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('X-Content-Type-Options: nosniff on every response, whatever answers it', async () => {
    const { id } = await createSession(server.url, 'notes-attr');
    const urls = [
      '/', '/healthz', '/nothing', '/assets/deck.js', '/assets/deck.css', '/assets/favicon.svg', '/assets/nope.js', '/assets/deck.js.map',
      '/decks/notes-attr', '/decks/nope', '/decks/folder/', '/decks/folder/dot.svg', '/decks/folder/missing.png', '/decks/folder/index.md',
      '/decks/notes-attr.pdf', '/api/decks', '/api/decks/notes-attr', '/api/decks/nope', `/api/sessions/${id}`, '/api/sessions/ZZZZZZ',
      '/live', '/live?session=0', `/live/${id}`, '/live/ZZZZZZ', `/present/${id}`, '/present/ZZZZZZ',
      '/socket.io/?EIO=4&transport=polling', '/socket.io/?EIO=4&transport=nope', '/socket.io/other', '/decks/%2e%2e/x',
    ];
    for (const url of urls) {
      const res = await rawGet(server.port, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', `${res.status} ${url}`);
    }
    const post = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(post.headers.get('x-content-type-options'), 'nosniff', `${post.status} POST /api/sessions`);
  });

  test('the exporter’s print server sends nosniff too', async () => {
    const printServer = new PrintServer(clientDir);
    try {
      const job = await printServer.add({ html: '<!doctype html><p>x</p>', slug: 'folder', assetDir: path.join(decksDir, 'folder') });
      const origin = new URL(job.url).origin;
      for (const url of [job.url, `${job.url}dot.svg`, `${job.url}missing.png`, `${origin}/assets/print.js`, `${origin}/assets/nope.js`, `${origin}/decks/folder/dot.svg`, `${origin}/other`]) {
        const res = await fetch(url);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${res.status} ${url}`);
      }
      const post = await fetch(job.url, { method: 'POST' });
      assert.equal(post.headers.get('x-content-type-options'), 'nosniff', `${post.status} POST`);
    } finally {
      await printServer.close();
    }
  });

  test('no source map and no server source under /assets/', async () => {
    // Text that is in a shared module the client imports, and only in its source (a comment).
    const serverSource = await fs.readFile(path.join(projectRoot, 'shared', 'protocol.ts'), 'utf8');
    const marker = serverSource.split('\n')[0];
    assert.match(marker, /^\/\/ \w/);
    const files = (await fs.readdir(clientDir, { recursive: true })).map(String).filter((f) => !/\.(br|gz|woff2?|ttf)$/.test(f));
    assert.ok(files.length > 10, files.join(' '));
    for (const file of files) {
      if ((await fs.stat(path.join(clientDir, file))).isDirectory()) continue;
      assert.ok(!file.endsWith('.map'), `the build wrote ${file}`);
      const url = `/assets/${file.split(path.sep).join('/')}`;
      const body = (await rawGet(server.port, url)).body;
      assert.ok(!body.includes('sourceMappingURL'), `${url} names a source map`);
      assert.ok(!body.includes(marker), `${url} holds shared/protocol.ts's source`);
      assert.ok(!/"sourcesContent"|\.\.\/server\//.test(body), `${url} holds server sources`);
      if (/\.(js|css)$/.test(file)) assert.equal((await rawGet(server.port, `${url}.map`)).status, 404, `${url}.map`);
    }
  });

  test('the page data is in <head>; the slides are in <body>', async () => {
    const html = await (await fetch(`${server.url}/decks/notes-attr`)).text();
    const [head, body] = html.split('</head>');
    assert.match(head, /<script type="application\/json" id="lectern-data">\{/);
    assert.doesNotMatch(body, /lectern-data/);
    assert.match(body, /Public heading/);
  });

  test('data-notes is in no public response: pages, API, live reload, follower join, PDF', async () => {
    const { id, presenterKey } = await createSession(server.url, 'notes-attr');
    for (const url of ['/', '/decks/notes-attr', '/api/decks', '/api/decks/notes-attr', `/live/${id}`, `/present/${id}`]) {
      const body = await (await fetch(`${server.url}${url}`)).text();
      assert.match(body, /Public heading|Notes in attributes/, url);
      assert.doesNotMatch(body, WHISPER, url);
      assert.doesNotMatch(body, /data-notes/, url);
    }
    const follower = await connectClient(server.url);
    assert.doesNotMatch(JSON.stringify(await request(follower, 'session:join', { session: id })), WHISPER);
    // The presenter gets them, as the slide's notes.
    const presenter = await connectClient(server.url);
    const joined = JSON.stringify(await request(presenter, 'session:join', { session: id, key: presenterKey }));
    for (const whisper of ['WHISPER-SLIDE', 'WHISPER-ELEMENT', 'WHISPER-FRAGMENT']) assert.ok(joined.includes(whisper), whisper);

    const watcher = await connectClient(server.url);
    assert.deepEqual(await request(watcher, 'deck:watch', { slug: 'notes-attr' }), { ok: true });
    const updated = nextEvent(watcher, 'deck:updated', (update) => update.slug === 'notes-attr', 10_000);
    await fs.writeFile(path.join(decksDir, 'notes-attr.md'), NOTES_DECK.replace('Public text', 'Public text, edited'));
    const [update] = await updated;
    assert.match(JSON.stringify(update), /Public text, edited/);
    assert.doesNotMatch(JSON.stringify(update), WHISPER);

    const pdf = await fetch(`${server.url}/decks/notes-attr.pdf`);
    assert.equal(pdf.status, 200);
    assert.doesNotMatch((await pageTexts(new Uint8Array(await pdf.arrayBuffer()))).join('\n'), WHISPER);
  });
});
