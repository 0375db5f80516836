// The live protocol between Lectern's server and every client (deck pages, presenter view,
// follower page, third-party remotes): socket.io events named `noun:verb`, their payloads, and
// the HTTP bodies of /api/sessions. Every payload a client sends has a zod/mini schema here and
// its type is inferred from it, so what the server checks and what the code expects cannot
// drift apart; the browser bundles import this file too (zod/mini keeps them small). The README
// ("The live protocol") documents it for third-party remotes.
import * as z from 'zod/mini';
import type { ErrorCode } from './errors.ts';
import type { LiveState, Position } from './positions.ts';
import type { DeckMeta, PublicSlide } from './slides.ts';
import type { PageWarning } from './page-data.ts';
import { FOLLOWER_ID_PATTERN, type Question, type QuestionMode } from './audience.ts';
import type { PollState } from './polls.ts';
import { presenterNameSchema, seatSchema, type DriverRequest, type DriverState } from './driver.ts';
import type { DrawUpdate, PointerUpdate } from './pointer.ts';
import type {
  AskRequest,
  AudienceSnapshot,
  PollAnswerRequest,
  PollControlRequest,
  QuestionActionRequest,
  QuestionList,
  QuestionModeRequest,
  ReactionBatch,
  ReactRequest,
  VoteRequest,
} from './audience-protocol.ts';

// The audience's payloads (audience-protocol.ts), the pointer's (pointer.ts) and who drives
// (driver.ts) live beside this file; remotes import them all from here.
export * from './audience-protocol.ts';
export * from './pointer.ts';
export type { PollState };
export { driverRequestSchema, type Driver, type DriverRequest, type DriverState } from './driver.ts';

// The protocol's positions and states are shared/positions.ts's; remotes import them from here.
export type { LiveState, Position };

// ---------------------------------------------------------------- session ids

/** Digits and capitals without 0/O, 1/I/L: nothing to mistake when read aloud or from a slide. */
export const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ID_LENGTH = 6;
export const ID_PATTERN = /^[2-9A-HJKMNP-Z]{6}$/;

/** "abc234" typed on a phone → "ABC234"; undefined for anything that cannot be an id. */
export function normalizeSessionId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length !== ID_LENGTH) return undefined;
  const id = raw.toUpperCase();
  return ID_PATTERN.test(id) ? id : undefined;
}

// ---------------------------------------------------------------- what clients send

const sessionId = z.pipe(
  z.string().check(z.refine((raw) => normalizeSessionId(raw) !== undefined, 'not a session id')),
  z.transform((raw: string) => raw.toUpperCase()),
);

/** Keys are 32 characters of base64url; room for other generators, nothing huge. */
const presenterKey = z.string().check(z.minLength(16), z.maxLength(128));

// Wider than a Position's bounds: an index the schema lets through but the deck does not have is
// answered `out-of-range`, which tells a remote more than `bad-request`. Bounded all the same, so
// no huge number reaches the range check.
const moveIndex = z.int().check(z.gte(0), z.lte(100_000));

// Unknown keys are stripped, never trusted.
export const joinSchema = z.object({
  session: sessionId,
  key: z.optional(presenterKey),
  /** A follower's own random id, kept on the device: their questions and votes survive reconnects. */
  follower: z.optional(z.string().check(z.regex(FOLLOWER_ID_PATTERN))),
  /** Receive `audience:reactions` (an audience window on the projector); presenters always do. */
  reactions: z.optional(z.boolean()),
  /** Presenters: this tab's seat (shared/driver.ts); without one, the seat all seatless remotes share. */
  seat: z.optional(seatSchema),
  /** Presenters: the name other presenters see when this seat drives or asks to. */
  name: z.optional(presenterNameSchema),
});
export const navigateSchema = z.object({
  h: moveIndex,
  v: moveIndex,
  f: z.int().check(z.gte(-1), z.lte(100_000)),
  /** Leave out to keep the current blackout. */
  paused: z.optional(z.boolean()),
});
/** For remotes that do not know the deck's structure: the server steps the way reveal.js does. */
export const stepSchema = z.object({ to: z.enum(['next', 'prev', 'first', 'last']) });
export const timerSchema = z.object({ action: z.enum(['start', 'pause', 'reset']) });
/** `presenter:end` takes no fields: `{}`. */
export const endSchema = z.strictObject({});
export const deckWatchSchema = z.object({ slug: z.string() });


export type JoinRequest = z.input<typeof joinSchema>;
export type NavigateRequest = z.infer<typeof navigateSchema>;
export type StepRequest = z.infer<typeof stepSchema>;
export type TimerRequest = z.infer<typeof timerSchema>;
export type EndRequest = z.infer<typeof endSchema>;
export type DeckWatchRequest = z.infer<typeof deckWatchSchema>;

