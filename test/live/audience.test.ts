// The audience protocol with real socket.io clients against the real server: questions and
// their moderation, votes, reactions in batches, roles, identity across reconnects, limits and
// malformed payloads. The hub's clock is the test's: the question limit refills when it moves.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult, QuestionList, ReactionBatch } from '../../shared/protocol.ts';
import type { Question } from '../../shared/audience.ts';
import { closeClients, collect, connectClient, createSession, liveDecks, nextEvent, request, roundTrip, testClock, type TestSocket } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

type JoinAck = Ack<JoinResult>;
type QuestionAck = Ack<{ question: Question }>;

let n = 0;
export const followerId = () => `follower-${String(++n).padStart(4, '0')}-${Math.random().toString(36).slice(2, 12)}`;

describe('audience: questions, votes, reactions', () => {
  let server: TestServer;
  let decksDir: string;
  const clock = testClock();

  before(async () => {
    decksDir = await liveDecks();
    await fs.writeFile(path.join(decksDir, 'open.md'), '---\ntitle: Open\nquestions: open\n---\n\n# Open\n');
    server = await startServer({ decksDir }, { live: { clock: clock.now } });
  });
  afterEach(() => closeClients());
  after(() => server.close());

  async function session(deck = 'talk') {
    const created = await createSession(server.url, deck);
    const presenter = await connectClient(server.url);
    const joined = await request<JoinAck>(presenter, 'session:join', { session: created.id, key: created.presenterKey });
    assert.ok(joined.ok);
    return { ...created, presenter, joined };
  }

  async function follower(id: string, who = followerId()): Promise<{ socket: TestSocket; ack: Extract<JoinAck, { ok: true }>; who: string }> {
    const socket = await connectClient(server.url);
    const ack = await request<JoinAck>(socket, 'session:join', { session: id, follower: who });
    assert.ok(ack.ok);
    return { socket, ack, who };
  }

  const ask = (socket: TestSocket, text: string, name?: string) => request<QuestionAck>(socket, 'audience:ask', name ? { text, name } : { text });

  test('moderated (default): the author sees their question pending at once; others only after approval; presenters all', async () => {
    const s = await session();
    assert.equal(s.joined.ok && s.joined.audience.mode, 'moderated');
    const alice = await follower(s.id);
    const bob = await follower(s.id);
    const toPresenter = nextEvent(s.presenter, 'audience:questions', (l) => l.questions.length === 1);
    const asked = await ask(alice.socket, '  What about <b>HTML</b>?\n\nAnd   spaces ', 'Alice');
    assert.ok(asked.ok);
    assert.equal(asked.question.text, 'What about <b>HTML</b>? And spaces', 'text kept as text, white space folded');
    assert.equal(asked.question.status, 'pending');
    assert.equal(asked.question.name, 'Alice');
    assert.equal(asked.question.by, alice.ack.audience.you);
    const [presenterList] = await toPresenter;
    assert.deepEqual(presenterList.questions.map((q) => [q.id, q.status]), [[asked.question.id, 'pending']]);
    // Bob's list (when it comes) holds no pending question of Alice's; Bob joining now sees none.
    const late = await follower(s.id);
    assert.deepEqual(late.ack.audience.questions, []);
    const aliceAgain = await follower(s.id, alice.who);
    assert.deepEqual(aliceAgain.ack.audience.questions.map((q) => q.id), [asked.question.id], 'the author sees their own after a reconnect');

    const bobSees = nextEvent(bob.socket, 'audience:questions', (l) => l.questions.some((q) => q.id === asked.question.id));
    const approved = await request<QuestionAck>(s.presenter, 'presenter:question', { question: asked.question.id, action: 'approve' });
    assert.ok(approved.ok && approved.question.status === 'approved');
    const [list] = await bobSees;
    assert.equal(list.questions[0]!.text, 'What about <b>HTML</b>? And spaces');
    assert.ok(!JSON.stringify(list).includes(alice.who), 'the follower id never leaves the server');
  });

  test('votes: one per follower per question, withdrawn with up:false, kept across reconnects; counts reach the presenter', async () => {
    const s = await session('open');
    const alice = await follower(s.id);
    const asked = await ask(alice.socket, 'Votes?');
    assert.ok(asked.ok && asked.question.status === 'approved', 'open mode: approved at once');
    const bob = await follower(s.id);
    const carol = await follower(s.id);
    const up = (f: { socket: TestSocket }, yes = true) => request<QuestionAck>(f.socket, 'audience:vote', { question: asked.question.id, up: yes });
    assert.equal(((await up(bob)) as { question: Question }).question.votes, 1);
    assert.equal(((await up(bob)) as { question: Question }).question.votes, 1, 'a second vote of the same follower counts once');
    assert.equal(((await up(carol)) as { question: Question }).question.votes, 2);
    const twoOnPresenter = nextEvent(s.presenter, 'audience:questions', (l) => l.questions[0]?.votes === 1);
    assert.equal(((await up(carol, false)) as { question: Question }).question.votes, 1, 'withdrawn');
    await twoOnPresenter;
    const bobAgain = await follower(s.id, bob.who);
    assert.deepEqual(bobAgain.ack.audience.voted, [asked.question.id], 'the vote is still theirs after a reconnect');
    assert.equal(((await up(bobAgain)) as { question: Question }).question.votes, 1, 'and voting again does not double it');
    assert.deepEqual(await request(bob.socket, 'audience:vote', { question: 'q999', up: true }), { ok: false, error: 'unknown-question' });
  });

  test('a pending question of someone else takes no votes (its id is not to be guessed)', async () => {
    const s = await session();
    const alice = await follower(s.id);
    const asked = await ask(alice.socket, 'Secret pending');
    assert.ok(asked.ok);
    const bob = await follower(s.id);
    assert.deepEqual(await request(bob.socket, 'audience:vote', { question: asked.question.id, up: true }), { ok: false, error: 'unknown-question' });
  });

  test('show on screen: one question at a time; dismiss takes it off; hidden ones leave the followers\' list', async () => {
    const s = await session('open');
    const alice = await follower(s.id);
    const bob = await follower(s.id);
    const a = await ask(alice.socket, 'First?');
    const b = await ask(bob.socket, 'Second?');
    assert.ok(a.ok && b.ok);
    const act = (question: string, action: string) => request<QuestionAck>(s.presenter, 'presenter:question', { question, action });
    assert.equal(((await act(a.question.id, 'show')) as { question: Question }).question.status, 'shown');
    const shown = nextEvent(bob.socket, 'audience:questions', (l) => l.questions.find((q) => q.id === b.question.id)?.status === 'shown');
    await act(b.question.id, 'show');
    const [list] = await shown;
    assert.equal(list.questions.find((q) => q.id === a.question.id)?.status, 'answered', 'the question shown before is off the screen');
    assert.equal(list.questions.filter((q) => q.status === 'shown').length, 1);
    const dismissed = await act(b.question.id, 'dismiss');
    assert.ok(dismissed.ok && dismissed.question.status === 'answered');
    const hiddenForBob = nextEvent(bob.socket, 'audience:questions', (l) => !l.questions.some((q) => q.id === a.question.id));
    const hiddenForAlice = nextEvent(alice.socket, 'audience:questions', (l) => l.questions.find((q) => q.id === a.question.id)?.status === 'hidden');
    await act(a.question.id, 'hide');
    await hiddenForBob;
    await hiddenForAlice;
    assert.deepEqual(await act('q999', 'approve'), { ok: false, error: 'unknown-question' });
  });

  test('modes: off refuses questions and votes; the presenter switches the mode and every member hears it', async () => {
    const s = await session();
    const alice = await follower(s.id);
    const heard = nextEvent(alice.socket, 'audience:questions', (l) => l.mode === 'off');
    assert.deepEqual(await request(s.presenter, 'presenter:questions', { mode: 'off' }), { ok: true, mode: 'off' });
    await heard;
    assert.deepEqual(await ask(alice.socket, 'Anyone?'), { ok: false, error: 'questions-off' });
    assert.deepEqual(await request(s.presenter, 'presenter:questions', { mode: 'open' }), { ok: true, mode: 'open' });
    const asked = await ask(alice.socket, 'Now?');
    assert.ok(asked.ok && asked.question.status === 'approved');
    assert.deepEqual(await request(s.presenter, 'presenter:questions', { mode: 'loud' }), { ok: false, error: 'bad-request' });
    const late = await follower(s.id);
    assert.equal(late.ack.audience.mode, 'open');
    assert.ok((await request<Ack>(s.presenter, 'presenter:questions', { mode: 'off' })).ok);
    assert.deepEqual(await request(late.socket, 'audience:vote', { question: asked.question.id, up: true }), { ok: false, error: 'questions-off' });
  });

  test('roles: followers are refused every presenter event; nobody unjoined may ask', async () => {
    const s = await session('open');
    const alice = await follower(s.id);
    const asked = await ask(alice.socket, 'Mine');
    assert.ok(asked.ok);
    assert.deepEqual(await request(alice.socket, 'presenter:question', { question: asked.question.id, action: 'hide' }), { ok: false, error: 'forbidden' });
    assert.deepEqual(await request(alice.socket, 'presenter:questions', { mode: 'off' }), { ok: false, error: 'forbidden' });
    const stranger = await connectClient(server.url);
    assert.deepEqual(await ask(stranger, 'Hello?'), { ok: false, error: 'not-joined' });
    assert.deepEqual(await request(stranger, 'audience:react', { reaction: 'clap' }), { ok: false, error: 'not-joined' });
    assert.deepEqual(await request(stranger, 'audience:nope', {}), { ok: false, error: 'unknown-event' });
  });

  test('malformed and oversized payloads: bad-request, nothing stored', async () => {
    const s = await session('open');
    const alice = await follower(s.id);
    for (const payload of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(281) }, { text: 42 }, { text: 'ok', name: 'n'.repeat(41) }, 'text', null]) {
      assert.deepEqual(await request(alice.socket, 'audience:ask', payload), { ok: false, error: 'bad-request' }, JSON.stringify(payload)?.slice(0, 40));
      clock.advance(60_000);
    }
    assert.ok((await ask(alice.socket, '🙂'.repeat(280))).ok, '280 characters, emoji counted as one each');
    for (const payload of [{ question: 'q1' }, { question: '1', up: true }, { question: 'q1'.repeat(10), up: true }]) {
      assert.deepEqual(await request(alice.socket, 'audience:vote', payload), { ok: false, error: 'bad-request' });
    }
    assert.deepEqual(await request(alice.socket, 'audience:react', { reaction: 'boo' }), { ok: false, error: 'bad-request' });
    assert.deepEqual(await request(s.presenter, 'presenter:question', { question: 'q1', action: 'delete' }), { ok: false, error: 'bad-request' });
    assert.deepEqual(await request<JoinAck>(alice.socket, 'session:join', { session: s.id, follower: 'short' }), { ok: false, error: 'bad-request' });
    const fresh = await follower(s.id);
    assert.equal(fresh.ack.audience.questions.length, 1);
  });

  test('rate limits: 3 questions a minute, 10 votes and 5 reactions a second per follower — rate-limited, never a disconnect', async () => {
    const s = await session('open');
    const alice = await follower(s.id);
    for (let i = 0; i < 3; i++) assert.ok((await ask(alice.socket, `Q${i}`)).ok);
    assert.deepEqual(await ask(alice.socket, 'Q3'), { ok: false, error: 'rate-limited' });
    const again = await follower(s.id, alice.who);
    assert.deepEqual(await ask(again.socket, 'Q3'), { ok: false, error: 'rate-limited' }, 'a reconnect does not refill it');
    clock.advance(20_000);
    assert.ok((await ask(again.socket, 'Q3')).ok, 'one more after 20 s');
    const target = (again.ack.audience.questions[0] ?? { id: 'q1' }).id;
    const votes = await Promise.all(Array.from({ length: 12 }, (_, i) => request(alice.socket, 'audience:vote', { question: target, up: i % 2 === 0 })));
    assert.equal(votes.filter((v) => (v as { ok: boolean }).ok).length, 10);
    assert.ok(votes.slice(10).every((v) => (v as { error?: string }).error === 'rate-limited'));
    const reactions = await Promise.all(Array.from({ length: 7 }, () => request(alice.socket, 'audience:react', { reaction: 'clap' })));
    assert.equal(reactions.filter((r) => (r as { ok: boolean }).ok).length, 5);
    assert.ok(alice.socket.connected && again.socket.connected);
    clock.advance(1000);
    assert.ok(((await request(alice.socket, 'audience:react', { reaction: 'clap' })) as { ok: boolean }).ok);
  });

  test('reactions: many taps become a few batches with exact totals, to presenters and audience windows, not phones', async () => {
    const s = await session();
    const tappers = await Promise.all(Array.from({ length: 20 }, () => follower(s.id)));
    const screen = await connectClient(server.url);
    assert.ok((await request<JoinAck>(screen, 'session:join', { session: s.id, follower: followerId(), reactions: true })).ok);
    const batches: ReactionBatch[] = collect(s.presenter, 'audience:reactions');
    const onScreen: ReactionBatch[] = collect(screen, 'audience:reactions');
    const onPhone: ReactionBatch[] = collect(tappers[0]!.socket, 'audience:reactions');
    await Promise.all(tappers.flatMap((t) => [request(t.socket, 'audience:react', { reaction: 'clap' }), request(t.socket, 'audience:react', { reaction: 'slower' })]));
    const total = (list: ReactionBatch[], r: 'clap' | 'slower') => list.reduce((sum, b) => sum + (b.counts[r] ?? 0), 0);
    await waitFor('all 40 taps on the presenter', () => total(batches, 'clap') === 20 && total(batches, 'slower') === 20, { timeoutMs: 3000 });
    assert.ok(batches.length <= 3, `${batches.length} batches for 40 taps`);
    await waitFor('the audience window too', () => total(onScreen, 'clap') === 20);
    await roundTrip(tappers[0]!.socket);
    assert.deepEqual(onPhone, [], 'phones do not get them');
  });

  test('at most 2,000 questions per session: then too-many-questions', async () => {
    const s = await session('open');
    const askers = await Promise.all(Array.from({ length: 40 }, () => follower(s.id)));
    let stored = 0;
    for (let round = 0; stored < 2000; round++) {
      const results = await Promise.all(askers.map((a, i) => ask(a.socket, `Question ${round}-${i}`)));
      stored += results.filter((r) => r.ok).length;
      clock.advance(20_000);
    }
    assert.equal(stored, 2000);
    assert.deepEqual(await ask(askers[0]!.socket, 'One more'), { ok: false, error: 'too-many-questions' });
    const list: QuestionList = (await follower(s.id)).ack.audience;
    assert.equal(list.questions.length, 2000);
  });
});

