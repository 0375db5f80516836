// The audience benchmark's load (forked by scripts/bench-audience.ts): N followers dealt over
// the Lectern processes and one presenter. The presenter makes moves, timed to every follower as
// in bench-sync; with audience traffic, at the same time the presenter opens a poll, every
// follower answers once at a random moment of the window, some drop and come back on another
// process and answer again (a changed answer), and the first `reactors` react `tapsPerSecond`
// times a second.
// All on this process's clock.
import { io, type Socket } from 'socket.io-client';
import type { AudiencePlan, AudienceResult } from './messages.ts';
import { runPlan } from './child-plan.ts';

type AnySocket = Socket;
interface Ack { ok: boolean; error?: string; state?: { total: number; counts?: number[]; seq?: number } }

const send = (message: AudienceResult | { type: 'connected'; ms: number } | { type: 'error'; message: string }) =>
  new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connectOne(url: string): Promise<AnySocket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}
const ask = (socket: AnySocket, event: string, payload: object): Promise<Ack> =>
  socket.timeout(20_000).emitWithAck(event, payload).catch(() => ({ ok: false, error: 'timeout' }));

const followerId = (i: number) => `bench-audience-follower-${String(i).padStart(6, '0')}`;

async function run(plan: AudiencePlan, go: Promise<void>): Promise<void> {
  const started = performance.now();
  const urls = plan.followerUrls;
  const followers: AnySocket[] = [];
  const lastSeen = new Map<AnySocket, number>();
  for (let i = 0; i < plan.followers; i += 100) {
    const ids = Array.from({ length: Math.min(100, plan.followers - i) }, (_, j) => i + j);
    const sockets = await Promise.all(ids.map((n) => connectOne(urls[n % urls.length]!)));
    const joins = await Promise.all(sockets.map((s, j) => ask(s, 'session:join', { session: plan.session, follower: followerId(ids[j]!) })));
    joins.forEach((res, j) => lastSeen.set(sockets[j]!, res.state?.seq ?? 0));
    followers.push(...sockets);
  }
  const presenter = await connectOne(plan.url);
  const joined = await ask(presenter, 'session:join', { session: plan.session, key: plan.key });
  if (!joined.ok) throw new Error(`presenter join refused: ${JSON.stringify(joined)}`);
  const api = (await (await fetch(`${plan.url}/api/decks/bench`)).json()) as { slides: Array<{ poll?: { id: string; choices: string[] } }> };
  const poll = api.slides.find((s) => s.poll)!.poll!;
  await send({ type: 'connected', ms: performance.now() - started });
  await go;

  // What the presenter sees.
  const states: Array<{ at: number; total: number }> = [];
  let reactionsSeen = 0;
  presenter.on('poll:state', (s: { poll: string; total: number }) => {
    if (s.poll === poll.id) states.push({ at: performance.now(), total: s.total });
  });
  presenter.on('audience:reactions', (b: { counts: Record<string, number> }) => {
    for (const n of Object.values(b.counts)) reactionsSeen += n;
  });

  // Moves, timed to every follower (sockets that reconnect are swapped in `followers`).
  const receipts: number[] = [];
  let missing = 0;
  let sentAt = 0;
  let expectedSeq = -1;
  let received = 0;
  let done: (() => void) | undefined;
  const listen = (socket: AnySocket) =>
    socket.on('session:state', (state: { seq: number }) => {
      if (state.seq > (lastSeen.get(socket) ?? 0)) lastSeen.set(socket, state.seq);
      if (state.seq !== expectedSeq) return;
      receipts.push(performance.now() - sentAt);
      if (++received === followers.length) done?.();
    });
  followers.forEach(listen);
  let seq = joined.state?.seq ?? 0;
  const moves = (async () => {
    for (let move = 0; move < plan.moves; move++) {
      received = 0;
      seq += 1;
      expectedSeq = seq;
      const all = new Promise<void>((resolve) => {
        done = resolve;
        setTimeout(resolve, 5000);
      });
      sentAt = performance.now();
      presenter.emit('presenter:navigate', { h: 1 + (move % 2), v: 0, f: -1 });
      await all;
      missing += followers.length - received;
      await sleep(plan.gapMs);
    }
  })();

  const finalChoice = new Map<number, number>();
  const answers: Array<{ at: number; total: number }> = [];
  let answersSent = 0;
  let answersRefused = 0;
  let reactionsAcked = 0;
  let reactionsSent = 0;
  let reconnects = 0;
  /** Followers between their drop and their re-join: what they send waits for the new socket. */
  const away = new Map<number, Promise<void>>();
  const answer = async (i: number, choice: number) => {
    await away.get(i);
    answersSent++;
    const at = performance.now();
    const res = await ask(followers[i]!, 'poll:answer', { poll: poll.id, choices: [choice] });
    if (!res.ok || !res.state) return void answersRefused++;
    // A changed answer leaves the total as it is: only first answers are timed to the presenter.
    if (!finalChoice.has(i)) answers.push({ at, total: res.state.total });
    finalChoice.set(i, choice);
  };
  const audience = plan.audience
    ? (async () => {
        const opened = await ask(presenter, 'presenter:poll', { poll: poll.id, action: 'open' });
        if (!opened.ok) throw new Error(`poll not opened: ${JSON.stringify(opened)}`);
        const tasks: Array<Promise<void>> = [];
        for (let i = 0; i < followers.length; i++) {
          tasks.push(sleep(Math.random() * plan.windowMs).then(() => answer(i, i % poll.choices.length)));
        }
        // Reconnecting followers: drop after answering, come back on another process, answer anew.
        for (let i = 0; i < plan.reconnecting; i++) {
          tasks.push(
            sleep(plan.windowMs * (0.3 + Math.random() * 0.5)).then(async () => {
              const n = (i * 7919) % followers.length;
              const back = (async () => {
                followers[n]!.close();
                const socket = await connectOne(urls[(n + 1) % urls.length]!);
                const res = await ask(socket, 'session:join', { session: plan.session, follower: followerId(n) });
                if (!res.ok) throw new Error(`re-join refused: ${JSON.stringify(res)}`);
                lastSeen.set(socket, res.state?.seq ?? 0);
                listen(socket);
                followers[n] = socket;
              })();
              away.set(n, back);
              await back;
              away.delete(n);
              reconnects++;
              await answer(n, (n + 1) % poll.choices.length);
            }),
          );
        }
        // Reactors: `tapsPerSecond` through the window.
        const every = 1000 / plan.tapsPerSecond;
        for (let i = 0; i < Math.min(plan.reactors, followers.length); i++) {
          tasks.push(
            (async () => {
              await sleep(Math.random() * every);
              for (let t = 0; t < plan.windowMs; t += every) {
                await away.get(i);
                reactionsSent++;
                const res = await ask(followers[i]!, 'audience:react', { reaction: i % 3 === 0 ? 'slower' : 'clap' });
                if (res.ok) reactionsAcked++;
                await sleep(every);
              }
            })(),
          );
        }
        await Promise.all(tasks);
      })()
    : Promise.resolve();
  await Promise.all([moves, audience]);
  await sleep(1500);

  const stale = followers.filter((socket) => lastSeen.get(socket) !== seq).length;
  const expectedCounts = poll.choices.map(() => 0);
  for (const choice of finalChoice.values()) expectedCounts[choice]! += 1;
  let finalCounts: number[] = [];
  let finalTotal = 0;
  if (plan.audience) {
    const closed = await ask(presenter, 'presenter:poll', { poll: poll.id, action: 'close' });
    finalCounts = closed.state?.counts ?? [];
    finalTotal = closed.state?.total ?? 0;
  }
  const presenterSeen = answers.map(({ at, total }) => {
    const seen = states.find((s) => s.at >= at && s.total >= total);
    return seen ? seen.at - at : Number.POSITIVE_INFINITY;
  });
  for (const socket of [...followers, presenter]) socket.close();
  await send({
    type: 'result',
    receipts,
    missing,
    stale,
    answersSent,
    answersAcked: answers.length,
    answersRefused,
    expectedCounts,
    finalCounts,
    finalTotal,
    reactionsAcked,
    reactionsSent,
    reactionsSeen,
    presenterSeen,
    reconnects,
  });
}

runPlan<AudiencePlan>(run);
