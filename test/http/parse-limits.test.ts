// Hostile decks against the real server: while each is requested (deck page, index, API), the
// server keeps answering /healthz fast, each gets its error page (422) or renders, the index
// lists it with a badge naming its file, and a normal deck in the same folder still works.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { ELEMENT_COMMENTS_DECK, HOSTILE_DECKS } from '../helpers/hostile-decks.ts';

const PROBE_EVERY_MS = 50;
const PROBE_LIMIT_MS = 300;

// The prober runs on its own thread, so it times the server from outside: were the server's
// event loop blocked, this one (the test's) would be too, and could not see it.
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true;
parentPort.on('message', () => { running = false; });
(async () => {
  const times = [];
  while (running) {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url, { signal: AbortSignal.timeout(10000) });
      await res.text();
      times.push(res.status === 200 ? performance.now() - started : Infinity);
    } catch {
      times.push(Infinity);
    }
    await new Promise((resolve) => setTimeout(resolve, workerData.every));
  }
  parentPort.postMessage(times);
})();
`;

/** Probes /healthz every 50 ms until stopped; resolves with each probe's round trip (Infinity: failed). */
function probeHealth(url: string): { stop(): Promise<number[]> } {
  const worker = new Worker(PROBER, { eval: true, workerData: { url: `${url}/healthz`, every: PROBE_EVERY_MS } });
  const times = once(worker, 'message') as Promise<[number[]]>;
  return {
    async stop() {
      worker.postMessage('stop');
      const [result] = await times;
      await worker.terminate();
      return result;
    },
  };
}

async function get(url: string): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - started };
}

describe('hostile decks', () => {
  let server: TestServer;
  let decksDir: string;
  const folder = () => path.basename(decksDir);

  before(async () => {
    decksDir = await tempDir('lectern-hostile-');
    for (const [slug, deck] of Object.entries(HOSTILE_DECKS)) await fs.writeFile(path.join(decksDir, `${slug}.md`), deck.text);
    await fs.writeFile(path.join(decksDir, 'elements.md'), ELEMENT_COMMENTS_DECK);
    await fs.writeFile(path.join(decksDir, 'normal.md'), '---\ntitle: A normal deck\n---\n\n# Hello\n\n---\n\n# World\n');
    server = await startServer({ decksDir });
  });

  after(async () => {
    await server.close();
    await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('the server answers /healthz in time while every hostile deck is requested at once', async (t) => {
    const probe = probeHealth(server.url);
    const slugs = [...Object.keys(HOSTILE_DECKS), 'elements', 'normal'];
    const [pages, index, api] = await Promise.all([
      Promise.all(slugs.map((slug) => get(`${server.url}/decks/${slug}`))),
      get(`${server.url}/`),
      get(`${server.url}/api/decks`),
    ]);
    const probes = await probe.stop();
    const slow = probes.filter((ms) => ms >= PROBE_LIMIT_MS);
    t.diagnostic(`${probes.length} /healthz probes, slowest ${Math.max(...probes).toFixed(1)} ms`);
    assert.deepEqual(slow, [], `probes over ${PROBE_LIMIT_MS} ms (of ${probes.length}): ${slow.map((ms) => ms.toFixed(0)).join(', ')}`);
    assert.ok(probes.length >= 20, `only ${probes.length} probes: the requests ended too soon to tell`);

    const bySlug = Object.fromEntries(slugs.map((slug, i) => [slug, pages[i]]));
    for (const [slug, deck] of Object.entries(HOSTILE_DECKS)) {
      const page = bySlug[slug];
      assert.equal(page.status, deck.status, `${slug}: ${page.body.slice(0, 300)}`);
      if (deck.status === 422) {
        assert.ok(page.body.includes(`${folder()}/${slug}.md:${deck.line}`), `${slug}: the page names the file and line`);
        assert.match(page.body.replace(/&quot;/g, '"'), deck.message!);
      }
    }
    assert.equal(bySlug.normal.status, 200);
    assert.match(bySlug.normal.body, /Hello/);
    const elements = bySlug.elements;
    assert.ok(elements.status === 200 || /took longer than 5 s/.test(elements.body), `elements: ${elements.status}`);

    assert.equal(index.status, 200);
    assert.equal(api.status, 200);
    const listed = JSON.parse(api.body) as Array<{ slug: string; slides: number; error?: { file: string; line?: number; message: string } }>;
    for (const [slug, deck] of Object.entries(HOSTILE_DECKS)) {
      const entry = listed.find((d) => d.slug === slug);
      assert.ok(entry, `${slug} is listed`);
      if (deck.status === 200) {
        assert.equal(entry.error, undefined);
        continue;
      }
      assert.deepEqual([entry.error?.file, entry.error?.line], [`${folder()}/${slug}.md`, deck.line]);
      assert.match(entry.error!.message, deck.message!);
      assert.ok(index.body.includes(`<code>${folder()}/${slug}.md:${deck.line}</code>`), `${slug}: the index badge names the file`);
    }
    assert.equal(listed.find((d) => d.slug === 'normal')?.slides, 2);
  });

  test('a deck that ran out of time answers from the cache until its file changes', async () => {
    const cached = await get(`${server.url}/decks/slow`);
    assert.equal(cached.status, 422);
    assert.ok(cached.ms < PROBE_LIMIT_MS, `the reload took ${cached.ms.toFixed(0)} ms`);
    await fs.writeFile(path.join(decksDir, 'slow.md'), '# Fixed\n');
    const fixed = await get(`${server.url}/decks/slow`);
    assert.equal(fixed.status, 200);
    assert.match(fixed.body, /Fixed/);
  });
});
