// State that is never lost: the session, its key and its slide survive a restart on
// the same DATA_DIR — a clean close in process, and a SIGKILL'd server process mid-talk — and
// connected followers reconnect by themselves and land on the live slide.
import { after, afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import type { Ack, JoinResult, LiveState } from '../../shared/protocol.ts';
import { RESTART_SEQ_GAP } from '../../server/live/sessions/sessions.ts';
import { startServer, tempDir } from '../helpers/server.ts';
import { freePort } from '../helpers/redis.ts';
import { closeClients, connectClient, createSession, liveDecks, nextEvent, request, sleep } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type JoinAck = Ack<JoinResult>;
type MoveAck = Ack<{ state: LiveState }>;

describe('restarts', () => {
  afterEach(() => closeClients());

  test('closing the app and starting a new one on the same DATA_DIR keeps session, key, slide and timer', async () => {
    const decksDir = await liveDecks();
    const dataDir = await tempDir('lectern-data-');
    const first = await startServer({ decksDir, dataDir });
    const s = await createSession(first.url, 'talk');
    const presenter = await connectClient(first.url);
    assert.ok((await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    const moved = await request<MoveAck>(presenter, 'presenter:navigate', { h: 2, v: 1, f: -1, paused: true });
    assert.ok(moved.ok);
    assert.ok((await request(presenter, 'presenter:timer', { action: 'start' }) as { ok: boolean }).ok);
    await first.close();

    const second = await startServer({ decksDir, dataDir });
    try {
      const described = (await (await fetch(`${second.url}/api/sessions/${s.id}`)).json()) as { state: LiveState };
      assert.deepEqual([described.state.h, described.state.v, described.state.f, described.state.paused], [2, 1, -1, true]);
      assert.ok(described.state.seq > moved.state.seq, 'seq only grows across the restart');
      const again = await connectClient(second.url);
      const joined = await request<JoinAck>(again, 'session:join', { session: s.id, key: s.presenterKey });
      assert.ok(joined.ok && joined.role === 'presenter', 'the same key still presents');
      assert.equal(joined.timer?.running, true);
      const wrong = await connectClient(second.url);
      assert.deepEqual(await request(wrong, 'session:join', { session: s.id, key: 'not-the-key-0123456789' }), { ok: false, error: 'bad-key' });
      const next = await request<MoveAck>(again, 'presenter:navigate', { h: 3, v: 0, f: -1, paused: false });
      assert.ok(next.ok && next.state.seq === described.state.seq + 1);
    } finally {
      await second.close();
    }
  });

  describe('a server process killed with SIGKILL mid-talk', () => {
    let child: ChildProcess | undefined;
    after(() => {
      child?.kill('SIGKILL');
    });

    async function startProcess(port: number, decksDir: string, dataDir: string): Promise<ChildProcess> {
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts'), '--port', String(port), '--host', '127.0.0.1', '--decks', decksDir, '--data', dataDir, '--no-watch'],
        { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: 'ignore' },
      );
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}`);
        const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (up) return proc;
        await sleep(100);
      }
      throw new Error('server did not start');
    }

    test('comes back with the session; followers reconnect by themselves onto the live slide', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const decksDir = await liveDecks();
      const dataDir = await tempDir('lectern-data-');
      child = await startProcess(port, decksDir, dataDir);
      const s = await createSession(url, 'talk');

      // Followers that rejoin on every connect, as the pages do; they keep the newest state.
      const followers = await Promise.all(
        Array.from({ length: 5 }, async () => {
          const socket = await connectClient(url, { reconnection: true });
          const seen: { state?: LiveState; joins: number } = { joins: 0 };
          const join = () =>
            socket.emit('session:join', { session: s.id }, (res) => {
              if (!res.ok) return;
              seen.state = res.state;
              seen.joins++;
            });
          socket.on('connect', join);
          socket.on('session:state', (state) => {
            if (!seen.state || state.seq > seen.state.seq) seen.state = state;
          });
          join();
          return { socket, seen };
        }),
      );
      const presenter = await connectClient(url);
      assert.ok((await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
      let last: LiveState | undefined;
      for (const move of [{ h: 1, v: 0, f: 0 }, { h: 1, v: 0, f: 1 }, { h: 2, v: 2, f: -1 }]) {
        const res = await request<MoveAck>(presenter, 'presenter:navigate', move);
        assert.ok(res.ok);
        last = res.state;
      }
      // The write is coalesced for a few milliseconds after the broadcast: wait until it is on disk.
      const file = path.join(dataDir, 'sessions', `${s.id}.json`);
      await waitFor('the last move on disk', async () => JSON.parse(await fs.readFile(file, 'utf8')).state.seq === last!.seq, { timeoutMs: 3000 });
      const dropped = followers.map(({ socket }) => nextEvent(socket, 'disconnect' as never, () => true, 5000));
      child.kill('SIGKILL');
      await Promise.all(dropped);

      child = await startProcess(port, decksDir, dataDir);
      await waitFor('every follower to reconnect', () => followers.every(({ socket }) => socket.connected), { timeoutMs: 10_000 });
      assert.ok(followers.every(({ socket }) => socket.connected), 'every follower reconnected by itself');
      await waitFor('every follower to join again after the restart', () => followers.every(({ seen }) => seen.joins >= 2), { timeoutMs: 5000 });
      for (const { seen } of followers) {
        assert.deepEqual([seen.state?.h, seen.state?.v, seen.state?.f], [2, 2, -1]);
        assert.ok(seen.state!.seq >= last!.seq + RESTART_SEQ_GAP, 'the seq after the restart is newer than any before');
      }
      // The same key drives the restarted server, and followers follow.
      const again = await connectClient(url);
      assert.ok((await request<JoinAck>(again, 'session:join', { session: s.id, key: s.presenterKey })).ok);
      const heard = Promise.all(followers.map(({ socket }) => nextEvent(socket, 'session:state', (st) => st.h === 3)));
      assert.ok((await request<MoveAck>(again, 'presenter:navigate', { h: 3, v: 0, f: -1 })).ok);
      await heard;
    });
  });
});
