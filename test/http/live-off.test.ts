// A DATA_DIR that cannot be created or written: the server starts, says so in one line, serves
// the decks, and every live route answers a clear 503 (JSON for the API, a page for people, an
// ack for sockets) instead of a stack trace or nothing.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { freePort } from '../helpers/redis.ts';
import { mountTmpfs } from '../helpers/tmpfs.ts';
import { closeClients, connectClient, liveDecks, request } from '../live/helpers.ts';
import { waitFor } from '../helpers/wait.ts';

/** A DATA_DIR below a plain file: no one can create it, root included (ENOTDIR). */
async function uncreatableDataDir(): Promise<string> {
  const file = path.join(await tempDir('lectern-data-'), 'a-file');
  await fs.writeFile(file, '');
  return path.join(file, 'data');
}

async function assertLiveOff(server: TestServer): Promise<void> {
  assert.equal((await fetch(`${server.url}/`)).status, 200, 'the index');
  assert.equal((await fetch(`${server.url}/decks/talk`)).status, 200, 'a deck');
  const api = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"deck":"talk"}' });
  assert.equal(api.status, 503);
  assert.deepEqual(await api.json(), { error: { code: 'live-off', message: "live sessions are off: the server's DATA_DIR is not writable" } });
  assert.equal((await fetch(`${server.url}/api/sessions/ABCDEF`)).status, 503);
  for (const page of ['/live', '/live/ABCDEF', '/present/ABCDEF']) {
    const res = await fetch(`${server.url}${page}`);
    assert.equal(res.status, 503, page);
    assert.match(await res.text(), /Live sessions are off: the server&#39;s DATA_DIR is not writable|Live sessions are off: the server's DATA_DIR is not writable/, page);
  }
  const socket = await connectClient(server.url);
  assert.deepEqual(await request(socket, 'session:join', { session: 'ABCDEF' }), { ok: false, error: 'store-unavailable' });
}

describe('a DATA_DIR that cannot hold sessions', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    closeClients();
    await server?.close();
    server = undefined;
  });

  test('one that cannot be created: one notice naming it; decks served; live routes 503', async () => {
    const dataDir = await uncreatableDataDir();
    server = await startServer({ decksDir: await liveDecks(), dataDir });
    assert.deepEqual(server.lectern.notices, [`live sessions are off: DATA_DIR ${dataDir} is not writable (ENOTDIR); decks are still served`]);
    await assertLiveOff(server);
  });

  test('one on a read-only filesystem', async (t) => {
    const disk = await mountTmpfs('ro,size=64k');
    if (!disk) return t.skip('mounting a tmpfs is not allowed here (needs root)');
    try {
      server = await startServer({ decksDir: await liveDecks(), dataDir: disk.dir });
      assert.equal(server.lectern.notices.length, 1);
      assert.match(server.lectern.notices[0], /DATA_DIR .* is not writable \(EROFS\)/);
      await assertLiveOff(server);
    } finally {
      await server?.close();
      server = undefined;
      await disk.unmount();
    }
  });
});

describe('npm start with a DATA_DIR that cannot be created', () => {
  let child: ChildProcess | undefined;
  after(() => {
    child?.kill('SIGKILL');
  });

  test('keeps serving and prints one line about it, no stack trace', async () => {
    const port = await freePort();
    const dataDir = await uncreatableDataDir();
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts'), '--port', String(port), '--host', '127.0.0.1', '--decks', await liveDecks(), '--data', dataDir, '--no-watch'],
      { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    let output = '';
    proc.stdout!.on('data', (d) => (output += d));
    proc.stderr!.on('data', (d) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`the server to answer /healthz (or stop)`, async () => proc.exitCode !== null || (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)), { timeoutMs: 20_000, intervalMs: 50 });
    assert.equal(proc.exitCode, null, `the server stopped:\n${output}`);
    assert.equal((await fetch(`${url}/decks/talk`)).status, 200);
    assert.equal((await fetch(`${url}/live/ABCDEF`)).status, 503);
    const lines = output.split('\n').filter((l) => l.includes('DATA_DIR'));
    assert.deepEqual(lines, [`lectern: live sessions are off: DATA_DIR ${dataDir} is not writable (ENOTDIR); decks are still served`], output);
    assert.doesNotMatch(output, /^\s+at /m, 'no stack trace');
  });
});
