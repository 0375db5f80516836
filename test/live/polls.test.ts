// Polls in a live session with real socket.io clients: the deck API lists them, a poll opens
// when the presenter first reaches its slide, answers are counted exactly and can change while
// open, followers get counts only once revealed, close/reset, roles, payloads, and a restart.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import type { Ack, JoinResult, PollState } from '../../shared/protocol.ts';
import type { PublicPoll } from '../../shared/polls.ts';
import { closeClients, collect, connectClient, createSession, nextEvent, request, type TestSocket } from './helpers.ts';

type JoinAck = Extract<Ack<JoinResult>, { ok: true }>;
type StateAck = Ack<{ state: PollState }>;

const POLLS = `---
title: Polls
---

# Start

---

\`\`\`poll
Which store?
- [ ] Files
- [x] Redis
\`\`\`

---

\`\`\`poll
Pick any
- [ ] A
- [ ] B
- [ ] C
multiple: true
\`\`\`
`;

describe('live polls', () => {
  let server: TestServer;
  let decksDir: string;
  let dataDir: string;
  let ids: string[];

  before(async () => {
    decksDir = await tempDir('lectern-poll-decks-');
    dataDir = await tempDir('lectern-data-');
    await fs.writeFile(path.join(decksDir, 'polls.md'), POLLS);
    server = await startServer({ decksDir, dataDir });
    const api = (await (await fetch(`${server.url}/api/decks/polls`)).json()) as { slides: Array<{ poll?: PublicPoll }> };
    ids = api.slides.map((s) => s.poll?.id ?? '');
  });
  afterEach(() => closeClients());
  after(() => server.close());

  async function join(session: string, payload: Record<string, string>): Promise<{ socket: TestSocket; ack: JoinAck }> {
    const socket = await connectClient(server.url);
    const ack = await request<Ack<JoinResult>>(socket, 'session:join', { session, ...payload });
    assert.ok(ack.ok);
    return { socket, ack };
  }
  const follower = (session: string, n: number) => join(session, { follower: `poll-follower-${String(n).padStart(8, '0')}` });
  const answer = (socket: TestSocket, poll: string, choices: number[]) => request<StateAck>(socket, 'poll:answer', { poll, choices });

  test('GET /api/decks/<slug> lists each slide\'s poll without its correct answers', async () => {
    const api = (await (await fetch(`${server.url}/api/decks/polls`)).json()) as { slides: Array<{ poll?: PublicPoll }> };
    assert.equal(api.slides[0]!.poll, undefined);
    assert.deepEqual({ ...api.slides[1]!.poll, id: 'x' }, { id: 'x', question: 'Which store?', choices: ['Files', 'Redis'], multiple: false });
    assert.equal(api.slides[2]!.poll!.multiple, true);
    assert.ok(!JSON.stringify(api).includes('correct'));
  });

  test('opens on its slide; exact counts; changed answers; followers see counts only once revealed', async () => {
    const s = await createSession(server.url, 'polls');
    const presenter = await join(s.id, { key: s.presenterKey });
    assert.deepEqual(presenter.ack.polls.map((p) => [p.poll, p.open, p.total]), [[ids[1], false, 0], [ids[2], false, 0]]);
    const fans = await Promise.all(Array.from({ length: 12 }, (_, i) => follower(s.id, i)));
    assert.deepEqual(await answer(fans[0]!.socket, ids[1]!, [1]), { ok: false, error: 'poll-closed' });
    const seen = collect(fans[0]!.socket, 'poll:state');
    const opened = nextEvent(fans[0]!.socket, 'poll:state', (st) => st.poll === ids[1] && st.open);
    assert.ok((await request<Ack>(presenter.socket, 'presenter:navigate', { h: 1, v: 0, f: -1 })).ok);
    await opened;
    const results = await Promise.all(fans.map((f, i) => answer(f.socket, ids[1]!, [i % 3 === 0 ? 0 : 1])));
    assert.ok(results.every((r) => r.ok && r.state.counts === undefined && r.state.mine !== undefined), 'no counts for followers yet');
    // Four change their mind: 0 → 1.
    await Promise.all([0, 3, 6, 9].map((i) => answer(fans[i]!.socket, ids[1]!, [1])));
    const final = nextEvent(presenter.socket, 'poll:state', (st) => st.counts?.[1] === 12);
    const [state] = await final;
    assert.deepEqual([state.counts, state.total, state.correct], [[0, 12], 12, [1]]);
    assert.ok(seen.every((st) => st.counts === undefined && st.correct === undefined), 'followers never saw counts before the reveal');
    assert.deepEqual(await answer(fans[0]!.socket, ids[1]!, [0, 1]), { ok: false, error: 'bad-request' }, 'single choice');
    assert.deepEqual(await answer(fans[0]!.socket, ids[1]!, [2]), { ok: false, error: 'bad-request' }, 'no such choice');

    const revealed = nextEvent(fans[5]!.socket, 'poll:state', (st) => st.revealed);
    assert.ok((await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[1], action: 'reveal' })).ok);
    assert.deepEqual((await revealed)[0].counts, [0, 12]);
    assert.ok((await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[1], action: 'close' })).ok);
    assert.deepEqual(await answer(fans[1]!.socket, ids[1]!, [0]), { ok: false, error: 'poll-closed' });
    // Back and forth: a closed poll does not reopen by itself.
    assert.ok((await request<Ack>(presenter.socket, 'presenter:navigate', { h: 0, v: 0, f: -1 })).ok);
    assert.ok((await request<Ack>(presenter.socket, 'presenter:navigate', { h: 1, v: 0, f: -1 })).ok);
    const again = await follower(s.id, 5);
    const mine = again.ack.polls.find((p) => p.poll === ids[1])!;
    assert.deepEqual([mine.open, mine.revealed, mine.mine, mine.counts], [false, true, [1], [0, 12]], 'a reconnecting follower gets their answer and the results');

    const reset = await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[1], action: 'reset' });
    assert.ok(reset.ok);
    assert.deepEqual([reset.state.open, reset.state.revealed, reset.state.total, reset.state.counts], [false, false, 0, [0, 0]]);
  });

  test('multiple choice, roles and payloads', async () => {
    const s = await createSession(server.url, 'polls');
    const presenter = await join(s.id, { key: s.presenterKey });
    const fan = await follower(s.id, 100);
    assert.deepEqual(await request(fan.socket, 'presenter:poll', { poll: ids[2], action: 'open' }), { ok: false, error: 'forbidden' });
    assert.ok((await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[2], action: 'open' })).ok);
    const answered = await answer(fan.socket, ids[2]!, [2, 0]);
    assert.ok(answered.ok && answered.state.mine?.join() === '0,2');
    for (const bad of [{ poll: ids[2], choices: [] }, { poll: ids[2], choices: [1, 1] }, { poll: ids[2], choices: [-1] }, { poll: 'nope', choices: [0] }, { poll: ids[2] }]) {
      assert.deepEqual(await request(fan.socket, 'poll:answer', bad), { ok: false, error: 'bad-request' }, JSON.stringify(bad));
    }
    assert.deepEqual(await answer(fan.socket, 'p0000', [0]), { ok: false, error: 'unknown-poll' });
    assert.deepEqual(await request(presenter.socket, 'presenter:poll', { poll: ids[2], action: 'explode' }), { ok: false, error: 'bad-request' });
    const state = await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[2], action: 'close' });
    assert.ok(state.ok && state.state.counts?.join() === '1,0,1' && state.state.total === 1);
  });

  test('answers survive a restart on the same DATA_DIR', async () => {
    const s = await createSession(server.url, 'polls');
    const presenter = await join(s.id, { key: s.presenterKey });
    assert.ok((await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[1], action: 'open' })).ok);
    const fan = await follower(s.id, 200);
    assert.ok((await answer(fan.socket, ids[1]!, [0])).ok);
    closeClients();
    await server.close();
    server = await startServer({ decksDir, dataDir });
    const back = await join(s.id, { key: s.presenterKey });
    const poll = back.ack.polls.find((p) => p.poll === ids[1])!;
    assert.deepEqual([poll.open, poll.total, poll.counts], [true, 1, [1, 0]]);
  });

  test('export: questions and poll results as JSON and CSV, with the presenter key only; formulas defused', async () => {
    const s = await createSession(server.url, 'polls');
    const presenter = await join(s.id, { key: s.presenterKey });
    const fan = await follower(s.id, 300);
    assert.ok((await request<Ack>(presenter.socket, 'presenter:questions', { mode: 'open' })).ok);
    assert.ok((await request<Ack>(fan.socket, 'audience:ask', { text: '=HYPERLINK("http://x","click"), and "quotes"', name: 'Eve' })).ok);
    assert.ok((await request<StateAck>(presenter.socket, 'presenter:poll', { poll: ids[1], action: 'open' })).ok);
    assert.ok((await answer(fan.socket, ids[1]!, [1])).ok);
    const url = `${server.url}/api/sessions/${s.id}/audience`;
    assert.equal((await fetch(`${url}.json`)).status, 401);
    assert.equal((await fetch(`${url}.json`, { headers: { authorization: 'Bearer not-the-key-at-all-0123' } })).status, 401);
    const auth = { headers: { authorization: `Bearer ${s.presenterKey}` } };
    const json = await fetch(`${url}.json`, auth);
    assert.equal(json.status, 200);
    assert.match(json.headers.get('content-disposition') ?? '', /attachment; filename="lectern-.*-audience\.json"/);
    const report = (await json.json()) as { questions: Array<{ text: string; name: string; status: string }>; polls: Array<{ id: string; total: number; choices: Array<{ count: number; correct: boolean }> }> };
    assert.deepEqual(report.questions.map((q) => [q.text, q.name, q.status]), [['=HYPERLINK("http://x","click"), and "quotes"', 'Eve', 'approved']]);
    const quiz = report.polls.find((p) => p.id === ids[1])!;
    assert.deepEqual([quiz.total, quiz.choices.map((c) => [c.count, c.correct])], [1, [[0, false], [1, true]]]);
    assert.ok(!JSON.stringify(report).includes('poll-follower'), 'no follower ids');
    const csv = await (await fetch(`${url}.csv`, auth)).text();
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'kind,id,text,name,status,count,correct,asked_at');
    assert.match(lines[1]!, /^question,q1,"'=HYPERLINK\(""http:\/\/x"",""click""\), and ""quotes""",Eve,approved,0,,\d{4}-/);
    assert.ok(lines.includes(`choice,${ids[1]}.2,Redis,,,1,true,`), csv);
    assert.equal((await fetch(`${server.url}/api/sessions/ZZZZZZ/audience.csv`, auth)).status, 404);
  });
});
