// The embedded session store: survives a new instance on the same folder, writes atomically,
// coalesces bursts, expires idle sessions, and sets damaged files aside.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileSessionStore } from '../../server/live/stores/file-store.ts';
import { LecternError } from '../../shared/errors.ts';
import type { SessionRecord } from '../../server/live/stores/store.ts';
import { hashSecret } from '../../server/live/sessions/ids.ts';
import { tempDir } from '../helpers/server.ts';
import { sleep } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

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
    const onDisk = async () => JSON.parse(await fs.readFile(file, 'utf8')).state.seq;
    await waitFor('the burst to reach the disk', async () => (await onDisk()) === 100, { timeoutMs: 3000 });
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

/** A logger that keeps what it is told, to count lines. */
export function recordingLogger() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: unknown, msg?: string) => void lines.push({ level, msg: msg ?? '' });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('FileSessionStore: sessions waiting for a presenter, and caps', () => {
  const minute = 60_000;

  test('a session no presenter claims is gone at its deadline: get, count, expire; a claimed one stays', async () => {
    const dir = await tempDir();
    const t0 = 1_800_000_000_000;
    let now = t0;
    const store = new FileSessionStore(dir, { clock: () => now });
    await store.open();
    await store.create({ ...record('PEN234', t0), pendingUntil: t0 + 10 * minute, creator: '203.0.113.9' });
    await store.create({ ...record('CMM234', t0), pendingUntil: t0 + 10 * minute, creator: '203.0.113.9' });
    now = t0 + 5 * minute;
    assert.ok(await store.update('CMM234', { activeAt: now, claimed: true }));
    assert.equal((await store.get('CMM234'))?.pendingUntil, undefined);
    assert.equal(await store.count(), 2);
    now = t0 + 10 * minute;
    assert.equal(await store.get('PEN234'), undefined, 'past its deadline: not found');
    assert.equal(await store.count(), 1, 'and not counted');
    assert.equal(await store.update('PEN234', { activeAt: now, claimed: true }), undefined, 'too late to claim');
    assert.deepEqual(await store.expire(), ['PEN234']);
    assert.deepEqual(await fs.readdir(dir), ['CMM234.json']);
  });

  test('sessions still waiting for a presenter when the server stops are dropped on the next start', async () => {
    const dir = await tempDir();
    const store = new FileSessionStore(dir);
    await store.open();
    await store.create({ ...record('WAT234'), pendingUntil: Date.now() + 10 * minute });
    await store.create(record('KEP234'));
    await store.close();
    const again = new FileSessionStore(dir);
    await again.open();
    assert.equal(await again.get('WAT234'), undefined);
    assert.ok(await again.get('KEP234'));
    assert.deepEqual(await fs.readdir(dir), ['KEP234.json']);
  });

  test('caps: the total and each creator\'s share; sessions past their deadline count for nothing', async () => {
    const dir = await tempDir();
    const t0 = 1_800_000_000_000;
    const store = new FileSessionStore(dir);
    await store.open();
    const caps = { total: 4, perCreator: 2 };
    const mine = (id: string, at = t0) => ({ ...record(id, at), creator: '2001:db8:1:2::/64', pendingUntil: at + 10 * minute });
    assert.equal(await store.create(mine('AAA234'), caps), true);
    assert.equal(await store.create(mine('AAB234'), caps), true);
    await assert.rejects(store.create(mine('AAC234'), caps), (err) => err instanceof LecternError && err.code === 'too-many-from-address');
    assert.equal(await store.create({ ...record('BBA234', t0), creator: '203.0.113.1' }, caps), true);
    assert.equal(await store.create(record('BBB234', t0), caps), true, 'the operator\'s own count only towards the total');
    await assert.rejects(store.create({ ...record('BBC234', t0), creator: '203.0.113.2' }, caps), (err) => err instanceof LecternError && err.code === 'too-many-sessions');
    // Ten minutes on, the two unclaimed sessions count no more: room for the creator and the total.
    assert.equal(await store.create(mine('AAD234', t0 + 10 * minute), caps), true);
    assert.equal(await store.create(mine('AAE234', t0 + 10 * minute), caps), true);
    assert.equal(await store.get('AAC234'), undefined, 'a refused session is not kept');
  });
});

describe('FileSessionStore: a disk that refuses writes', () => {
  test('a create that cannot be written is refused and forgotten; later failures retry with a growing pause, logged once', async () => {
    const parent = await tempDir();
    const dir = path.join(parent, 'sessions');
    const { lines, logger } = recordingLogger();
    const store = new FileSessionStore(dir, { flushDelayMs: 0, retryMs: 20, retryMaxMs: 80, logger });
    await store.open();
    await store.create(record('OKA234'));
    // The folder turns into a file: every write fails (ENOTDIR), whoever runs the tests.
    await fs.rm(dir, { recursive: true });
    await fs.writeFile(dir, '');
    for (const id of ['NOA234', 'NOB234', 'NOC234']) {
      await assert.rejects(store.create(record(id)), (err) => err instanceof LecternError && err.code === 'store-unavailable');
      assert.equal(await store.get(id), undefined, 'nothing promised that is not on disk');
    }
    assert.equal(await store.count(), 1);
    // Moves keep coming while writes fail: retried after 20, 40, 80, 80… ms, not every flush.
    const opens = countOpens();
    const started = Date.now();
    for (let i = 1; i <= 30; i++) {
      await store.move('OKA234', { h: i, v: 0, f: -1 });
      await sleep(10); // moves spread over ~300 ms: what is measured is the retry rate over time
    }
    const attempts = opens.stop();
    const elapsed = Date.now() - started;
    assert.ok(attempts <= Math.ceil(elapsed / 80) + 3, `${attempts} write attempts in ${elapsed} ms`);
    assert.deepEqual(lines.filter((l) => l.level === 'error').length, 1, JSON.stringify(lines));
    // The folder comes back: the latest state lands, and that is logged once.
    await fs.rm(dir);
    await fs.mkdir(dir);
    await waitFor('the session file to be written again', async () => (await fs.readFile(path.join(dir, 'OKA234.json'), 'utf8').catch(() => '')) !== '', { timeoutMs: 3000 });
    assert.equal(JSON.parse(await fs.readFile(path.join(dir, 'OKA234.json'), 'utf8')).state.h, 30);
    await waitFor('the all-clear to be logged', () => lines.length >= 2, { timeoutMs: 3000 });
    assert.deepEqual(lines.map((l) => l.level), ['error', 'info']);
    await store.close();
    assert.deepEqual(await fs.readdir(dir), ['OKA234.json'], 'no temp file left behind');
  });
});

/** Counts temp files opened for writing (each is one write attempt) until stop(). */
function countOpens(): { stop(): number } {
  const original = fs.open;
  let count = 0;
  fs.open = ((file: Parameters<typeof original>[0], ...rest: unknown[]) => {
    if (String(file).endsWith('.tmp')) count++;
    return (original as (...args: unknown[]) => ReturnType<typeof original>)(file, ...rest);
  }) as typeof original;
  return {
    stop() {
      fs.open = original;
      return count;
    },
  };
}
