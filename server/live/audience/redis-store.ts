// The audience store on Redis, beside RedisSessionStore: every process reads and changes the same
// questions, and each change is one Lua script, so two followers voting on two processes at once
// both count, and ids and `rev` come from Redis alone. Per session: a meta hash (mode, rev, the
// last id, the shown question), hashes by question id (body JSON, status, author tag, votes) and
// one set per voter of the questions they upvoted. Every key lives as long as the session does.
import type { Question, QuestionAction, QuestionMode } from '../../../shared/audience.ts';
import { isQuestionMode, statusAfter, QUESTION_STATUSES, type QuestionStatus } from '../../../shared/audience.ts';
import { SESSION_TTL_MS } from '../stores/store.ts';
import type { RedisSessionStore } from '../stores/redis/store.ts';
import { Script } from '../stores/redis/scripts.ts';
import type { AskOutcome, AskRules, NewQuestion, VoteOutcome } from './model.ts';
import type { AudienceStore, AudienceView } from './store.ts';
import type { PollControl, PollSnapshot } from './poll-model.ts';

// KEYS (every script): meta, body, status, author, votes hashes. The first lines renew them all.
const RENEW = `
local function renew(ttl) for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end end
local function bump() return redis.call('HINCRBY', KEYS[1], 'rev', 1) end
`;

/** ARGV: default mode, max, body JSON, author tag, ttl. Replies {'ok', id, status} or {refusal}. */
const ASK = new Script(`${RENEW}
local mode = redis.call('HGET', KEYS[1], 'mode') or ARGV[1]
if mode == 'off' then return {'questions-off'} end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[2]) then return {'too-many-questions'} end
local id = 'q' .. redis.call('HINCRBY', KEYS[1], 'last', 1)
local status = 'pending'
if mode == 'open' then status = 'approved' end
redis.call('HSET', KEYS[2], id, ARGV[3])
redis.call('HSET', KEYS[3], id, status)
redis.call('HSET', KEYS[4], id, ARGV[4])
redis.call('HSET', KEYS[5], id, 0)
bump()
renew(ARGV[5])
return {'ok', id, status}
`);

/** KEYS[6]: the voter's set. ARGV: id, tag, up (1|0), default mode, ttl. Replies {'ok', status, votes} or {refusal}. */
const VOTE = new Script(`${RENEW}
local mode = redis.call('HGET', KEYS[1], 'mode') or ARGV[4]
if mode == 'off' then return {'questions-off'} end
local status = redis.call('HGET', KEYS[3], ARGV[1])
if not status then return {'unknown-question'} end
if not (status == 'approved' or status == 'answered' or status == 'shown' or redis.call('HGET', KEYS[4], ARGV[1]) == ARGV[2]) then
  return {'unknown-question'}
end
local changed
if ARGV[3] == '1' then changed = redis.call('SADD', KEYS[6], ARGV[1]) else changed = redis.call('SREM', KEYS[6], ARGV[1]) end
local votes = tonumber(redis.call('HGET', KEYS[5], ARGV[1]))
if changed == 1 then
  if ARGV[3] == '1' then votes = votes + 1 else votes = votes - 1 end
  redis.call('HSET', KEYS[5], ARGV[1], votes)
  bump()
  renew(ARGV[5])
  redis.call('PEXPIRE', KEYS[6], ARGV[5])
end
return {'ok', status, tostring(votes), redis.call('HGET', KEYS[2], ARGV[1]), redis.call('HGET', KEYS[4], ARGV[1])}
`);

/** ARGV: id, new status, ttl, the status a question taken off the screen gets, action. Replies {status, votes, body, author}, or nil. */
const MODERATE = new Script(`${RENEW}
local status = redis.call('HGET', KEYS[3], ARGV[1])
if not status then return nil end
local function reply(st) return {st, redis.call('HGET', KEYS[5], ARGV[1]), redis.call('HGET', KEYS[2], ARGV[1]), redis.call('HGET', KEYS[4], ARGV[1])} end
if ARGV[5] == 'dismiss' and status ~= 'shown' then return reply(status) end
if ARGV[2] == 'shown' then
  local shown = redis.call('HGET', KEYS[1], 'shown')
  if shown and shown ~= ARGV[1] and redis.call('HGET', KEYS[3], shown) == 'shown' then redis.call('HSET', KEYS[3], shown, ARGV[4]) end
  redis.call('HSET', KEYS[1], 'shown', ARGV[1])
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
bump()
renew(ARGV[3])
return reply(ARGV[2])
`);

