// The parse pool (server/decks/parse-pool.ts) through a DeckStore over real files, on real worker
// threads: a worker over its memory or time limit is stopped, the deck gets a located
// LecternError that is cached until the file changes, the failure is logged, the worker is
// replaced, and the next deck parses.
// Run: npx tsx --test test/unit/parse-pool.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ParsePool } from '../../server/decks/parse-pool.ts';
import { DeckStore } from '../../server/decks/store.ts';
import type { DeckLogger } from '../../server/decks/load.ts';
import { LecternError } from '../../shared/errors.ts';
import { tempDir } from '../helpers/server.ts';
import { SLOW_DECK } from '../helpers/hostile-decks.ts';

/** 60,000 short paragraphs, each with an attribute comment: legal, linear, and ~150 MB to parse. */
const HEAVY_DECK = `# Heavy\n\n${'x <!-- .element: class="a" -->\n\n'.repeat(60_000)}`;
const NORMAL_DECK = '---\ntitle: Normal\n---\n\n# One\n\n---\n\n# Two\n';

function recordingLogger(): DeckLogger & { lines: Array<{ level: string; details: Record<string, unknown>; message: string }> } {
  const lines: Array<{ level: string; details: Record<string, unknown>; message: string }> = [];
  return {
    lines,
    warn: (details, message) => lines.push({ level: 'warn', details: details as Record<string, unknown>, message }),
    error: (details, message) => lines.push({ level: 'error', details: details as Record<string, unknown>, message }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<LecternError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof LecternError, `expected a LecternError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the load to fail');
}

describe('the parse pool', () => {
  let dir: string;

  before(async () => {
    dir = await tempDir('lectern-pool-');
    await fs.writeFile(path.join(dir, 'heavy.md'), HEAVY_DECK);
    await fs.writeFile(path.join(dir, 'slow.md'), SLOW_DECK);
    await fs.writeFile(path.join(dir, 'normal.md'), NORMAL_DECK);
  });

  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('a worker over its memory limit is replaced, the failure logged, and the next deck parses', async () => {
    // Time enough that the memory limit, not the time limit, stops the heavy deck.
    const pool = new ParsePool({ workers: 1, limits: { memoryMb: 64, timeMs: 60_000 } });
    const logger = recordingLogger();
    const store = new DeckStore(dir, { parser: pool, logger });
    try {
      const err = await rejection(store.load('heavy'));
      assert.equal(err.code, 'too-complex');
      assert.equal(err.location.file, path.join(path.basename(dir), 'heavy.md'));
      assert.match(err.message, /^the deck needed more than 64 MB of memory to parse \(it stopped in the slide at line 1\): simplify that slide, or split the deck$/);
      assert.equal(err.location.line, 1);
      assert.deepEqual(err.location.excerpt?.[0], { line: 1, text: '# Heavy' });
      assert.equal(logger.lines.length, 1);
      assert.equal(logger.lines[0].level, 'warn');
      assert.equal(logger.lines[0].details.reason, 'memory');
      assert.equal(logger.lines[0].details.file, err.location.file);

      const normal = await store.load('normal');
      assert.equal(normal.deck.slides.length, 2);
      assert.equal(pool.started, 2, 'the worker was replaced once');
      assert.equal(pool.size, 1);
      // Cached like any LecternError: no second parse (and no second log) until the file changes.
      assert.equal(await rejection(store.load('heavy')), err);
      assert.equal(logger.lines.length, 1);
      assert.equal(pool.started, 2);
    } finally {
      await pool.close();
    }
  });

  test('a parse over the time limit is stopped where it was, and the pool goes on', async () => {
    const pool = new ParsePool({ limits: { timeMs: 1000 } });
    const logger = recordingLogger();
    const store = new DeckStore(dir, { parser: pool, logger });
    try {
      const started = performance.now();
      // The normal deck is parsed by the second worker while the first is stuck.
      const [slow, normal] = await Promise.allSettled([store.load('slow'), store.load('normal')]);
      const elapsed = performance.now() - started;
      assert.equal(normal.status, 'fulfilled');
      assert.equal(slow.status, 'rejected');
      const err = (slow as PromiseRejectedResult).reason as LecternError;
      assert.match(err.message, /^the deck took longer than 1 s to parse \(it stopped in the slide at line 5\): simplify that slide, or split the deck$/);
      assert.equal(err.code, 'too-complex');
      assert.equal(err.location.line, 5);
      assert.ok(elapsed < 5000, `stopped after ${elapsed.toFixed(0)} ms`);
      assert.deepEqual(logger.lines.map((l) => [l.level, l.details.reason]), [['warn', 'time']]);

      // Still cached after the failure; a changed file is parsed again (and fixed here).
      const again = performance.now();
      await rejection(store.load('slow'));
      assert.ok(performance.now() - again < 500, 'the cached failure answers at once');
      await fs.writeFile(path.join(dir, 'slow.md'), NORMAL_DECK.replace('Normal', 'Fixed'));
      assert.equal((await store.load('slow')).deck.meta.title, 'Fixed');
    } finally {
      await fs.writeFile(path.join(dir, 'slow.md'), SLOW_DECK);
      await pool.close();
    }
  });

  test('a closed pool refuses work instead of parsing on the caller\'s thread', async () => {
    const pool = new ParsePool();
    await pool.close();
    const err = await rejection(pool.parse(NORMAL_DECK, { file: 'n.md' }));
    assert.match(err.message, /shut down/);
  });
});
