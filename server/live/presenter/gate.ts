// The gate every presenter:* request passes — joined, as presenter, within the rate, a valid
// payload — before any side effect, in that order. Built once per hub: a request allocates
// nothing here beyond the reply and the parsed payload, and finds its session with one Map
// lookup.
import type * as z from 'zod/mini';
import type { LiveErrorCode } from '../../../shared/protocol.ts';
import type { TokenBucket } from '../rate-limit.ts';
import { membership, type LiveSocket } from '../membership/members.ts';
import type { LiveSession, LiveSessions } from '../sessions/sessions.ts';
import { refused, replier, type Reply } from '../acks.ts';

/** What a presenter:* request does once past the gate. */
export type PresenterAction<T, R extends object> = (session: LiveSession, request: T, reply: Reply<R>) => void | Promise<void>;

/** A presenter:* handler; `bucket` is the connection's move allowance. */
export type PresenterHandler = (socket: LiveSocket, bucket: TokenBucket, payload: unknown, ack: unknown) => void | Promise<void>;

function presenterSession(sessions: ReadonlyMap<string, LiveSession>, socket: LiveSocket, bucket: TokenBucket): LiveSession | LiveErrorCode {
  const current = membership(socket);
  if (!current) return 'not-joined';
  if (current.role !== 'presenter') return 'forbidden';
  if (!bucket.take()) return 'rate-limited';
  return sessions.get(current.session) ?? 'unknown-session';
}

export function presenterHandler<T, R extends object>(
  sessions: LiveSessions,
  schema: z.ZodMiniType<T>,
  action: PresenterAction<T, R>,
): PresenterHandler {
  const byId = sessions.byId;
  return (socket, bucket, payload, ack) => {
    const reply = replier<R>(ack);
    const session = presenterSession(byId, socket, bucket);
    if (typeof session === 'string') return reply(refused(session));
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply(refused('bad-request'));
    return action(session, parsed.data, reply);
  };
}
