// `npm run bench:sync`: how long a presenter's move takes to reach every follower, Lectern beside
// a bare socket.io relay measured in the same run (issue #3, "Done means"). The server runs in
// one process and the followers in another (two cores: one each); everything is on 127.0.0.1,
// bounded in count and time, and stops by itself.
//
//   npm run bench:sync -- [--followers 100,1000,3000] [--moves 40] [--gap 150] [--rounds 1]
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { FromLoad, LoadPlan, ServerReady, ToLoad, ToServer } from './bench/messages.ts';
import { ms, summarize, type Summary } from './bench/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAX_FOLLOWERS = 5000;
const DEADLINE_MS = 15 * 60 * 1000;

interface Options {
  followers: number[];
  moves: number;
  gapMs: number;
  rounds: number;
}

interface Measurement {
  kind: 'relay' | 'lectern';
  followers: number;
  receipts: Summary;
  lastPerMove: Summary;
  missing: number;
  bytesPerConnection: number;
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
    },
  });
  const followers = values.followers.split(',').map(Number);
  if (followers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_FOLLOWERS)) {
    throw new Error(`--followers takes counts from 1 to ${MAX_FOLLOWERS}, comma-separated`);
  }
  const moves = Math.min(500, Math.max(1, Number(values.moves) || 40));
  const gapMs = Math.min(5000, Math.max(0, Number(values.gap) || 150));
  const rounds = Math.min(5, Math.max(1, Number(values.rounds) || 1));
  return { followers, moves, gapMs, rounds };
}

function child(script: string, args: string[]): ChildProcess {
  return fork(path.join(here, 'bench', script), args, {
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(proc: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from ${path.basename(String(proc.spawnargs.at(-2)))} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(message.message));
      } else if (message.type === type) {
        clearTimeout(timer);
        proc.off('message', onMessage);
        resolve(message as T);
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${type}: child exited with ${code}`));
    });
  });
}

async function measure(kind: 'relay' | 'lectern', followers: number, opts: Options): Promise<Measurement> {
  const server = child('server-child.ts', [kind]);
  let load: ChildProcess | undefined;
  try {
    const ready = await nextMessage<ServerReady>(server, 'ready', 30_000);
    // The baseline: after start-up garbage is collected and the heap has settled.
    await new Promise((r) => setTimeout(r, 1000));
    server.send({ type: 'rss' } satisfies ToServer);
    const idle = await nextMessage<{ rss: number }>(server, 'rss', 10_000);
    load = child('load-child.ts', []);
    const plan: LoadPlan = {
      type: 'plan',
      kind,
      url: `http://127.0.0.1:${ready.port}`,
      followers,
      moves: opts.moves,
      session: ready.session,
      key: ready.key,
      gapMs: opts.gapMs,
      moveTimeoutMs: 5000,
    };
    load.send(plan satisfies ToLoad);
    const connected = await nextMessage<{ ms: number }>(load, 'connected', 120_000);
    await new Promise((r) => setTimeout(r, 1000)); // let joins and presence settle
    server.send({ type: 'rss' } satisfies ToServer);
    const loaded = await nextMessage<{ rss: number; cpuMicros: number }>(server, 'rss', 10_000);
    load.send({ type: 'go' } satisfies ToLoad);
    const result = await nextMessage<Extract<FromLoad, { type: 'result' }>>(load, 'result', opts.moves * 8000 + 30_000);
    // Server CPU (all threads) from "go" to the last receipt, per move: what scheduling noise on a
    // shared machine hardly changes, unlike latency.
    server.send({ type: 'rss' } satisfies ToServer);
    const finished = await nextMessage<{ cpuMicros: number }>(server, 'rss', 10_000);
    return {
      kind,
      followers,
      receipts: summarize(result.receipts),
      lastPerMove: summarize(result.lastPerMove),
      missing: result.missing,
      bytesPerConnection: (loaded.rss - idle.rss) / followers,
      cpuMsPerMove: (finished.cpuMicros - loaded.cpuMicros) / 1000 / opts.moves,
      connectMs: connected.ms,
    };
  } finally {
    load?.kill('SIGKILL');
    server.send({ type: 'stop' } satisfies ToServer, () => {});
    setTimeout(() => server.kill('SIGKILL'), 2000).unref();
  }
}

function row(m: Measurement): string {
  const r = m.receipts;
  const kb = (m.bytesPerConnection / 1024).toFixed(1);
  return [
    m.kind.padEnd(8),
    String(m.followers).padStart(6),
    ms(r.p50).padStart(9),
    ms(r.p95).padStart(9),
    ms(r.p99).padStart(9),
    ms(r.max).padStart(9),
    ms(m.lastPerMove.p99).padStart(10),
    `${kb} KB`.padStart(9),
    ms(m.cpuMsPerMove).padStart(10),
    String(m.missing).padStart(7),
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
  console.log(`${'server'.padEnd(8)}  ${'N'.padStart(6)}  ${'p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'p99'.padStart(9)}  ${'max'.padStart(9)}  ${'last p99'.padStart(10)}  ${'mem/conn'.padStart(9)}  ${'cpu/move'.padStart(10)}  missing`);
  const all: Measurement[] = [];
  for (const followers of opts.followers) {
    for (let round = 0; round < opts.rounds; round++) {
      // Alternate who goes first, so warm-up and drift do not favour one side.
      const order: Array<'relay' | 'lectern'> = round % 2 === 0 ? ['relay', 'lectern'] : ['lectern', 'relay'];
      for (const kind of order) {
        const m = await measure(kind, followers, opts);
        all.push(m);
        console.log(row(m));
      }
    }
  }
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
  console.log(`load average ${load()} after the run (2 cores: anything else running skews both sides)`);
  console.log('\np50–max: every follower receipt of every move; "last p99": the slowest follower of each move; mem/conn: server RSS growth ÷ N after GC; cpu/move: server CPU time (all threads) per move.');
}

main().catch((err: unknown) => {
  console.error(`bench-sync: ${(err as Error).message}`);
  process.exit(1);
});
