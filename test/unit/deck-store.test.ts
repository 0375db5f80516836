// DeckStore over real files, a real parse pool and a real watcher: loads of one file version
// share one parse, and a burst of saves is one "change".
// Run: npx tsx --test test/unit/deck-store.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ParsePool } from '../../server/decks/parse-pool.ts';
import { DeckStore } from '../../server/decks/store.ts';
import { tempDir } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const DEBOUNCE_MS = 250;

/** A real pool that counts the parses it is asked for. */
class CountingPool extends ParsePool {
  parses = 0;
  override parse(...args: Parameters<ParsePool['parse']>): ReturnType<ParsePool['parse']> {
    this.parses++;
    return super.parse(...args);
  }
}

describe('DeckStore', () => {
  let dir: string;
  let pool: CountingPool;

  before(async () => {
    dir = await tempDir('lectern-store-');
    pool = new CountingPool();
  });

  after(async () => {
    await pool.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('concurrent loads of the same file version share one parse', async () => {
    await fs.writeFile(path.join(dir, 'shared.md'), '# Shared\n');
    const store = new DeckStore(dir, { parser: pool });
    const before = pool.parses;
    const loads = await Promise.all([store.load('shared'), store.load('shared'), store.list()]);
    assert.equal(loads[0], loads[1]);
    assert.equal(pool.parses - before, 1);
  });

  test('a burst of saves emits one change; the last save is what loads', async () => {
    const file = path.join(dir, 'busy.md');
    await fs.writeFile(file, '# Save 00\n');
    const store = new DeckStore(dir, { parser: pool, debounceMs: DEBOUNCE_MS });
    store.watch();
    try {
      // The watcher is ready when a save is reported: save until one is.
      const changes: string[] = [];
      store.on('change', (slug) => changes.push(slug));
      await waitFor('the watcher to report a save', async () => {
        await fs.writeFile(file, `# Save 00 ${Date.now()}\n`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        return changes.length > 0;
      });
      await waitFor('the watcher to go quiet', async () => {
        const before = changes.length;
        await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS * 6));
        return changes.length === before;
      });
      changes.length = 0;
      // Saves further apart than chokidar's write-finish wait (60 ms), so it reports each one.
      for (let i = 1; i <= 6; i++) {
        await fs.writeFile(file, `# Save ${String(i).padStart(2, '0')}\n`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await waitFor('the burst to be reported', () => changes.length > 0);
      // Nothing more arrives after the burst's one change.
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.deepEqual(changes, ['busy']);
      assert.equal((await store.load('busy')).deck.slides[0].title, 'Save 06');
    } finally {
      await store.close();
    }
  });
});
