// A full disk under DATA_DIR, for real: a 64 KB tmpfs filled to the last block. A session that
// cannot be written is answered 503 and kept nowhere; a running session's writes back off and
// are logged once; no temp file is ever left behind; and when space comes back, the latest state
// lands. Skipped where mounting is not allowed (mount needs root).
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server.ts';
import { keptLogger } from '../helpers/log.ts';
import { mountTmpfs, type Tmpfs } from '../helpers/tmpfs.ts';
import type { Ack, JoinResult, LiveState } from '../../shared/protocol.ts';
import { closeClients, connectClient, createSession, liveDecks, postSession, request, sleep } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';


describe('a full disk under DATA_DIR', async () => {
  const disk: Tmpfs | undefined = await mountTmpfs('size=64k');
  const skip = disk ? false : 'mounting a tmpfs is not allowed here (needs root)';
  let server: TestServer;
  let kept: ReturnType<typeof keptLogger>;
  const filler = () => path.join(disk!.dir, 'filler');
  const sessionsDir = () => path.join(disk!.dir, 'sessions');

  /** Takes every free block; a one-byte write then fails with ENOSPC. */
  async function fill(): Promise<void> {
    await fs.writeFile(filler(), Buffer.alloc(128 * 1024)).catch((err: NodeJS.ErrnoException) => assert.equal(err.code, 'ENOSPC'));
    await assert.rejects(fs.writeFile(path.join(disk!.dir, 'probe'), 'x'), { code: 'ENOSPC' });
    await fs.rm(path.join(disk!.dir, 'probe'), { force: true });
  }

  before(async () => {
    if (!disk) return;
    kept = keptLogger();
    server = await startServer({ decksDir: await liveDecks(), dataDir: disk.dir }, { logger: kept.logger, live: { retryMs: 20 } });
  });
  afterEach(async () => {
    closeClients();
    if (disk) await fs.rm(filler(), { force: true });
  });
  after(async () => {
    await server?.close();
    await disk?.unmount();
  });

  test('a new session is 503 and kept nowhere, with no temp file and one log line; with space back, 201', { skip }, async () => {
    await fill();
    for (let i = 0; i < 5; i++) {
      const res = await postSession(server.url, 'talk');
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'store-unavailable');
    }
    assert.deepEqual(await fs.readdir(sessionsDir()), [], 'no session file, no temp file');
    assert.equal(kept.lines.filter((l) => l.level >= 50).length, 1, JSON.stringify(kept.lines));
    await fs.rm(filler());
    const created = await createSession(server.url, 'talk');
    assert.ok(JSON.parse(await fs.readFile(path.join(sessionsDir(), `${created.id}.json`), 'utf8')).keyHash);
    assert.equal((await fetch(`${server.url}/api/sessions/${created.id}`)).status, 200);
  });

  test('a running session carries on: writes back off, one log line, no temp files; the latest state lands when space is back', { skip }, async () => {
    kept.lines.length = 0;
    const s = await createSession(server.url, 'talk');
    const presenter = await connectClient(server.url);
    assert.ok((await request<Ack<JoinResult>>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    await fill();
    let last: LiveState | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await request<Ack<{ state: LiveState }>>(presenter, 'presenter:navigate', { h: i % 4, v: 0, f: -1, paused: i % 2 === 0 });
      assert.ok(res.ok, 'moves go on while the disk is full');
      last = res.state;
      // Moves spread over time, so failing write attempts and their retries fall between them
      // (pacing, not a wait for something to happen).
      await sleep(50);
      // At most the one attempt in flight: failed attempts leave nothing behind.
      const temps = (await fs.readdir(sessionsDir())).filter((n) => n.endsWith('.tmp'));
      assert.ok(temps.length <= 1, `temp files pile up: ${temps.join(', ')}`);
    }
    assert.equal(kept.lines.filter((l) => l.level >= 50).length, 1, 'logged once, not per retry');
    await fs.rm(filler());
    const file = path.join(sessionsDir(), `${s.id}.json`);
    await waitFor('the latest state on disk', async () => JSON.parse(await fs.readFile(file, 'utf8')).state.seq === last!.seq);
    await waitFor('the all-clear', async () => kept.lines.some((l) => l.msg === 'session writes work again'));
    assert.deepEqual((await fs.readdir(sessionsDir())).filter((n) => n.endsWith('.tmp')), []);
  });
});
