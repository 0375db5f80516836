// The gate every presenter:* request passes — joined, as presenter, within the rate, a valid
// payload, and driving (presenter/driver.ts) — before any side effect, in that order. Built once
// per hub: a request allocates nothing here beyond the reply and the parsed payload, and finds
// its session with one Map lookup. Whatever is built with presenterHandler refuses presenters
// who do not drive: only `presenter:driver` itself opts out.
import type * as z from 'zod/mini';
import type { LiveErrorCode } from '../../../shared/protocol.ts';
import type { TokenBucket } from '../rate-limit.ts';
import { membership, type LiveSocket, type Membership } from '../membership/members.ts';
import type { LiveSession, LiveSessions } from '../sessions/sessions.ts';
import { refused, replier, type Reply } from '../acks.ts';

/** What a presenter:* request does once past the gate; `member`: the presenter who asked. */
export type PresenterAction<T, R extends object> = (session: LiveSession, request: T, reply: Reply<R>, member: Membership) => void | Promise<void>;

/** A presenter:* handler; `bucket` is the connection's move allowance. */
export type PresenterHandler = (socket: LiveSocket, bucket: TokenBucket, payload: unknown, ack: unknown) => void | Promise<void>;

export interface GateOptions {
  /** Any presenter may send it, driving or not (asking for the controls). */
  anyPresenter?: boolean;
}

function presenterSession(sessions: ReadonlyMap<string, LiveSession>, current: Membership | undefined, bucket: TokenBucket): LiveSession | LiveErrorCode {
  if (!current) return 'not-joined';
  if (current.role !== 'presenter') return 'forbidden';
  if (!bucket.take()) return 'rate-limited';
  return sessions.get(current.session) ?? 'unknown-session';
}

export function presenterHandler<T, R extends object>(
  sessions: LiveSessions,
  schema: z.ZodMiniType<T>,
  action: PresenterAction<T, R>,
  options: GateOptions = {},
): PresenterHandler {
  const byId = sessions.byId;
  return async (socket, bucket, payload, ack) => {
    const reply = replier<R>(ack);
    const member = membership(socket);
    const session = presenterSession(byId, member, bucket);
    if (typeof session === 'string') return reply(refused(session));
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply(refused('bad-request'));
    if (!options.anyPresenter) {
      const drives = await sessions.drivers.check(session, member!);
      if (drives !== true) return reply(refused(drives));
    }
    return action(session, parsed.data, reply, member!);
  };
}
