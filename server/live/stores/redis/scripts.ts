// Lua scripts that make each store operation one atomic step in Redis: above all
// `move`, where `seq` is assigned, so moves published on two processes at once get one order.
// Requires Redis 6.2 or later (the streams adapter needs GETDEL; `presence` uses TIME).
import { createHash } from 'node:crypto';
import { ErrorReply } from '@redis/client';
import type { RedisClient } from './connection.ts';

export class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, loading the script on NOSCRIPT (a restarted Redis has forgotten it). */
  async run(client: RedisClient, keys: string[], args: Array<string | number>): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await client.evalSha(this.sha, options);
    } catch (err) {
      if (err instanceof ErrorReply && err.message.startsWith('NOSCRIPT')) return client.eval(this.source, options);
      throw err;
    }
  }
}

/**
 * KEYS: session hash, index zset. ARGV: id, h, v, f, paused (0|1, '' to keep), ifSeq ('' for any), gap, now, ttlMs.
 * Unchanged position and gap 1: only the activity is recorded. Otherwise seq += gap (a gap above
 * 1 re-publishes after a Redis outage, see RESYNC_SEQ_GAP). Replies {outcome, h, v, f, paused, seq, at}.
 */
export const MOVE = new Script(`
local cur = redis.call('HMGET', KEYS[1], 'h', 'v', 'f', 'paused', 'seq', 'at')
if not cur[5] then return {'missing'} end
local function touch()
  redis.call('HSET', KEYS[1], 'activeAt', ARGV[8])
  redis.call('PEXPIRE', KEYS[1], ARGV[9])
  redis.call('ZADD', KEYS[2], ARGV[8], ARGV[1])
end
if ARGV[6] ~= '' and ARGV[6] ~= cur[5] then
  return {'conflict', cur[1], cur[2], cur[3], cur[4], cur[5], cur[6]}
end
local paused = ARGV[5]
if paused == '' then paused = cur[4] end
local gap = tonumber(ARGV[7])
if gap == 1 and cur[1] == ARGV[2] and cur[2] == ARGV[3] and cur[3] == ARGV[4] and cur[4] == paused then
  touch()
  return {'same', cur[1], cur[2], cur[3], cur[4], cur[5], cur[6]}
end
local seq = string.format('%d', tonumber(cur[5]) + gap)
redis.call('HSET', KEYS[1], 'h', ARGV[2], 'v', ARGV[3], 'f', ARGV[4], 'paused', paused, 'seq', seq, 'at', ARGV[8])
touch()
return {'moved', ARGV[2], ARGV[3], ARGV[4], paused, seq, ARGV[8]}
`);

/**
 * Lua: the number of live sessions, for COUNT and CREATE. Sessions are in the index by their
 * last activity; those that wait for a presenter are also in the pending zset by their deadline.
 * Live: active after the cutoff (now - TTL) and not past a deadline. Past-deadline ones are few
 * (the sweep removes them), so counting them one by one stays cheap.
 */
const LIVE_COUNT = `
local function live_count(index, pending, cutoff, now)
  local n = redis.call('ZCOUNT', index, '(' .. cutoff, '+inf')
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', pending, '-inf', now)) do
    local active = redis.call('ZSCORE', index, id)
    if active and tonumber(active) > tonumber(cutoff) then n = n - 1 end
  end
  return n
end
`;

/** KEYS: index zset, pending zset. ARGV: cutoff (now - TTL), now. Replies the number of live sessions. */
export const COUNT = new Script(`${LIVE_COUNT}
return live_count(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
`);

/**
 * KEYS: session hash, index zset, pending zset, the creator's zset. ARGV: id, ttlMs, now,
 * cutoff (now - TTL), pendingUntil ('' for none), max sessions ('' for no cap), max per
 * creator ('' for no cap), creator ('' for none), activeAt, then field, value, ... The caps are checked
 * in the same step as the write, so concurrent creates on any process cannot overshoot them.
 * Replies 1; 0 when the id is taken; -1 when the store is full; -2 when the creator has its share.
 * The creator's zset lists its sessions; ones no longer live are dropped from it here.
 */