// A move is a Position (and maybe a blackout): a compile error here means the two drifted.
type IsTrue<T extends true> = T;
export type NavigateIsAPosition = IsTrue<NavigateRequest extends Position & { paused?: boolean } ? true : false>;

// ---------------------------------------------------------------- what the server sends

export type LiveRole = 'presenter' | 'follower';

/** The presenters' shared elapsed-time clock. */
export const timerStateSchema = z.object({
  running: z.boolean(),
  /** Elapsed time at `at`; while running, now's value is `elapsedMs + (now - at)`. */
  elapsedMs: z.number().check(z.gte(0)),
  at: z.number(),
});
export type TimerState = z.infer<typeof timerStateSchema>;

/** Speaker notes of one slide (sanitized HTML); sent to presenters only. */
export interface SlideNotes {
  h: number;
  v: number;
  html: string;
}

export interface JoinResult {
  role: LiveRole;
  session: string;
  deck: string;
  /** The snapshot: always applied, whatever `seq` the client had (the server may have restarted). */
  state: LiveState;
  followers: number;
  /** Presenters only. */
  notes?: SlideNotes[];
  /** Presenters only. */
  timer?: TimerState;
  /** Presenters only: who drives, and this connection's seat. */
  driver?: DriverState & { seat: string };
  /** The questions this member may see, and who they are among the authors. */
  audience: AudienceSnapshot;
  /** The state of every poll of the deck (counts as `poll:state` gives them to this member; `mine`: their answer). */
  polls: PollState[];
}


/** An open deck's file changed and still parses: the new slides, ready for `.reveal .slides`. */
export interface DeckUpdate {
  slug: string;
  meta: DeckMeta;
  slides: PublicSlide[];
  /** Rendered <section> markup for the whole deck. */
  sectionsHtml: string;
  /** The deck's stylesheets (server/http/assets.ts deckStyles): a page swaps its own for these. */
  styles?: string[];
  /** The deck's warnings, for the deck page's panel. */
  warnings?: PageWarning[];
}

/**
 * Every `error` a live ack can carry: codes of the one catalogue (shared/errors.ts).
 * - bad-request: the payload does not match the schema; bad-deck: `deck:watch` of no valid slug
 * - unknown-session; bad-key: a key was given and it is wrong (never demoted to follower)
 * - not-joined: presenter:* before a successful session:join; forbidden: presenter:* from a follower
 * - rate-limited: too many moves or key attempts (the connection stays open)
 * - out-of-range: h/v outside the deck; unavailable: the session's deck cannot be read right now
 * - unknown-event: a session:* or presenter:* event this server does not know
 * - store-unavailable: the session store (disk or Redis) cannot take it: nothing changed, try again
 * - questions-off: the presenter turned questions off; too-many-questions: the session holds its
 *   2,000; unknown-question: no question has that id in this session
 * - unknown-poll: the session's deck has no poll with that id; poll-closed: the poll is not open
 * - not-driver: another presenter drives (every presenter:* but presenter:driver needs the
 *   controls); no-request: a hand-over with nobody asking
 */
export type LiveErrorCode = Extract<
  ErrorCode,
  | 'bad-request'
  | 'bad-deck'
  | 'unknown-session'
  | 'bad-key'
  | 'not-joined'
  | 'forbidden'
  | 'rate-limited'
  | 'out-of-range'
  | 'unavailable'
  | 'unknown-event'
  | 'store-unavailable'
  | 'questions-off'
  | 'too-many-questions'
  | 'unknown-question'
  | 'unknown-poll'
  | 'poll-closed'
  | 'not-driver'
  | 'no-request'
>;

/** Every request's answer: `{ ok: true, … }` or `{ ok: false, error }`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: LiveErrorCode };

export interface ServerToClientEvents {
  /** An open deck's file changed; sent with `error` (where and what) when the edit broke the deck. */
  'deck:updated': (update: DeckUpdate | { slug: string; error: string }) => void;
  /** To the session's room after every change. */
  'session:state': (state: LiveState) => void;
  /** To the session's room when the follower count changes (coalesced, at most twice a second). */
  'session:presence': (presence: { followers: number }) => void;
  /** To the session's presenters when the driver changes, someone asks for the controls, or the driver drops. */
  'session:driver': (state: DriverState) => void;
  /** To the session's presenters when the timer starts, pauses or resets. */
  'session:timer': (timer: TimerState) => void;
  /**
   * To presenters when the session store (Redis) goes away and comes back: while it is
   * "reconnecting", moves are refused with `store-unavailable` and followers stay where they are.
   */
  'session:status': (status: { store: 'ok' | 'reconnecting' }) => void;
  /** The session is gone — a presenter ended it, or it sat idle for 24 hours; the room is closed. */
  'session:ended': (info: { session: string; reason: 'ended' | 'expired' }) => void;
  /** The questions a member may see, after a change (coalesced: at most a few a second). */
  'audience:questions': (list: QuestionList) => void;
  /** To presenters and members that joined with `reactions: true`: reactions gathered over one batch. */
  'audience:reactions': (batch: ReactionBatch) => void;
  /** A poll opened, closed, was revealed or reset, or took answers (coalesced); counts to followers only once revealed. */
  'poll:state': (state: PollState) => void;
  /** The speaker's laser pointer (volatile: a slow connection skips positions, never queues them). */
  'session:pointer': (pointer: PointerUpdate) => void;
  /** The speaker's pen: a stroke's next points, or clear. Kept by no one: a page that joins later sees only what comes after. */
  'session:draw': (draw: DrawUpdate) => void;
}

