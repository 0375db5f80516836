// `npm run bench:pointer`: the laser pointer at scale. One Lectern process (the server's own
// core), N followers and one presenter in this process; the presenter sends at `--hz` (faster
// than any page does) for `--seconds`. Reported: what each follower receives a second (the
// coalesced rate), the last spot reaching everyone, and how long a spot takes from the
// presenter's emit to each follower (p50/p95/p99). Loopback only, bounded, stops by itself.
//
//   npm run bench:pointer -- [--followers 500] [--hz 120] [--seconds 5]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, CreatedSession, ServerToClientEvents } from '../shared/protocol.ts';
import { startLecternProcess } from '../cli/deploy/process.ts';
import { freePort } from '../cli/deploy/wait.ts';
import { ms, summarize } from './bench/stats.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const { values } = parseArgs({
  options: { followers: { type: 'string', default: '500' }, hz: { type: 'string', default: '120' }, seconds: { type: 'string', default: '5' } },
});
const followers = Math.min(3000, Math.max(1, Number(values.followers)));
const hz = Math.min(1000, Math.max(1, Number(values.hz)));
const seconds = Math.min(60, Math.max(1, Number(values.seconds)));

const decks = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-pointer-'));
await fs.writeFile(path.join(decks, 'talk.md'), '# Pointer\n\n---\n\n## Two\n');
const server = await startLecternProcess({
  port: await freePort(),
  env: { DECKS_DIR: decks, DATA_DIR: path.join(decks, '.data'), LECTERN_WATCH: '0', LOG_LEVEL: 'silent' },
});
const clients: Client[] = [];

async function member(session: string, key?: string): Promise<Client> {
  const socket: Client = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const joined = await socket.timeout(10_000).emitWithAck('session:join', { session, ...(key && { key }) });
  if (!joined.ok) throw new Error(`join: ${joined.error}`);
  return socket;
}

try {
  const res = await fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deck: 'talk' }) });
  const created = (await res.json()) as CreatedSession;
  const presenter = await member(created.id, created.presenterKey);
  for (let i = 0; i < followers; i += 50) await Promise.all(Array.from({ length: Math.min(50, followers - i) }, () => member(created.id)));

  // A spot's y names its emit: the time it left the presenter is looked up on arrival.
  const total = hz * seconds;
  const sentAt = new Float64Array(total + 1);
  const latencies: number[] = [];
  let received = 0;
  let lastEverywhere = 0;
  for (const socket of clients.slice(1)) {
    socket.on('session:pointer', (update) => {
      if (!('y' in update)) return;
      const n = Math.round(update.y * total);
      latencies.push(performance.now() - sentAt[n]!);
      received++;
      if (n === total) lastEverywhere++;
    });
  }
  const started = performance.now();
  for (let n = 1; n <= total; n++) {
    const due = started + (n * 1000) / hz;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt[n] = performance.now();
    presenter.emit('presenter:pointer', { h: 0, v: 0, x: 0.5, y: n / total });
  }
  const deadline = performance.now() + 10_000;
  while (lastEverywhere < followers && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsed = (performance.now() - started) / 1000;
  const lat = summarize(latencies);
  console.log(`${followers} followers, presenter sending ${hz}/s for ${seconds} s (${total} spots)`);
  console.log(`  received per follower: ${(received / followers / elapsed).toFixed(1)}/s (${received} relayed spots in all)`);
  console.log(`  the last spot reached ${lastEverywhere} of ${followers} followers`);
  console.log(`  emit → follower: p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}, p99 ${ms(lat.p99)}, max ${ms(lat.max)}`);
} finally {
  for (const socket of clients) socket.close();
  await server.kill();
  await fs.rm(decks, { recursive: true, force: true });
}
