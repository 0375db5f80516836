// `npm run bench:sync`: how long a presenter's move takes to reach every follower, Lectern beside
// a bare socket.io relay measured in the same run. The server runs in
// one process and the followers in another (two cores: one each); everything is on 127.0.0.1,
// bounded in count and time, and stops by itself.
//
//   npm run bench:sync -- [--followers 100,1000,3000] [--moves 40] [--gap 150] [--rounds 1]
//
// With `--processes N --redis` each run also measures Lectern on N processes sharing
// a redis-server started for the run (loopback, temp folder): the session is created on the
// first process, the presenter joins there, followers are dealt round-robin over all of them.
//
//   npm run bench:sync -- --processes 2 --redis --followers 1000,3000,5000
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FromLoad, LoadPlan, ServerReady, ToLoad, ToServer } from './bench/messages.ts';
import { ms, summarize, type Summary } from './bench/stats.ts';
import { createClient } from '@redis/client';
import { startRedisServer, type RunningRedis } from '../cli/deploy/redis-server.ts';
import { freePort } from '../cli/deploy/wait.ts';
import { child, nextMessage } from './bench/children.ts';

const MAX_FOLLOWERS = 5000;
const DEADLINE_MS = 15 * 60 * 1000;

interface Options {
  followers: number[];
  moves: number;
  gapMs: number;
  rounds: number;
  /** Lectern processes sharing Redis in the extra run (0: no such run). */
  processes: number;
}

type Kind = 'relay' | 'lectern' | 'redis';

interface Measurement {
  kind: Kind;
  /** "relay", "lectern", "lectern×2+redis". */
  label: string;
  followers: number;
  receipts: Summary;
  lastPerMove: Summary;
  missing: number;
  stale: number;
  bytesPerConnection: number;
  /** Redis's CPU per move, ms (runs over Redis only). */
  redisCpuMsPerMove?: number;
  /** Server CPU per move, ms. */
  cpuMsPerMove: number;
  connectMs: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      followers: { type: 'string', default: '100,1000,3000' },
      moves: { type: 'string', default: '40' },
      gap: { type: 'string', default: '150' },
      rounds: { type: 'string', default: '1' },
      processes: { type: 'string', default: '2' },
      redis: { type: 'boolean', default: false },
    },
  });
  const followers = values.followers.split(',').map(Number);
  if (followers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_FOLLOWERS)) {
    throw new Error(`--followers takes counts from 1 to ${MAX_FOLLOWERS}, comma-separated`);
  }
  const moves = Math.min(500, Math.max(1, Number(values.moves) || 40));
  const gapMs = Math.min(5000, Math.max(0, Number(values.gap) || 150));
  const rounds = Math.min(5, Math.max(1, Number(values.rounds) || 1));
  const processes = values.redis ? Math.min(8, Math.max(1, Number(values.processes) || 2)) : 0;
  return { followers, moves, gapMs, rounds, processes };
}

async function sample(servers: ChildProcess[]): Promise<{ rss: number; cpuMicros: number }> {
  const all = await Promise.all(
    servers.map((server) => {
      const reply = nextMessage<{ rss: number; cpuMicros: number }>(server, 'rss', 10_000);
      server.send({ type: 'rss' } satisfies ToServer);
      return reply;
    }),
  );
  return { rss: all.reduce((n, s) => n + s.rss, 0), cpuMicros: all.reduce((n, s) => n + s.cpuMicros, 0) };
}

/** Redis's own CPU so far (user + system), µs. */
async function redisCpuMicros(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    const info = await client.info('cpu');
    const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
    return (field('used_cpu_user') + field('used_cpu_sys')) * 1e6;
  } finally {
    await client.close();
  }
}

