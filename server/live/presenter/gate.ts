// What every live request handler shares (issue #3, "Bad input"): an answer whether or not the
// client sent an ack, a store that cannot be reached turned into an error code, and the gate
// each presenter:* request passes — joined, as presenter, within the rate, a valid payload —
// before any side effect, in that order.
import type { ZodType } from 'zod';
import type { Ack, LiveError } from './protocol.ts';
import type { TokenBucket } from './rate-limit.ts';
import { StoreUnavailableError } from './store.ts';
import { membership, type LiveSocket } from './members.ts';
import type { LiveSession } from './sessions.ts';

export type Reply<T extends object> = (res: Ack<T>) => void;

/** The ack if the client sent one, else a no-op: a payload without an ack is handled, unanswered. */
export function replier<T extends object = object>(ack: unknown): Reply<T> {
  return typeof ack === 'function' ? (res) => (ack as Reply<T>)(res) : () => {};
}

/** A store that cannot be reached becomes the ack's error; anything else is a bug and is thrown. */
export function storeFailure(err: unknown): 'store-unavailable' {
  if (err instanceof StoreUnavailableError) return 'store-unavailable';
  throw err;
}

/** What a presenter:* request does once past the gate. */
export type PresenterAction<T, R extends object> = (session: LiveSession, request: T, reply: Reply<R>) => void | Promise<void>;

/** A presenter:* handler; `bucket` is the connection's move allowance. */
export type PresenterHandler = (socket: LiveSocket, bucket: TokenBucket, payload: unknown, ack: unknown) => void | Promise<void>;

function presenterSession(sessions: ReadonlyMap<string, LiveSession>, socket: LiveSocket, bucket: TokenBucket): LiveSession | LiveError {
  const current = membership(socket);
  if (!current) return 'not-joined';
  if (current.role !== 'presenter') return 'forbidden';
  if (!bucket.take()) return 'rate-limited';
  return sessions.get(current.session) ?? 'unknown-session';
}

/** Built once per hub: no allocation per request beyond the reply and the parsed payload. */
export function presenterHandler<T, R extends object>(
  sessions: ReadonlyMap<string, LiveSession>,
  schema: ZodType<T>,
  action: PresenterAction<T, R>,
): PresenterHandler {
  return (socket, bucket, payload, ack) => {
    const reply = replier<R>(ack);
    const session = presenterSession(sessions, socket, bucket);
    if (typeof session === 'string') return reply({ ok: false, error: session });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) return reply({ ok: false, error: 'bad-request' });
    return action(session, parsed.data, reply);
  };
}