export const CREATE = new Script(`${LIVE_COUNT}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local now = tonumber(ARGV[3])
local cutoff = tonumber(ARGV[4])
if ARGV[8] ~= '' and ARGV[7] ~= '' then
  local mine = 0
  for _, other in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
    local active = redis.call('ZSCORE', KEYS[2], other)
    local deadline = redis.call('ZSCORE', KEYS[3], other)
    if active and tonumber(active) > cutoff and not (deadline and tonumber(deadline) <= now) then
      mine = mine + 1
    else
      redis.call('ZREM', KEYS[4], other)
    end
  end
  if mine >= tonumber(ARGV[7]) then return -2 end
end
if ARGV[6] ~= '' and live_count(KEYS[2], KEYS[3], ARGV[4], ARGV[3]) >= tonumber(ARGV[6]) then return -1 end
redis.call('HSET', KEYS[1], unpack(ARGV, 10))
redis.call('ZADD', KEYS[2], ARGV[9], ARGV[1])
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[5]) - now))
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if ARGV[8] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
return 1
`);

/**
 * KEYS: session hash, index zset, pending zset. ARGV: id, ttlMs, now, activeAt ('' to leave),
 * timer JSON ('' to leave), claim ('1': a presenter joined, the session waits no more; ''),
 * then h, v, f, paused, seq, at or nothing. A state is written only when its seq is newer than
 * the stored one: seq never goes back. Replies the hash, or nil when it is gone or past its
 * deadline.
 */
export const UPDATE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local deadline = redis.call('HGET', KEYS[1], 'pendingUntil')
if deadline and tonumber(deadline) <= tonumber(ARGV[3]) then return nil end
if ARGV[6] == '1' and deadline then
  redis.call('HDEL', KEYS[1], 'pendingUntil')
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'timer', ARGV[5]) end
if #ARGV >= 12 and tonumber(ARGV[11]) > tonumber(redis.call('HGET', KEYS[1], 'seq')) then
  redis.call('HSET', KEYS[1], 'h', ARGV[7], 'v', ARGV[8], 'f', ARGV[9], 'paused', ARGV[10], 'seq', ARGV[11], 'at', ARGV[12])
end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[1], 'activeAt', ARGV[4])
  if not redis.call('HGET', KEYS[1], 'pendingUntil') then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
end
return redis.call('HGETALL', KEYS[1])
`);

/**
 * KEYS: session hash, index zset, presence hash, pending zset. ARGV: id, cutoff (now - TTL),
 * now. Deletes the session if it was idle since the cutoff, is past its deadline without a
 * presenter, or Redis's TTL already removed it. Replies 1 to the one process that removed it,
 * so one process announces the end.
 */
export const EXPIRE = new Script(`
local active = redis.call('HGET', KEYS[1], 'activeAt')
local deadline = redis.call('HGET', KEYS[1], 'pendingUntil')
if active and tonumber(active) > tonumber(ARGV[2]) and not (deadline and tonumber(deadline) <= tonumber(ARGV[3])) then
  redis.call('ZADD', KEYS[2], active, ARGV[1])
  if not deadline then redis.call('ZREM', KEYS[4], ARGV[1]) end
  return 0
end
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
return redis.call('ZREM', KEYS[2], ARGV[1])
`);

/**
 * KEYS: presence hash. ARGV: process id, this process's follower count ('' to only read), staleMs.
 * Each process owns one field, "count:deadline" on Redis's clock (one clock for every machine);
 * a process that died (SIGKILL) stops renewing it and drops out after staleMs. Replies the total.
 */
export const PRESENCE = new Script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local stale = tonumber(ARGV[3])
if ARGV[2] ~= '' then
  if tonumber(ARGV[2]) > 0 then
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. string.format('%d', now + stale))
    redis.call('PEXPIRE', KEYS[1], stale * 2)
  else
    redis.call('HDEL', KEYS[1], ARGV[1])
  end
end
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local count, deadline = string.match(all[i + 1], '^(%d+):(%d+)$')
  if count and tonumber(deadline) > now then
    total = total + tonumber(count)
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return total
`);

/**
 * KEYS: session hash. ARGV: the driver the change was computed from (its driverJson, '' for
 * none), the new one ('' to remove). Replies 'set', 'conflict' (another change came first) or
 * 'missing'.
 */
export const SET_DRIVER = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local current = redis.call('HGET', KEYS[1], 'driver') or ''
if current ~= ARGV[1] then return 'conflict' end
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'driver') else redis.call('HSET', KEYS[1], 'driver', ARGV[2]) end
return 'set'
`);
