// A benchmark server in its own process (forked by scripts/bench-sync.ts): either Lectern itself
// (createApplication, a real session) or a bare socket.io relay that rebroadcasts each move to a
// room and does nothing else. Listens on 127.0.0.1 only; talks to the parent over IPC.
import http from 'node:http';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createApplication } from '../../server/app.ts';
import { BENCH_DECK, BENCH_POLL_DECK, type ServerReady, type ToServer } from './messages.ts';

const kind = process.argv[2];
/** `lectern <redis-url|-> <create|join>`: several processes share one Redis; one creates the session. */
const redisUrl = process.argv[3] && process.argv[3] !== '-' ? process.argv[3] : undefined;
const createSession = process.argv[4] !== 'join';
/** `poll`: the audience benchmark's deck. */
const deck = process.argv[5] === 'poll' ? BENCH_POLL_DECK : BENCH_DECK;

function rss(): number {
  // --expose-gc is passed by the parent; collect first so the figure is live memory, not garbage.
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function relay(): Promise<{ port: number; close(): Promise<void> }> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('session:join', (_payload: unknown, ack?: (res: object) => void) => {
      void socket.join('room');
      ack?.({ ok: true, state: { h: 0, v: 0, f: -1, paused: false, seq: 0, at: Date.now() } });
    });
    socket.on('presenter:navigate', (payload: unknown, ack?: (res: object) => void) => {
      io.to('room').emit('session:state', payload);
      ack?.({ ok: true });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    port: (httpServer.address() as AddressInfo).port,
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
}

async function lectern(): Promise<{ port: number; session: string; key: string; close(): Promise<void> }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-'));
  const decksDir = path.join(root, 'decks');
  await fs.mkdir(decksDir);
  await fs.writeFile(path.join(decksDir, 'bench.md'), deck);
  const app = await createApplication({
    port: 0,
    host: '127.0.0.1',
    decksDir,
    dataDir: path.join(root, 'data'),
    watch: false,
    logLevel: 'silent',
    redisUrl,
  });
  const { port } = await app.listen(0, '127.0.0.1');
  const close = async () => {
    await app.close();
    await fs.rm(root, { recursive: true, force: true });
  };
  if (!createSession) return { port, session: '', key: '', close };
  const res = await fetch(`http://127.0.0.1:${port}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deck: 'bench' }),
  });
  const created = (await res.json()) as { id: string; presenterKey: string };
  return { port, session: created.id, key: created.presenterKey, close };
}

async function main(): Promise<void> {
  const ready: ServerReady = { type: 'ready', port: 0, rss: 0 };
  let server: { port: number; close(): Promise<void> };
  if (kind === 'relay') server = await relay();
  else {
    const app = await lectern();
    server = app;
    ready.session = app.session;
    ready.key = app.key;
  }
  ready.port = server.port;
  ready.rss = rss();
  process.send!(ready);
  process.on('message', async (message: ToServer) => {
    if (message.type === 'rss') {
      const memory = rss();
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'rss', rss: memory, cpuMicros: user + system });
    }
    if (message.type === 'stop') {
      await server.close();
      process.exit(0);
    }
  });
  // Never outlive the parent.
  process.on('disconnect', () => process.exit(0));
}

void main();