describe('audience: restarts (file store)', () => {
  afterEach(() => closeClients());

  test('questions, statuses, votes and the mode survive closing the app and starting it again on the same DATA_DIR', async () => {
    const decksDir = await liveDecks();
    const { tempDir } = await import('../helpers/server.ts');
    const dataDir = await tempDir('lectern-data-');
    const first = await startServer({ decksDir, dataDir });
    const s = await createSession(first.url, 'talk');
    const presenter = await connectClient(first.url);
    assert.ok((await request<JoinAck>(presenter, 'session:join', { session: s.id, key: s.presenterKey })).ok);
    const alice = followerId();
    const bob = followerId();
    const a = await connectClient(first.url);
    assert.ok((await request<JoinAck>(a, 'session:join', { session: s.id, follower: alice })).ok);
    const asked = await request<QuestionAck>(a, 'audience:ask', { text: 'Survives?' });
    const pending = await request<QuestionAck>(a, 'audience:ask', { text: 'Still pending' });
    assert.ok(asked.ok && pending.ok);
    assert.ok((await request<QuestionAck>(presenter, 'presenter:question', { question: asked.question.id, action: 'show' })).ok);
    const b = await connectClient(first.url);
    assert.ok((await request<JoinAck>(b, 'session:join', { session: s.id, follower: bob })).ok);
    assert.ok((await request<QuestionAck>(b, 'audience:vote', { question: asked.question.id, up: true })).ok);
    assert.ok((await request<Ack>(presenter, 'presenter:questions', { mode: 'open' })).ok);
    await first.close();

    const second = await startServer({ decksDir, dataDir });
    try {
      const p2 = await connectClient(second.url);
      const joined = await request<JoinAck>(p2, 'session:join', { session: s.id, key: s.presenterKey });
      assert.ok(joined.ok);
      assert.equal(joined.audience.mode, 'open');
      assert.deepEqual(joined.audience.questions.map((q) => [q.text, q.status, q.votes]), [['Survives?', 'shown', 1], ['Still pending', 'pending', 0]]);
      const b2 = await connectClient(second.url);
      const bobJoined = await request<JoinAck>(b2, 'session:join', { session: s.id, follower: bob });
      assert.ok(bobJoined.ok);
      assert.deepEqual(bobJoined.audience.voted, [asked.question.id], "Bob's vote is still his");
      assert.deepEqual(bobJoined.audience.questions.map((q) => q.text), ['Survives?'], "not Alice's pending one");
      const a2 = await connectClient(second.url);
      const aliceJoined = await request<JoinAck>(a2, 'session:join', { session: s.id, follower: alice });
      assert.ok(aliceJoined.ok && aliceJoined.audience.questions.length === 2, 'Alice still sees her own pending question');
      const next = await request<QuestionAck>(a2, 'audience:ask', { text: 'After the restart' });
      assert.ok(next.ok && next.question.id === 'q3', 'ids go on where they were');
      // The session ends: its questions go with it.
      assert.ok((await request<Ack>(p2, 'presenter:end', {})).ok);
      await waitFor('the audience file to go', async () => !(await fs.readdir(path.join(dataDir, 'sessions'))).some((f) => f.includes('audience')));
    } finally {
      await second.close();
    }
  });
});