async function measure(kind: Kind, followers: number, opts: Options, redis?: RunningRedis): Promise<Measurement> {
  const count = kind === 'redis' ? opts.processes : 1;
  const args = (i: number) => (kind === 'redis' ? ['lectern', redis!.url, i === 0 ? 'create' : 'join'] : [kind]);
  // One at a time: the first creates the session the others serve.
  const servers: ChildProcess[] = [];
  let load: ChildProcess | undefined;
  try {
    const readies: ServerReady[] = [];
    for (let i = 0; i < count; i++) {
      const server = child('server-child.ts', args(i));
      servers.push(server);
      readies.push(await nextMessage<ServerReady>(server, 'ready', 30_000));
    }
    const ready = readies[0]!; // count is 1 or more
    // The baseline: after start-up garbage is collected and the heap has settled.
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await sample(servers);
    load = child('load-child.ts', []);
    const plan: LoadPlan = {
      type: 'plan',
      kind: kind === 'relay' ? 'relay' : 'lectern',
      url: `http://127.0.0.1:${ready.port}`,
      followerUrls: readies.map((r) => `http://127.0.0.1:${r.port}`),
      followers,
      moves: opts.moves,
      session: ready.session,
      key: ready.key,
      gapMs: opts.gapMs,
      moveTimeoutMs: 5000,
    };
    load.send(plan satisfies ToLoad);
    const connected = await nextMessage<{ ms: number }>(load, 'connected', 180_000);
    await new Promise((r) => setTimeout(r, 1000)); // let joins and presence settle
    const loaded = await sample(servers);
    const redisBefore = redis && kind === 'redis' ? await redisCpuMicros(redis.url) : undefined;
    load.send({ type: 'go' } satisfies ToLoad);
    const result = await nextMessage<Extract<FromLoad, { type: 'result' }>>(load, 'result', opts.moves * 8000 + 30_000);
    // Server CPU (all threads) from "go" to the last receipt, per move: what scheduling noise on a
    // shared machine hardly changes, unlike latency.
    const finished = await sample(servers);
    const redisAfter = redisBefore !== undefined ? await redisCpuMicros(redis!.url) : undefined;
    return {
      kind,
      label: kind === 'redis' ? `lectern×${count}+redis` : kind,
      followers,
      receipts: summarize(result.receipts),
      lastPerMove: summarize(result.lastPerMove),
      missing: result.missing,
      stale: result.stale,
      bytesPerConnection: (loaded.rss - idle.rss) / followers,
      cpuMsPerMove: (finished.cpuMicros - loaded.cpuMicros) / 1000 / opts.moves,
      // Includes the 1 s settle after the last move: an upper bound.
      redisCpuMsPerMove: redisAfter !== undefined ? (redisAfter - redisBefore!) / 1000 / opts.moves : undefined,
      connectMs: connected.ms,
    };
  } finally {
    load?.kill('SIGKILL');
    for (const server of servers) {
      server.send({ type: 'stop' } satisfies ToServer, () => {});
      setTimeout(() => server.kill('SIGKILL'), 2000).unref();
    }
  }
}

function row(m: Measurement): string {
  const r = m.receipts;
  const kb = (m.bytesPerConnection / 1024).toFixed(1);
  return [
    m.label.padEnd(16),
    String(m.followers).padStart(6),
    ms(r.p50).padStart(9),
    ms(r.p95).padStart(9),
    ms(r.p99).padStart(9),
    ms(r.max).padStart(9),
    ms(m.lastPerMove.p99).padStart(10),
    `${kb} KB`.padStart(9),
    ms(m.cpuMsPerMove).padStart(10),
    String(m.missing).padStart(7),
    String(m.stale).padStart(5),
    m.redisCpuMsPerMove !== undefined ? `redis ${ms(m.redisCpuMsPerMove)}/move` : '',
  ].join('  ');
}

