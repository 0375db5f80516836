// The embedded session store: survives a new instance on the same folder, writes atomically,
// coalesces bursts, expires idle sessions, and sets damaged files aside.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileSessionStore } from '../../server/live/file-store.ts';
import type { SessionRecord } from '../../server/live/store.ts';
import { hashSecret } from '../../server/live/ids.ts';
import { tempDir } from '../helpers/server.ts';
import { sleep } from './helpers.ts';

function record(id: string, activeAt = Date.now()): SessionRecord {
  return {
    id,
    deck: 'talk',
    keyHash: hashSecret(`key-of-${id}-0123456789`),
    state: { h: 0, v: 0, f: -1, paused: false, seq: 1, at: activeAt },
    timer: { running: false, elapsedMs: 0, at: activeAt },
    createdAt: activeAt,
    activeAt,
  };
}

describe('FileSessionStore', () => {
  test('a created session is on disk at once and a new store on the folder finds it', async () => {
    const dir = await tempDir();
    const store = new FileSessionStore(dir);
    await store.open();
    assert.equal(await store.create(record('ABC234')), true);
    assert.equal(await store.create(record('ABC234')), false, 'ids are unique');
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'ABC234.json'), 'utf8'));
    assert.equal(onDisk.id, 'ABC234');
    const again = new FileSessionStore(dir);
    await again.open();
    assert.equal((await again.get('ABC234'))?.keyHash, record('ABC234').keyHash);
    assert.equal(await again.count(), 1);
  });

  test('updates are coalesced, reach the disk shortly after, and close() flushes what is pending', async () => {
    const dir = await tempDir();
    const store = new FileSessionStore(dir, { flushDelayMs: 50 });
    await store.open();
    await store.create(record('DEF567'));
    const file = path.join(dir, 'DEF567.json');
    const writes: number[] = [];
    const watcher = setInterval(async () => writes.push((await fs.stat(file)).mtimeMs), 5);
    for (let seq = 2; seq <= 100; seq++) {
      await store.update('DEF567', { state: { h: seq, v: 0, f: -1, paused: false, seq, at: Date.now() } });
    }
    await sleep(300);
    clearInterval(watcher);
    assert.equal(JSON.parse(await fs.readFile(file, 'utf8')).state.seq, 100);
    assert.ok(new Set(writes).size <= 3, `a burst of 99 updates made ${new Set(writes).size} writes`);
    await store.update('DEF567', { state: { h: 7, v: 0, f: -1, paused: true, seq: 101, at: Date.now() } });
    await store.close();
    assert.equal(JSON.parse(await fs.readFile(file, 'utf8')).state.seq, 101);
  });

  test('no temp file is left behind and leftovers of a crash are cleaned on open', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'GHJ234.json.abc123.tmp'), '{"half": ');
    const store = new FileSessionStore(dir, { flushDelayMs: 0 });
    await store.open();
    await store.create(record('GHJ234'));
    for (let i = 0; i < 20; i++) await store.update('GHJ234', { activeAt: Date.now() + i });
    await store.close();
    assert.deepEqual((await fs.readdir(dir)).sort(), ['GHJ234.json']);
  });

  test('damaged or foreign files are set aside, never loaded, never fatal', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'KMN234.json'), '{"id": "KMN234", "deck": ');
    await fs.writeFile(path.join(dir, 'PQR234.json'), JSON.stringify({ ...record('PQR234'), keyHash: 'short' }));
    await fs.writeFile(path.join(dir, 'notes.txt'), 'hello');
    const store = new FileSessionStore(dir);
    await store.open();
    assert.equal(await store.count(), 0);
    const names = (await fs.readdir(dir)).sort();
    assert.deepEqual(names, ['KMN234.json.bad', 'PQR234.json.bad', 'notes.txt']);
  });

  test('sessions idle for longer than the TTL expire, on open and on expire()', async () => {
    const dir = await tempDir();
    const day = 24 * 60 * 60 * 1000;
    const store = new FileSessionStore(dir);
    await store.open();
    await store.create(record('STU234', Date.now() - day - 1000));
    await store.create(record('VWX234', Date.now() - day + 60_000));
    assert.deepEqual(await store.expire(), ['STU234']);
    assert.equal(await store.get('STU234'), undefined);
    assert.deepEqual(await fs.readdir(dir), ['VWX234.json']);
    assert.deepEqual(await store.expire(Date.now() + 120_000), ['VWX234']);
    await fs.writeFile(path.join(dir, 'YZ2345.json'), JSON.stringify(record('YZ2345', Date.now() - 2 * day)));
    const reopened = new FileSessionStore(dir);
    await reopened.open();
    assert.equal(await reopened.count(), 0, 'expired on open');
  });
});
