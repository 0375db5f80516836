// The load generator in its own process (forked by scripts/bench-sync.ts): N socket.io followers
// and one presenter on 127.0.0.1. Each move is timed from the presenter's emit to every
// follower's receipt, all on this process's clock; the next move waits until every follower has
// the last one (or the move times out), so moves never queue behind each other.
import { io, type Socket } from 'socket.io-client';
import type { FromLoad, LoadPlan } from './messages.ts';
import { runPlan } from './child-plan.ts';

type AnySocket = Socket;

/** Resolves once the parent has the message: exiting earlier could drop it. */
const send = (message: FromLoad) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

function connectOne(url: string): Promise<AnySocket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

function join(socket: AnySocket, payload: object): Promise<{ ok: boolean; state?: { seq: number } }> {
  return socket.timeout(20_000).emitWithAck('session:join', payload);
}

async function run(plan: LoadPlan, go: Promise<void>): Promise<void> {
  const started = performance.now();
  const followers: AnySocket[] = [];
  /** Each follower's newest seq, join snapshot included: what its page would show. */
  const lastSeen = new Map<AnySocket, number>();
  const batch = 100;
  for (let i = 0; i < plan.followers; i += batch) {
    const urls = plan.followerUrls ?? [plan.url];
    const sockets = await Promise.all(Array.from({ length: Math.min(batch, plan.followers - i) }, (_, j) => connectOne(urls[(i + j) % urls.length]!)));
    const joins = await Promise.all(sockets.map((s) => join(s, { session: plan.session ?? 'BENCH2' })));
    joins.forEach((res, j) => lastSeen.set(sockets[j]!, res.state?.seq ?? 0));
    followers.push(...sockets);
  }
  const presenter = await connectOne(plan.url);
  const joined = await join(presenter, plan.key ? { session: plan.session, key: plan.key } : { session: 'BENCH2' });
  if (!joined.ok) throw new Error(`presenter join refused: ${JSON.stringify(joined)}`);
  await send({ type: 'connected', ms: performance.now() - started });
  await go;

  const receipts: number[] = [];
  const lastPerMove: number[] = [];
  let missing = 0;
  let sentAt = 0;
  let expectedSeq = -1;
  let received = 0;
  let done: (() => void) | undefined;
  for (const socket of followers) {
    socket.on('session:state', (state: { seq: number }) => {
      if (state.seq > (lastSeen.get(socket) ?? 0)) lastSeen.set(socket, state.seq);
      if (state.seq !== expectedSeq) return;
      const latency = performance.now() - sentAt;
      receipts.push(latency);
      if (++received === followers.length) {
        lastPerMove.push(latency);
        done?.();
      }
    });
  }
  let seq = joined.state?.seq ?? 0;
  for (let move = 0; move < plan.moves; move++) {
    received = 0;
    seq += 1;
    expectedSeq = seq;
    const h = 1 + (move % 2);
    const all = new Promise<void>((resolve) => {
      done = resolve;
      setTimeout(resolve, plan.moveTimeoutMs);
    });
    sentAt = performance.now();
    // Lectern assigns seq itself (one per accepted move); the relay just forwards the payload.
    presenter.emit('presenter:navigate', plan.kind === 'relay' ? { h, v: 0, f: -1, paused: false, seq, at: Date.now() } : { h, v: 0, f: -1 });
    await all;
    missing += followers.length - received;
    await new Promise((r) => setTimeout(r, plan.gapMs));
  }
  // Stragglers get a last chance before the count of followers left on an older slide.
  await new Promise((r) => setTimeout(r, 1000));
  const stale = followers.filter((socket) => lastSeen.get(socket) !== seq).length;
  for (const socket of [...followers, presenter]) socket.close();
  await send({ type: 'result', receipts, lastPerMove, missing, stale, moves: plan.moves });
}

runPlan<LoadPlan>(run);
