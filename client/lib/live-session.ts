// One live-session connection for a page: joins on every (re)connect, because the join ack
// carries the snapshot that puts a page back on the live slide after any drop or a server
// restart; reports the connection status for the indicator.
import type { LiveState } from '../../shared/positions.ts';
import type { DeckUpdate, DrawUpdate, DriverState, JoinResult, LiveErrorCode, PointerUpdate, PollState, QuestionList, ReactionBatch, TimerState } from '../../shared/protocol.ts';
import { connect, type LecternSocket } from './socket.ts';

/** "degraded": connected, but the server's session store (Redis) is away; moves wait. */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'degraded';

export interface LiveHandlers {
  status(status: LiveStatus): void;
  joined(result: JoinResult): void;
  /** "unknown-session", "bad-key", "rate-limited", ... */
  refused(error: LiveErrorCode): void;
  state(state: LiveState): void;
  presence?(followers: number): void;
  timer?(timer: TimerState): void;
  ended(): void;
  /**
   * The session's deck was edited and still parses: the page swaps in the new slides. The page
   * then joins again, for the notes (presenters) and the state (clamped to the new deck).
   */
  deckUpdated?(update: DeckUpdate): void;
  /** The session's questions changed (the list this member may see). */
  questions?(list: QuestionList): void;
  /** Reactions gathered over one batch. */
  reactions?(batch: ReactionBatch): void;
  /** A poll opened, closed, was revealed or reset, or took answers. */
  polls?(state: PollState): void;
  /** The speaker's laser pointer: a spot, or off. */
  pointer?(update: PointerUpdate): void;
  /** The speaker's pen: a stroke's next points, or clear. */
  draw?(update: DrawUpdate): void;
  /** Presenters: the driver changed, someone asked for the controls, or the driver dropped. */
  driver?(state: DriverState): void;
}

/** A presenter's seat and name, sent with every join (lib/presenter-seat.ts). */
export interface PresenterSeat {
  seat: string;
  name?: string;
}

/** `follower`: the device's follower id, sent with every join (lib/follower-id.ts); `reactions`: an audience window. */
export function joinLive(
  session: string,
  key: () => string | undefined,
  handlers: LiveHandlers,
  deck?: string,
  follower?: string,
  reactions = false,
  seat?: () => PresenterSeat,
): LecternSocket {
  const socket = connect();
  handlers.status('connecting');
  let retry: ReturnType<typeof setTimeout> | undefined;

  const join = () => {
    const k = key();
    socket.emit('session:join', k ? { session, key: k, ...seat?.() } : { session, ...(follower && { follower }), ...(reactions && { reactions }) }, (res) => {
      if (res.ok) {
        handlers.status('live');
        handlers.joined(res);
        return;
      }
      handlers.refused(res.error);
      if (res.error === 'rate-limited') retry = setTimeout(join, 3000);
    });
  };

  socket.on('connect', () => {
    clearTimeout(retry);
    join();
    // Live reload of the deck: a typo fixed during the talk reaches every screen.
    if (deck && handlers.deckUpdated) socket.emit('deck:watch', { slug: deck });
  });
  socket.on('deck:updated', (update) => {
    // A broken save keeps the slides everyone has; the author sees the error on the deck page.
    if (!handlers.deckUpdated || 'error' in update || update.slug !== deck) return;
    handlers.deckUpdated(update);
    join();
  });
  socket.on('disconnect', (reason) => {
    handlers.status('reconnecting');
    // A server that shuts down cleanly says goodbye; socket.io then does not retry by itself.
    if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 1000 + Math.random() * 1000);
  });
  socket.io.on('reconnect_attempt', () => handlers.status('reconnecting'));
  socket.on('session:state', (state) => handlers.state(state));
  socket.on('session:presence', ({ followers }) => handlers.presence?.(followers));
  // The store is back: join again for a fresh snapshot, as after any drop (once per outage).
  let degraded = false;
  socket.on('session:status', ({ store }) => {
    if (store === 'reconnecting') {
      degraded = true;
      handlers.status('degraded');
    } else if (degraded) {
      degraded = false;
      join();
    }
  });
  socket.on('session:timer', (timer) => handlers.timer?.(timer));
  socket.on('session:driver', (state) => handlers.driver?.(state));
  socket.on('audience:questions', (list) => handlers.questions?.(list));
  socket.on('audience:reactions', (batch) => handlers.reactions?.(batch));
  socket.on('poll:state', (state) => handlers.polls?.(state));
  socket.on('session:pointer', (update) => handlers.pointer?.(update));
  socket.on('session:draw', (update) => handlers.draw?.(update));
  socket.on('session:ended', (info) => {
    if (info.session === session) handlers.ended();
  });
  return socket;
}

export function renderStatus(element: HTMLElement, text: HTMLElement, status: LiveStatus): void {
  element.dataset.state = status;
  text.textContent =
    status === 'live' ? 'Live' : status === 'connecting' ? 'Connecting…' : status === 'degraded' ? 'Moves on hold: server reconnecting…' : 'Reconnecting…';
}