/** ARGV: mode, ttl. */
const MODE = new Script(`${RENEW}
redis.call('HSET', KEYS[1], 'mode', ARGV[1])
bump()
renew(ARGV[2])
return 1
`);

/** Replies {meta, bodies, statuses, authors, votes}, each a flat HGETALL. */
const READ = new Script(`
local out = {}
for i = 1, 5 do out[i] = redis.call('HGETALL', KEYS[i]) end
return out
`);

/** KEYS: the five hashes, the polls index. ARGV: the poll keys' prefix. Polls go with the questions. */
const DROP = new Script(`
for _, poll in ipairs(redis.call('SMEMBERS', KEYS[6])) do
  redis.call('DEL', ARGV[1] .. poll, ARGV[1] .. poll .. ':answers')
end
for i = 1, 6 do redis.call('DEL', KEYS[i]) end
return 1
`);

// Polls. KEYS: the poll's hash (opened, open, revealed, total, c<i>), its answers hash (tag →
// "0,2"), the session's polls index. Replies {outcome, HGETALL of the poll}.
const POLL_RENEW = `
local function renew(ttl) for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end end
`;

/** ARGV: tag, choices ("0,2"), ttl. */
const ANSWER = new Script(`${POLL_RENEW}
if redis.call('HGET', KEYS[1], 'open') ~= '1' then return {'poll-closed'} end
local old = redis.call('HGET', KEYS[2], ARGV[1])
if old then
  for c in string.gmatch(old, '%d+') do redis.call('HINCRBY', KEYS[1], 'c' .. c, -1) end
else
  redis.call('HINCRBY', KEYS[1], 'total', 1)
end
for c in string.gmatch(ARGV[2], '%d+') do redis.call('HINCRBY', KEYS[1], 'c' .. c, 1) end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
renew(ARGV[3])
return {'ok', redis.call('HGETALL', KEYS[1])}
`);

/** ARGV: action (open-new, open, close, reveal, reset), ttl, poll id. */
const CONTROL = new Script(`${POLL_RENEW}
local a = ARGV[1]
local opened = redis.call('HGET', KEYS[1], 'opened') == '1'
local open = redis.call('HGET', KEYS[1], 'open') == '1'
local revealed = redis.call('HGET', KEYS[1], 'revealed') == '1'
local changed = 1
if a == 'open-new' then
  if opened then changed = 0 else redis.call('HSET', KEYS[1], 'opened', 1, 'open', 1) end
elseif a == 'open' then
  if open then changed = 0 else redis.call('HSET', KEYS[1], 'opened', 1, 'open', 1) end
elseif a == 'close' then
  if not open then changed = 0 else redis.call('HSET', KEYS[1], 'open', 0) end
elseif a == 'reveal' then
  if revealed then changed = 0 else redis.call('HSET', KEYS[1], 'revealed', 1) end
elseif a == 'reset' then
  redis.call('DEL', KEYS[1], KEYS[2])
end
if changed == 1 then
  redis.call('SADD', KEYS[3], ARGV[3])
  renew(ARGV[2])
end
return {tostring(changed), redis.call('HGETALL', KEYS[1])}
`);

const POLL_READ = new Script(`return {'ok', redis.call('HGETALL', KEYS[1])}`);
const MINE = new Script(`return redis.call('HGET', KEYS[2], ARGV[1])`);

const VOTED = new Script(`return redis.call('SMEMBERS', KEYS[1])`);

const STATUSES: ReadonlySet<string> = new Set(QUESTION_STATUSES);

