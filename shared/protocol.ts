// The wire protocol between Lectern's server and every client (deck pages, presenter view,
// follower page, third-party remotes). Imported by both sides so a wrongly shaped emit does
// not compile. Events are named `noun:verb`. The live-session part is documented for
// third-party remotes in the README ("Live sessions: the protocol"); issue #3 is the spec.
import type { DeckMeta } from '../deck/model.ts';

/** A slide as the public sees it: no speaker notes. */
export interface PublicSlide {
  h: number;
  v: number;
  title: string;
  html: string;
  attributes: Record<string, string>;
}

export interface DeckUpdate {
  slug: string;
  meta: DeckMeta;
  slides: PublicSlide[];
  /** Rendered <section> markup for the whole deck, ready for .reveal .slides. */
  sectionsHtml: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

// ---------------------------------------------------------------- live sessions (issue #3)

/** Where a live session is: the slide, the fragment shown, and whether the speaker paused. */
export interface LiveState {
  /** Horizontal slide index, 0-based, as reveal.js counts. */
  h: number;
  /** Vertical index within the stack, 0-based. */
  v: number;
  /** Last fragment shown, as reveal.js counts: -1 when none is (or the slide has none). */
  f: number;
  /** Blackout: followers see a "paused" screen. */
  paused: boolean;
  /** Grows with every change; clients ignore a `session:state` older than the one they have. */
  seq: number;
  /** Server time of the change (ms since the epoch). */
  at: number;
}

export type LiveRole = 'presenter' | 'follower';

/** The presenters' shared elapsed-time clock. */
export interface TimerState {
  running: boolean;
  /** Elapsed time at `at`; while running, now's value is `elapsedMs + (now - at)`. */
  elapsedMs: number;
  at: number;
}

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
}

/** Every `error` a live-session ack can carry. */
export type LiveError =
  | 'bad-request' // the payload does not match the schema
  | 'unknown-session'
  | 'bad-key' // a key was given and it is wrong (never demoted to follower)
  | 'not-joined' // presenter:* before a successful session:join
  | 'forbidden' // presenter:* from a follower
  | 'rate-limited' // too many moves or key attempts; the connection stays open
  | 'out-of-range' // h/v outside the deck
  | 'unavailable' // the session's deck cannot be read right now
  | 'unknown-event' // a session:* or presenter:* event this server does not know
  | 'store-unavailable'; // the shared session store (Redis) is away: nothing changed, try again

export interface JoinRequest {
  session: string;
  /** The presenter key; leave it out to follow. */
  key?: string;
}

export interface NavigateRequest {
  h: number;
  v: number;
  f: number;
  /** Leave out to keep the current blackout. */
  paused?: boolean;
}

/** For remotes that do not know the deck's structure: the server steps the way reveal.js does. */
export interface StepRequest {
  to: 'next' | 'prev' | 'first' | 'last';
}

export interface TimerRequest {
  action: 'start' | 'pause' | 'reset';
}

/** `presenter:end` takes no fields: `{}`. */
export type EndRequest = Record<string, never>;

export interface ServerToClientEvents {
  /** An open deck's file changed; also sent with `error` when the edit broke the deck. */
  'deck:updated': (update: DeckUpdate | { slug: string; error: string }) => void;
  /** To the session's room after every change. */
  'session:state': (state: LiveState) => void;
  /** To the session's room when the follower count changes (coalesced, at most twice a second). */
  'session:presence': (presence: { followers: number }) => void;
  /** To the session's presenters when the timer starts, pauses or resets. */
  'session:timer': (timer: TimerState) => void;
  /**
   * To presenters when the session store (Redis) goes away and comes back: while it is
   * "reconnecting", moves are refused with `store-unavailable` and followers stay where they are.
   */
  'session:status': (status: { store: 'ok' | 'reconnecting' }) => void;
  /** The session is gone — a presenter ended it, or it sat idle for 24 hours; the room is closed. */
  'session:ended': (info: { session: string; reason: 'ended' | 'expired' }) => void;
}

// The live events declare their ack as required so `socket.timeout(ms).emit(...)` types its
// (err, res) callback; the server still handles a payload sent without one (it is not answered).
export interface ClientToServerEvents {
  /** Ask for `deck:updated` pushes of one deck (live reload while editing). */
  'deck:watch': (payload: { slug: string }, ack?: (res: Ack) => void) => void;
  /** Join a session; send it again after every reconnect (the ack carries the snapshot). */
  'session:join': (payload: JoinRequest, ack: (res: Ack<JoinResult>) => void) => void;
  'presenter:navigate': (payload: NavigateRequest, ack: (res: Ack<{ state: LiveState }>) => void) => void;
  'presenter:step': (payload: StepRequest, ack: (res: Ack<{ state: LiveState }>) => void) => void;
  'presenter:timer': (payload: TimerRequest, ack: (res: Ack<{ timer: TimerState }>) => void) => void;
  /** End the session for everyone: followers hear `session:ended`, the key and the link stop working. */
  'presenter:end': (payload: EndRequest, ack: (res: Ack) => void) => void;
}