async function main(): Promise<void> {
  const opts = options();
  const deadline = setTimeout(() => {
    console.error(`bench-sync: stopped after ${DEADLINE_MS / 60000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const load = () => (os.loadavg()[0] ?? 0).toFixed(2);
  console.log(`bench-sync: load average ${load()} before the run`);
  console.log(`bench-sync: ${opts.moves} moves per run, ${opts.gapMs} ms apart after the last receipt, ${opts.rounds} round(s); server and followers in separate processes on 127.0.0.1`);
  let redis: RunningRedis | undefined;
  let redisDir: string | undefined;
  if (opts.processes > 0) {
    redisDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-redis-'));
    redis = await startRedisServer({ port: await freePort(), dir: redisDir });
    console.log(`bench-sync: redis-server on ${redis.url} for Lectern on ${opts.processes} processes`);
  }
  console.log(`${'server'.padEnd(16)}  ${'N'.padStart(6)}  ${'p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'p99'.padStart(9)}  ${'max'.padStart(9)}  ${'last p99'.padStart(10)}  ${'mem/conn'.padStart(9)}  ${'cpu/move'.padStart(10)}  missing  stale`);
  const all: Measurement[] = [];
  for (const followers of opts.followers) {
    for (let round = 0; round < opts.rounds; round++) {
      // Alternate who goes first, so warm-up and drift do not favour one side.
      const kinds: Kind[] = redis ? ['relay', 'lectern', 'redis'] : ['relay', 'lectern'];
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) {
        const m = await measure(kind, followers, opts, redis);
        all.push(m);
        console.log(row(m));
      }
    }
  }
  await redis?.stop();
  if (redisDir) await fs.rm(redisDir, { recursive: true, force: true });
  console.log(`\np99 per receipt (median of ${opts.rounds} run(s)), Lectern ÷ bare relay (target ≤ 1.2 at 1,000 and 3,000 followers):`);
  for (const followers of opts.followers) {
    // The median run: one run disturbed by something else on the machine does not decide.
    const p99 = (kind: string) => summarize(all.filter((m) => m.kind === kind && m.followers === followers).map((m) => m.receipts.p99)).p50;
    const ratio = p99('lectern') / p99('relay');
    const cpu = (kind: string) => summarize(all.filter((m) => m.kind === kind && m.followers === followers).map((m) => m.cpuMsPerMove)).p50;
    console.log(
      `  ${String(followers).padStart(5)} followers: ${ms(p99('lectern'))} ÷ ${ms(p99('relay'))} = ${ratio.toFixed(2)}${ratio <= 1.2 ? '' : '  (over target)'}` +
        `   server CPU per move ${ms(cpu('lectern'))} ÷ ${ms(cpu('relay'))} = ${(cpu('lectern') / cpu('relay')).toFixed(2)}`,
    );
  }
  if (redis) {
    console.log(`\np99 per receipt, Lectern on ${opts.processes} processes over Redis ÷ bare relay on one (target ≤ 1.5; stale must be 0):`);
    for (const followers of opts.followers) {
      const runs = all.filter((m) => m.followers === followers);
      const p99 = (kind: Kind) => summarize(runs.filter((m) => m.kind === kind).map((m) => m.receipts.p99)).p50;
      const ratio = p99('redis') / p99('relay');
      const stale = runs.filter((m) => m.kind === 'redis').reduce((n, m) => n + m.stale + m.missing, 0);
      console.log(`  ${String(followers).padStart(5)} followers: ${ms(p99('redis'))} ÷ ${ms(p99('relay'))} = ${ratio.toFixed(2)}${ratio <= 1.5 ? '' : '  (over target)'}   stale+missing ${stale}`);
    }
  }
  console.log(`load average ${load()} after the run (2 cores: anything else running skews both sides)`);
  console.log('\np50–max: every follower receipt of every move; "last p99": the slowest follower of each move; mem/conn: server RSS growth ÷ N after GC (all processes); cpu/move: server CPU time (all threads, all processes) per move; stale: followers whose last state is not the final one.');
}

main().catch((err: unknown) => {
  console.error(`bench-sync: ${(err as Error).message}`);
  process.exit(1);
});