export class RedisAudienceStore implements AudienceStore {
  constructor(
    private readonly store: RedisSessionStore,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  private keys(session: string): string[] {
    const base = `${this.store.prefix}audience:${session}`;
    return [base, `${base}:body`, `${base}:status`, `${base}:by`, `${base}:votes`];
  }

  private voterKey(session: string, tag: string): string {
    return `${this.store.prefix}audience:${session}:voter:${tag}`;
  }

  async open(): Promise<void> {}

  async read(session: string): Promise<AudienceView> {
    const reply = (await this.store.runScript(READ, this.keys(session), [])) as string[][];
    const [meta = {}, bodies = {}, statuses = {}, authors = {}, votes = {}] = reply.map(pairs);
    const questions: Question[] = [];
    for (const [id, json] of Object.entries(bodies)) {
      const status = statuses[id];
      const by = authors[id];
      if (status && by !== undefined) questions.push(toQuestion(id, [status, votes[id] ?? '0', json, by]));
    }
    questions.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    return { ...(isQuestionMode(meta.mode) && { mode: meta.mode }), rev: Number(meta.rev ?? 0), questions };
  }

  async voted(session: string, tag: string): Promise<string[]> {
    return (await this.store.runScript(VOTED, [this.voterKey(session, tag)], [])) as string[];
  }

  async ask(session: string, asked: NewQuestion, rules: AskRules): Promise<AskOutcome> {
    const body = JSON.stringify({ text: asked.text, ...(asked.name ? { name: asked.name } : {}), at: asked.at });
    const reply = (await this.store.runScript(ASK, this.keys(session), [rules.defaultMode, rules.max, body, asked.by, this.ttlMs])) as string[];
    if (reply[0] !== 'ok') return { refused: reply[0] === 'questions-off' ? 'questions-off' : 'too-many-questions' };
    const question: Question = { id: String(reply[1]), text: asked.text, ...(asked.name ? { name: asked.name } : {}), by: asked.by, status: reply[2] as QuestionStatus, votes: 0, at: asked.at };
    return { question };
  }

  async vote(session: string, id: string, tag: string, up: boolean, defaultMode: QuestionMode): Promise<VoteOutcome> {
    const keys = [...this.keys(session), this.voterKey(session, tag)];
    const reply = (await this.store.runScript(VOTE, keys, [id, tag, up ? 1 : 0, defaultMode, this.ttlMs])) as Array<string | number>;
    if (reply[0] !== 'ok') return { refused: reply[0] === 'questions-off' ? 'questions-off' : 'unknown-question' };
    return { question: toQuestion(id, reply.slice(1).map(String)) };
  }

  async moderate(session: string, id: string, action: QuestionAction): Promise<Question | undefined> {
    const reply = await this.store.runScript(MODERATE, this.keys(session), [id, statusAfter(action), this.ttlMs, statusAfter('dismiss'), action]);
    return Array.isArray(reply) ? toQuestion(id, reply.map(String)) : undefined;
  }

  async setMode(session: string, mode: QuestionMode): Promise<void> {
    await this.store.runScript(MODE, this.keys(session), [mode, this.ttlMs]);
  }

  private pollKeys(session: string, poll: string): string[] {
    const base = `${this.store.prefix}audience:${session}`;
    return [`${base}:poll:${poll}`, `${base}:poll:${poll}:answers`, `${base}:polls`];
  }

  async poll(session: string, poll: string, choices: number): Promise<PollSnapshot> {
    const reply = (await this.store.runScript(POLL_READ, this.pollKeys(session, poll), [])) as unknown[];
    return toPoll(reply[1], choices);
  }

  async pollAnswer(session: string, poll: string, choices: number, tag: string, picked: number[]): Promise<PollSnapshot | 'poll-closed'> {
    const reply = (await this.store.runScript(ANSWER, this.pollKeys(session, poll), [tag, picked.join(','), this.ttlMs])) as unknown[];
    return reply[0] === 'ok' ? toPoll(reply[1], choices) : 'poll-closed';
  }

  async pollMine(session: string, poll: string, tag: string): Promise<number[] | undefined> {
    const reply = await this.store.runScript(MINE, this.pollKeys(session, poll), [tag]);
    return typeof reply === 'string' ? reply.split(',').map(Number) : undefined;
  }

  async pollControl(session: string, poll: string, choices: number, action: PollControl): Promise<{ changed: boolean; snapshot: PollSnapshot }> {
    const reply = (await this.store.runScript(CONTROL, this.pollKeys(session, poll), [action, this.ttlMs, poll])) as unknown[];
    return { changed: reply[0] === '1', snapshot: toPoll(reply[1], choices) };
  }

  async drop(session: string): Promise<void> {
    await this.store.runScript(DROP, [...this.keys(session), `${this.store.prefix}audience:${session}:polls`], [`${this.store.prefix}audience:${session}:poll:`]);
  }

  async close(): Promise<void> {}
}

/** From [status, votes, body JSON, author tag], as the scripts reply. */
function toQuestion(id: string, [status = '', votes = '0', json = '{}', by = '']: string[]): Question {
  const body = JSON.parse(json) as Pick<Question, 'text' | 'name' | 'at'>;
  return { id, text: body.text, ...(body.name ? { name: body.name } : {}), by, status: STATUSES.has(status) ? (status as QuestionStatus) : 'hidden', votes: Number(votes), at: body.at };
}

function toPoll(flat: unknown, choices: number): PollSnapshot {
  const h = pairs(flat);
  return {
    opened: h.opened === '1',
    open: h.open === '1',
    revealed: h.revealed === '1',
    total: Number(h.total ?? 0),
    counts: Array.from({ length: choices }, (_, i) => Math.max(0, Number(h[`c${i}`] ?? 0))),
  };
}

function pairs(flat: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}