// The live events declare their ack as required so `socket.timeout(ms).emit(...)` types its
// (err, res) callback; the server still handles a payload sent without one (it is not answered).
export interface ClientToServerEvents {
  /** Ask for `deck:updated` pushes of one deck (live reload while editing). */
  'deck:watch': (payload: DeckWatchRequest, ack?: (res: Ack) => void) => void;
  /** Join a session; send it again after every reconnect (the ack carries the snapshot). */
  'session:join': (payload: JoinRequest, ack: (res: Ack<JoinResult>) => void) => void;
  'presenter:navigate': (payload: NavigateRequest, ack: (res: Ack<{ state: LiveState }>) => void) => void;
  'presenter:step': (payload: StepRequest, ack: (res: Ack<{ state: LiveState }>) => void) => void;
  'presenter:timer': (payload: TimerRequest, ack: (res: Ack<{ timer: TimerState }>) => void) => void;
  /** Ask for, hand over, decline or claim the controls; the only presenter:* event a non-driver may send. */
  'presenter:driver': (payload: DriverRequest, ack: (res: Ack<DriverState>) => void) => void;
  /** End the session for everyone: followers hear `session:ended`, the key and the link stop working. */
  'presenter:end': (payload: EndRequest, ack: (res: Ack) => void) => void;
  /** Moderation: approve, hide, mark answered, show on screen, take off the screen. */
  'presenter:question': (payload: QuestionActionRequest, ack: (res: Ack<{ question: Question }>) => void) => void;
  /** The session's moderation mode. */
  'presenter:questions': (payload: QuestionModeRequest, ack: (res: Ack<{ mode: QuestionMode }>) => void) => void;
  /** Any member: ask (3 a minute), vote (10 a second, `up: false` withdraws), react (5 a second). */
  'audience:ask': (payload: AskRequest, ack: (res: Ack<{ question: Question }>) => void) => void;
  'audience:vote': (payload: VoteRequest, ack: (res: Ack<{ question: Question }>) => void) => void;
  'audience:react': (payload: ReactRequest, ack: (res: Ack) => void) => void;
  /** A follower's answer (10 a second, with votes); changeable while the poll is open. */
  'poll:answer': (payload: PollAnswerRequest, ack: (res: Ack<{ state: PollState }>) => void) => void;
  /** Open, close, reveal the results to the room, or reset (answers gone, closed). */
  'presenter:poll': (payload: PollControlRequest, ack: (res: Ack<{ state: PollState }>) => void) => void;
  /**
   * The laser pointer: a spot, or `{ off: true }`. Sent without an ack at most 30 times a second;
   * the room gets at most 30 a second per session, the last one always.
   */
  'presenter:pointer': (payload: PointerUpdate, ack?: (res: Ack) => void) => void;
  /** The pen: a stroke's next points (at most 64, a segment about every 34 ms), or `{ clear: true }`. */
  'presenter:draw': (payload: DrawUpdate, ack?: (res: Ack) => void) => void;
}

/** What the server keeps on each connection (socket.io's `socket.data`); recovery restores it. */
export interface SocketData {
  /** The session this connection is in, and as what; absent before a join. */
  live?: {
    session: string;
    role: LiveRole;
    /** The member's follower id (their own, or this connection's). */
    who: string;
    /** Gets the room's reactions (presenters, audience windows). */
    reactions: boolean;
    /** Presenters: the seat they drive from, and the name shown for it. */
    seat?: string;
    name?: string;
  };
}

// ---------------------------------------------------------------- HTTP: /api/sessions

export const createSessionSchema = z.object({ deck: z.string().check(z.minLength(1), z.maxLength(128)) });
export type CreateSessionRequest = z.infer<typeof createSessionSchema>;

/** 201 from POST /api/sessions: the key is in this answer and the presenter URL's fragment, nowhere else. */
export interface CreatedSession {
  id: string;
  presenterKey: string;
  presenterUrl: string;
  followUrl: string;
}

/** GET /api/sessions/<id>: the same on every process, never the key. */
export interface SessionDescription {
  id: string;
  deck: string;
  state: LiveState;
  followers: number;
}
