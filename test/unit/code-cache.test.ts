// V8's code cache for the parse worker (server/decks/code-cache.ts): the bundle it runs gives
// what the same file gives without a cache; a cache for other code of the same length, a
// damaged cache or an unwritable folder never change what runs. And the built worker
// (scripts/node-bundles.mjs) parses a deck, with its cache, as the source parser does.
// Run: npx tsx --test test/unit/code-cache.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runWithCodeCache } from '../../server/decks/code-cache.ts';
import { parseDeck } from '../../server/deck/parse.ts';
import { projectRoot } from '../../server/config.ts';
import type { ParseReply, ParseRequest } from '../../server/decks/parse-worker.ts';
import { tempDir } from '../helpers/server.ts';

/** A CommonJS file that records what it ran as, on globalThis (vm.Script runs in this context). */
function bundle(value: string): string {
  return `globalThis.codeCacheRun = { value: ${JSON.stringify(value)}, file: __filename, url: ${'__lecternImportMetaUrl'}, path: require('node:path').sep };\n`;
}

function lastRun(): { value: string; file: string; url: string; path: string } {
  return (globalThis as unknown as { codeCacheRun: { value: string; file: string; url: string; path: string } }).codeCacheRun;
}

describe('the code cache', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('lectern-code-cache-');
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('the first run writes the cache, the next uses it, and both run the file as require() would', async () => {
    const file = path.join(dir, 'a.cjs');
    await fs.writeFile(file, bundle('first'));
    const cache = `${file}.v8cache`;
    assert.equal(runWithCodeCache(file, cache), 'written');
    assert.deepEqual(lastRun(), { value: 'first', file, url: `file://${file}`, path: path.sep });
    assert.equal(runWithCodeCache(file, cache), 'used');
    assert.equal(lastRun().value, 'first');
  });

  test('a cache for other code of the same length is not used: the new code runs', async () => {
    const file = path.join(dir, 'b.cjs');
    const cache = `${file}.v8cache`;
    await fs.writeFile(file, bundle('old!'));
    runWithCodeCache(file, cache);
    await fs.writeFile(file, bundle('new!'));
    assert.equal(runWithCodeCache(file, cache), 'written');
    assert.equal(lastRun().value, 'new!');
    assert.equal(runWithCodeCache(file, cache), 'used');
  });

  test('a damaged cache is not used but replaced; an unwritable folder just goes uncached', async () => {
    const file = path.join(dir, 'c.cjs');
    const cache = `${file}.v8cache`;
    await fs.writeFile(file, bundle('damaged'));
    runWithCodeCache(file, cache);
    const data = await fs.readFile(cache);
    data.fill(7, 100);
    await fs.writeFile(cache, data);
    assert.equal(runWithCodeCache(file, cache), 'written');
    assert.equal(lastRun().value, 'damaged');
    assert.equal(runWithCodeCache(file, path.join(dir, 'missing', 'c.v8cache')), 'unwritable');
    assert.equal(lastRun().value, 'damaged');
  });

  test('the bundled parse worker, cached, parses a deck as the source parser does', { timeout: 60_000 }, async () => {
    const { bundleNode } = (await import(path.join(projectRoot, 'scripts', 'node-bundles.mjs'))) as {
      bundleNode(options: { root: string; outdir: string; entryPoints: Record<string, string> }): Promise<unknown>;
    };
    const outdir = path.join(dir, 'built');
    await bundleNode({ root: projectRoot, outdir, entryPoints: { config: path.join(projectRoot, 'server', 'config.ts') } });
    const source = await fs.readFile(path.join(projectRoot, 'decks', 'europython-2013.md'), 'utf8');
    const parse = () =>
      new Promise<unknown>((resolve, reject) => {
        const worker = new Worker(path.join(outdir, 'parse-worker.mjs'), { workerData: { progress: new SharedArrayBuffer(4) } });
        worker.on('error', reject);
        worker.on('message', (reply: ParseReply) => {
          if ('ready' in reply) return worker.postMessage({ id: 1, kind: 'deck', source, file: 'europython-2013.md' } satisfies ParseRequest);
          void worker.terminate();
          resolve('deck' in reply ? reply.deck : reply);
        });
      });
    const expected = JSON.parse(JSON.stringify(parseDeck(source, { file: 'europython-2013.md' })));
    assert.deepEqual(await parse(), expected, 'without a cache');
    await fs.stat(path.join(outdir, 'parse-worker.cjs.v8cache'));
    assert.deepEqual(await parse(), expected, 'with the cache');
  });
});
