// `npm run bench:audience`: the audience at scale. Lectern on two processes sharing a
// redis-server started for the run (loopback, temp folder), N followers dealt over both, one
// presenter. Two runs on fresh processes: a baseline where the presenter only moves, and one
// where, during the same moves, every follower answers a poll within the window, some drop and
// answer again from the other process, and `reactors` of them react `taps` times a second. Reported:
// slide-move receipts (p50/p95/p99) in both runs and their ratio, whether the final counts are
// exact (no answer lost or doubled) and every reaction arrived, and how long the presenter waits
// to see each answer counted.
//
//   npm run bench:audience -- [--followers 5000] [--moves 40] [--gap 150] [--window 10000] [--reactors 1000] [--taps 1] [--reconnecting 100]
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AudiencePlan, AudienceResult, ServerReady, ToServer } from './bench/messages.ts';
import { ms, summarize } from './bench/stats.ts';
import { startRedisServer, type RunningRedis } from '../cli/deploy/redis-server.ts';
import { freePort } from '../cli/deploy/wait.ts';
import { child, nextMessage } from './bench/children.ts';

const MAX_FOLLOWERS = 5000;
const DEADLINE_MS = 15 * 60 * 1000;
const PROCESSES = 2;

function options() {
  const { values } = parseArgs({
    options: {
      followers: { type: 'string', default: '5000' },
      moves: { type: 'string', default: '40' },
      gap: { type: 'string', default: '150' },
      window: { type: 'string', default: '10000' },
      reactors: { type: 'string', default: '1000' },
      taps: { type: 'string', default: '1' },
      reconnecting: { type: 'string', default: '100' },
    },
  });
  const followers = Number(values.followers);
  if (!Number.isInteger(followers) || followers < 1 || followers > MAX_FOLLOWERS) throw new Error(`--followers takes a count from 1 to ${MAX_FOLLOWERS}`);
  const bounded = (raw: string, min: number, max: number, fallback: number) => Math.min(max, Math.max(min, Number(raw) || fallback));
  return {
    followers,
    moves: bounded(values.moves, 1, 500, 40),
    gapMs: bounded(values.gap, 0, 5000, 150),
    windowMs: bounded(values.window, 1000, 60_000, 10_000),
    reactors: Math.min(followers, bounded(values.reactors, 0, MAX_FOLLOWERS, 1000)),
    tapsPerSecond: bounded(values.taps, 0.1, 5, 1),
    reconnecting: Math.min(followers, bounded(values.reconnecting, 0, MAX_FOLLOWERS, 100)),
  };
}

async function measure(redis: RunningRedis, audience: boolean, opts: ReturnType<typeof options>): Promise<AudienceResult> {
  const servers: ChildProcess[] = [];
  let load: ChildProcess | undefined;
  try {
    const readies: ServerReady[] = [];
    for (let i = 0; i < PROCESSES; i++) {
      const server = child('server-child.ts', ['lectern', redis.url, i === 0 ? 'create' : 'join', 'poll']);
      servers.push(server);
      readies.push(await nextMessage<ServerReady>(server, 'ready', 30_000));
    }
    await new Promise((r) => setTimeout(r, 1000));
    load = child('audience-load.ts', []);
    const plan: AudiencePlan = {
      type: 'plan',
      url: `http://127.0.0.1:${readies[0]!.port}`,
      followerUrls: readies.map((r) => `http://127.0.0.1:${r.port}`),
      followers: opts.followers,
      moves: opts.moves,
      gapMs: opts.gapMs,
      session: readies[0]!.session!,
      key: readies[0]!.key!,
      audience,
      windowMs: opts.windowMs,
      reactors: opts.reactors,
      tapsPerSecond: opts.tapsPerSecond,
      reconnecting: opts.reconnecting,
    };
    load.send(plan);
    await nextMessage(load, 'connected', 240_000);
    await new Promise((r) => setTimeout(r, 1000));
    load.send({ type: 'go' });
    return await nextMessage<AudienceResult>(load, 'result', opts.moves * 8000 + opts.windowMs + 60_000);
  } finally {
    load?.kill('SIGKILL');
    for (const server of servers) {
      server.send({ type: 'stop' } satisfies ToServer, () => {});
      setTimeout(() => server.kill('SIGKILL'), 2000).unref();
    }
  }
}

