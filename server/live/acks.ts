// Socket acks: the one place a failure becomes `{ ok: false, error }`. A handler refuses with a
// code of the catalogue (shared/errors.ts), or lets a LecternError carry one (the store away, a
// cap reached); any other error is a bug and is thrown, so the hub logs it instead of the client
// getting a vague answer.
import { LecternError } from '../../shared/errors.ts';
import type { Ack, LiveErrorCode } from '../../shared/protocol.ts';

export type Reply<T extends object> = (res: Ack<T>) => void;
export type Refusal = { ok: false; error: LiveErrorCode };

// A Record, so a code added to LiveErrorCode and missing here does not compile.
const LIVE_ERROR_CODES: Readonly<Record<LiveErrorCode, true>> = {
  'bad-request': true,
  'bad-deck': true,
  'unknown-session': true,
  'bad-key': true,
  'not-joined': true,
  forbidden: true,
  'rate-limited': true,
  'out-of-range': true,
  unavailable: true,
  'unknown-event': true,
  'store-unavailable': true,
  'questions-off': true,
  'too-many-questions': true,
  'unknown-question': true,
  'unknown-poll': true,
  'poll-closed': true,
  'not-driver': true,
  'no-request': true,
};

export function isLiveErrorCode(code: string): code is LiveErrorCode {
  return Object.hasOwn(LIVE_ERROR_CODES, code);
}

/** The ack if the client sent one, else a no-op: a payload without an ack is handled, unanswered. */
export function replier<T extends object = object>(ack: unknown): Reply<T> {
  return typeof ack === 'function' ? (res) => (ack as Reply<T>)(res) : () => {};
}

/** The answer refusing a request with `code`. */
export function refused(code: LiveErrorCode): Refusal {
  return { ok: false, error: code };
}

/**
 * For `.catch()` on a step that may fail for a reason the client should hear: a LecternError
 * whose code an ack can carry becomes that code; anything else is rethrown.
 */
export function failure(err: unknown): LiveErrorCode {
  if (err instanceof LecternError && isLiveErrorCode(err.code)) return err.code;
  throw err;
}
