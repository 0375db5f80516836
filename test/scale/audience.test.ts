// The audience over two real Lectern processes sharing one real redis-server: one question list,
// exact vote counts when followers on both processes vote at once, moderation and the mode from
// either process, reactions from both reaching a presenter on one, and a follower's identity
// across processes.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ack, JoinResult } from '../../shared/protocol.ts';
import type { Question } from '../../shared/audience.ts';
import { closeClients, collect, connectClient, createSession, nextEvent, request, type TestSocket } from '../live/helpers.ts';
import { startCluster, type TestCluster } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PollState } from '../../shared/protocol.ts';
import type { PublicPoll } from '../../shared/polls.ts';

type JoinAck = Ack<JoinResult>;
type QuestionAck = Ack<{ question: Question }>;
const id = (i: number) => `redis-follower-${String(i).padStart(6, '0')}`;

describe('audience across two Lectern processes on Redis', () => {
  let cluster: TestCluster;

  before(async () => {
    cluster = await startCluster(2);
  });
  afterEach(() => closeClients());
  // `cluster` is unset when before() failed.
  after(() => cluster?.stop());

  async function join(url: string, session: string, payload: Record<string, string>): Promise<{ socket: TestSocket; ack: Extract<JoinAck, { ok: true }> }> {
    const socket = await connectClient(url);
    const ack = await request<JoinAck>(socket, 'session:join', { session, ...payload });
    assert.ok(ack.ok, JSON.stringify(ack));
    return { socket, ack };
  }

  test('one list on both processes; votes from 40 followers at once counted exactly; moderation from either process', async () => {
    const [a, b] = cluster.urls as [string, string];
    const s = await createSession(a, 'talk');
    const presenterA = await join(a, s.id, { key: s.presenterKey });
    const presenterB = await join(b, s.id, { key: s.presenterKey });
    const author = await join(b, s.id, { follower: id(0) });
    const toA = nextEvent(presenterA.socket, 'audience:questions', (l) => l.questions.length === 1, 5000);
    const asked = await request<QuestionAck>(author.socket, 'audience:ask', { text: 'Across processes?' });
    assert.ok(asked.ok && asked.question.status === 'pending');
    assert.equal((await toA)[0].questions[0]!.text, 'Across processes?', 'the presenter on the other process sees it');

    const voters = await Promise.all(Array.from({ length: 40 }, (_, i) => join(i % 2 ? a : b, s.id, { follower: id(i + 1) })));
    assert.deepEqual(
      await request(voters[0]!.socket, 'audience:vote', { question: asked.question.id, up: true }),
      { ok: false, error: 'unknown-question' },
      'pending: not votable by others',
    );
    assert.ok((await request<QuestionAck>(presenterB.socket, 'presenter:question', { question: asked.question.id, action: 'approve' })).ok);
    const results = await Promise.all(voters.flatMap((v) => [request<QuestionAck>(v.socket, 'audience:vote', { question: asked.question.id, up: true }), request<QuestionAck>(v.socket, 'audience:vote', { question: asked.question.id, up: true })]));
    assert.ok(results.every((r) => r.ok));
    const final = nextEvent(presenterA.socket, 'audience:questions', (l) => l.questions[0]?.votes === 40, 5000);
    await final;
    // Ten withdraw theirs, on both processes.
    await Promise.all(voters.slice(0, 10).map((v) => request(v.socket, 'audience:vote', { question: asked.question.id, up: false })));
    const late = await join(a, s.id, { follower: id(5) });
    assert.equal(late.ack.audience.questions[0]!.votes, 30);
    assert.deepEqual(late.ack.audience.voted, [], 'follower 5 withdrew, seen from the other process');
    const stillVoted = await join(b, s.id, { follower: id(20) });
    assert.deepEqual(stillVoted.ack.audience.voted, [asked.question.id]);

    const modeOnA = nextEvent(presenterA.socket, 'audience:questions', (l) => l.mode === 'off', 5000);
    assert.ok((await request<Ack>(presenterB.socket, 'presenter:questions', { mode: 'off' })).ok);
    await modeOnA;
    assert.deepEqual(await request(voters[1]!.socket, 'audience:ask', { text: 'Off?' }), { ok: false, error: 'questions-off' });
  });

  test('reactions tapped on both processes reach a presenter on one, in batches, with exact totals', async () => {
    const [a, b] = cluster.urls as [string, string];
    const s = await createSession(b, 'talk');
    const presenter = await join(a, s.id, { key: s.presenterKey });
    const batches = collect(presenter.socket, 'audience:reactions');
    const tappers = await Promise.all(Array.from({ length: 30 }, (_, i) => join(i % 2 ? a : b, s.id, { follower: id(100 + i) })));
    await Promise.all(tappers.map((t) => request(t.socket, 'audience:react', { reaction: 'mindblown' })));
    await waitFor('30 taps', () => batches.reduce((sum, x) => sum + (x.counts.mindblown ?? 0), 0) === 30, { timeoutMs: 5000 });
    assert.ok(batches.length <= 4, `${batches.length} batches`);
  });

  test('poll answers from both processes counted exactly, changed answers included; opened by a move on one, seen on the other', async () => {
    const [a, b] = cluster.urls as [string, string];
    await fs.writeFile(path.join(cluster.decksDir, 'poll.md'), '# Start\n\n---\n\n```poll\nWhich?\n- [ ] One\n- [ ] Two\n- [ ] Three\n```\n');
    const api = (await (await fetch(`${a}/api/decks/poll`)).json()) as { slides: Array<{ poll?: PublicPoll }> };
    const pollId = api.slides[1]!.poll!.id;
    const s = await createSession(a, 'poll');
    const presenter = await join(a, s.id, { key: s.presenterKey });
    const fans = await Promise.all(Array.from({ length: 30 }, (_, i) => join(i % 2 ? a : b, s.id, { follower: id(500 + i) })));
    const opened = nextEvent(fans[0]!.socket, 'poll:state', (st) => st.open, 5000);
    assert.ok((await request<Ack>(presenter.socket, 'presenter:navigate', { h: 1, v: 0, f: -1 })).ok);
    await opened;
    await Promise.all(fans.map((f, i) => request<Ack<{ state: PollState }>>(f.socket, 'poll:answer', { poll: pollId, choices: [i % 3] })));
    // A third change their answer to choice 0, on both processes.
    await Promise.all(fans.filter((_, i) => i % 3 === 1).map((f) => request(f.socket, 'poll:answer', { poll: pollId, choices: [0] })));
    const [state] = await nextEvent(presenter.socket, 'poll:state', (st) => st.counts?.join() === '20,0,10', 5000);
    assert.equal(state.total, 30);
    const revealed = await request<Ack<{ state: PollState }>>(presenter.socket, 'presenter:poll', { poll: pollId, action: 'reveal' });
    assert.ok(revealed.ok && revealed.state.counts?.join() === '20,0,10');
  });
});