async function main(): Promise<void> {
  const opts = options();
  const deadline = setTimeout(() => {
    console.error(`bench-audience: stopped after ${DEADLINE_MS / 60000} minutes`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const load = () => (os.loadavg()[0] ?? 0).toFixed(2);
  console.log(`bench-audience: load average ${load()} before the run`);
  console.log(
    `bench-audience: ${opts.followers} followers on ${PROCESSES} processes over Redis; ${opts.moves} moves ${opts.gapMs} ms apart; ` +
      `with audience: every follower answers within ${opts.windowMs / 1000} s, ${opts.reconnecting} reconnect and answer again, ${opts.reactors} react ${opts.tapsPerSecond} time(s) a second`,
  );
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-redis-'));
  const redis = await startRedisServer({ port: await freePort(), dir });
  try {
    const quiet = await measure(redis, false, opts);
    const busy = await measure(redis, true, opts);
    const q = summarize(quiet.receipts);
    const b = summarize(busy.receipts);
    console.log(`\n${'run'.padEnd(16)}  ${'p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'p99'.padStart(9)}  ${'max'.padStart(9)}  missing  stale`);
    for (const [label, s, r] of [['moves only', q, quiet], ['with audience', b, busy]] as const) {
      console.log(`${label.padEnd(16)}  ${ms(s.p50).padStart(9)}  ${ms(s.p95).padStart(9)}  ${ms(s.p99).padStart(9)}  ${ms(s.max).padStart(9)}  ${String(r.missing).padStart(7)}  ${String(r.stale).padStart(5)}`);
    }
    const ratio = b.p99 / q.p99;
    console.log(`\nslide moves during the poll, p99 ÷ without audience traffic: ${ms(b.p99)} ÷ ${ms(q.p99)} = ${ratio.toFixed(2)}${ratio <= 1.2 ? '' : '  (over the 1.2 target)'}`);
    const exact = busy.finalCounts.join() === busy.expectedCounts.join() && busy.finalTotal === opts.followers - countUnanswered(busy, opts.followers);
    console.log(`poll answers: ${busy.answersSent} sent (${busy.reconnects} after a reconnect), ${busy.answersAcked} first answers acked, ${busy.answersRefused} refused`);
    console.log(`final counts ${busy.finalCounts.join(' / ')} (total ${busy.finalTotal}); expected ${busy.expectedCounts.join(' / ')}: ${exact ? 'exact' : 'NOT EXACT'}`);
    // A tap in flight when its follower drops may count without its ack: seen lies between acked and sent.
    const allSeen = busy.reactionsSeen >= busy.reactionsAcked && busy.reactionsSeen <= busy.reactionsSent;
    console.log(`reactions: ${busy.reactionsSent} sent, ${busy.reactionsAcked} acked, ${busy.reactionsSeen} seen by the presenter: ${allSeen ? 'none lost' : 'LOST OR DOUBLED'}`);
    const seen = summarize(busy.presenterSeen.filter(Number.isFinite));
    const never = busy.presenterSeen.filter((x) => !Number.isFinite(x)).length;
    console.log(`presenter sees each answer counted: p50 ${ms(seen.p50)}, p99 ${ms(seen.p99)}, max ${ms(seen.max)}${never ? `, ${never} never` : ''} (target p99 ≤ 1 s)`);
  } finally {
    await redis.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
  console.log(`load average ${load()} after the run (2 cores: anything else running skews both runs)`);
}

/** Followers whose every answer was refused (none, on a healthy run). */
function countUnanswered(result: AudienceResult, followers: number): number {
  return followers - result.expectedCounts.reduce((a, b) => a + b, 0);
}

main().catch((err: unknown) => {
  console.error(`bench-audience: ${(err as Error).message}`);
  process.exit(1);
});
