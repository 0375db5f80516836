// The presenter view's connection to its session: joins with the key (again after every
// reconnect), sends the speaker's moves, and shows the session's state when it differs. What to
// send and when to follow the session is PresenterSync's (lib/live-presenter.ts); this class
// holds the connection's own state — joined or not, a move held back, a pending retry — and
// tells the views what to show.
import type { LiveState } from '../../shared/positions.ts';
import type { Ack, DrawUpdate, JoinResult, LiveErrorCode, PointerUpdate } from '../../shared/protocol.ts';
import { $ } from '../lib/dom.ts';
import { forgetKey, storedKey } from '../lib/live-key.ts';
import { PresenterSync } from '../lib/live-presenter.ts';
import { joinLive, renderStatus, type LiveStatus } from '../lib/live-session.ts';
import type { LecternSocket } from '../lib/socket.ts';
import type { PresenterDeck } from './deck-view.ts';
import { hideGate, showEnded, showGate, toast, type SessionEnder } from './panels.ts';
import type { TimerAction, TimerView } from './timer-view.ts';
import type { QuestionAction, QuestionMode } from '../../shared/audience.ts';
import { QuestionsView, type Moderator } from './questions-view.ts';
import { PollView, type PollController } from './poll-view.ts';
import type { PollAction } from '../../shared/polls.ts';
import type { DriverRequest } from '../../shared/protocol.ts';
import { presenterName, presenterSeat } from '../lib/presenter-seat.ts';
import { DriverView, type DriverActions } from './driver-view.ts';

/** How long a rate-limited move waits before the deck's place is sent again. */
const RATE_LIMIT_RETRY_MS = 400;

export class PresenterController implements SessionEnder, Moderator, PollController, DriverActions {
  private readonly sync = new PresenterSync();
  private readonly questions = new QuestionsView(this);
  private readonly driver = new DriverView(this);
  private readonly polls: PollView;
  private socket?: LecternSocket;
  /** Joined as presenter: moves are sent. */
  private joined = false;
  /** The speaker moved while no move could be sent (not joined, or the store away): sent after the next join. */
  private held = false;
  private retry?: number;
  /** Spots and ink from another presenter tab of this session (presenter/pointer-tools.ts). */
  onPointer?: (update: PointerUpdate) => void;
  onDraw?: (update: DrawUpdate) => void;

  constructor(
    private readonly session: string,
    private readonly deckSlug: string,
    private readonly view: PresenterDeck,
    private readonly timer: TimerView,
  ) {
    view.onSpeakerMove(() => this.send());
    this.polls = new PollView(view.deck, this);
  }

  /** Where followers are: the session's last known state. */
  live(): LiveState | undefined {
    return this.sync.live;
  }

  connected(): boolean {
    return this.joined && this.socket !== undefined;
  }

  connect(): void {
    this.socket?.close();
    this.socket = joinLive(
      this.session,
      () => storedKey(this.session),
      {
        status: (status) => this.status(status),
        joined: (result) => this.onJoined(result),
        refused: (error) => this.onRefused(error),
        state: (state) => {
          this.sync.accept(state);
          this.reconcile();
        },
        presence: (followers) => {
          $('followers').textContent = String(followers);
          this.questions.setFollowers(followers);
        },
        questions: (list) => this.questions.questions(list),
        reactions: (batch) => this.questions.reactions(batch),
        polls: (state) => this.polls.state(state),
        timer: (timer) => this.timer.set(timer),
        pointer: (update) => this.onPointer?.(update),
        draw: (update) => this.onDraw?.(update),
        ended: () => this.ended(),
        // The deck was edited: new slides in both views (the re-join that follows brings the notes).
        deckUpdated: (update) => void this.view.replace(update.sectionsHtml, update.styles),
        driver: (state) => this.driver.set(state),
      },
      this.deckSlug,
      undefined,
      false,
      () => ({ seat: presenterSeat(this.session), ...(presenterName() && { name: presenterName() }) }),
    );
  }

  driverAction(action: DriverRequest['action']): void {
    this.socket?.emit('presenter:driver', { action }, (res) => {
      if (res.ok) this.driver.set(res);
      else if (action === 'claim' && res.error === 'not-driver') this.driver.retryClaim();
      else if (action !== 'claim') toast(res.error === 'no-request' ? 'Nobody asked for the controls.' : `Not done: ${res.error}`);
    });
  }

  /** What a refused request says; another presenter driving is said in words. */
  private refusal(what: string, error: LiveErrorCode): string {
    return error === 'not-driver' ? `${this.driver.driverName()} is driving: request the controls first.` : `${what}: ${error}`;
  }

  /** A new name reaches the other presenters with the next join. */
  renamed(): void {
    if (this.connected()) this.connect();
  }

  timerAction(action: TimerAction): void {
    this.socket?.emit('presenter:timer', { action }, (res) => {
      if (res.ok) return this.timer.set(res.timer);
      this.timer.render();
      if (res.error === 'not-driver') toast(this.refusal('Timer', res.error));
    });
  }

  moderate(question: string, action: QuestionAction): void {
    this.socket?.emit('presenter:question', { question, action }, (res) => {
      if (res.ok) this.questions.changed(res.question);
      else toast(this.refusal('Not done', res.error));
    });
  }

  pollAction(poll: string, action: PollAction): void {
    this.socket?.emit('presenter:poll', { poll, action }, (res) => {
      if (res.ok) this.polls.state(res.state);
      else toast(this.refusal('Poll', res.error));
    });
  }

  setMode(mode: QuestionMode): void {
    this.socket?.emit('presenter:questions', { mode }, (res) => {
      if (!res.ok) toast(this.refusal('Mode not changed', res.error));
    });
  }

  /** The laser pointer: volatile, so a spot made while the connection is down is dropped, not queued. */
  point(update: PointerUpdate): void {
    if (this.connected()) this.socket!.volatile.emit('presenter:pointer', update);
  }

  /** The pen: ink drawn while the connection is down is this page's only. */
  draw(update: DrawUpdate): void {
    if (this.connected()) this.socket!.emit('presenter:draw', update);
  }

  end(): void {
    this.socket?.emit('presenter:end', {}, (res) => {
      if (!res.ok) toast(this.refusal('Could not end the session', res.error));
    });
  }

  private status(status: LiveStatus): void {
    if (status !== 'live') this.joined = false;
    renderStatus($('status'), $('status-text'), status);
  }

  private onJoined(result: JoinResult): void {
    if (result.role !== 'presenter') return;
    hideGate();
    this.view.setNotes(result.notes);
    this.timer.set(result.timer);
    if (result.driver) this.driver.set(result.driver, result.driver.seat);
    $('followers').textContent = String(result.followers);
    this.questions.setFollowers(result.followers);
    this.questions.joined(result.audience);
    this.polls.joined(result.polls);
    // The snapshot always wins over what we had: the server may have restarted. A move of ours
    // still unanswered (a re-join after a store outage races it) is sent again instead.
    const pending = this.sync.pending;
    this.sync.snapshot(result.state);
    this.sync.retrying = false;
    this.joined = true;
    document.body.dataset.joined = 'presenter';
    if (this.held || pending) {
      this.held = false;
      this.send();
    } else this.view.apply(result.state);
    this.showMoves();
  }

  private onRefused(error: LiveErrorCode): void {
    if (error === 'bad-key') {
      forgetKey(this.session);
      this.socket?.close();
      showGate('That key does not match this session. Paste the presenter key again.');
    } else if (error === 'unknown-session') {
      this.socket?.close();
      showGate('This session no longer exists: start a new one from the deck page.');
    } else toast(`Could not join: ${error}`);
  }

  private ended(): void {
    this.socket?.close();
    forgetKey(this.session);
    showEnded(this.deckSlug);
  }

  /** Shows where the speaker has the deck and sends it, unless the session is there already. */
  private send(): void {
    this.view.render();
    if (!this.connected()) {
      // Keep this slide until we have joined again and sent it: a `session:state` that arrives
      // first (the store's re-publish after a Redis outage) must not throw the presenter back.
      this.held = true;
      this.sync.retrying = true;
      return;
    }
    const move = this.sync.local(this.view.wanted());
    if (!move) return;
    this.socket!.emit('presenter:navigate', move, (res) => this.answered(res));
    this.showMoves();
  }

  private answered(res: Ack<{ state: LiveState }>): void {
    this.sync.answered(res.ok ? res.state : undefined);
    this.showMoves();
    if (!res.ok && res.error === 'store-unavailable') {
      // The server's session store (Redis) is away: keep the local slide and send it once the
      // server says the store is back and we have joined again.
      this.sync.retrying = true;
      this.held = true;
      this.joined = false;
      renderStatus($('status'), $('status-text'), 'degraded');
      return;
    }
    if (!res.ok && res.error === 'rate-limited') {
      // A stuck clicker: keep the local slide and send where we are once the bucket refills.
      this.sync.retrying = true;
      clearTimeout(this.retry);
      this.retry = window.setTimeout(() => {
        this.sync.retrying = false;
        this.send();
        this.reconcile();
      }, RATE_LIMIT_RETRY_MS);
      toast('Slow down: moves are being rate-limited.');
    } else if (!res.ok) toast(this.refusal('Move refused', res.error));
    this.reconcile();
  }

  /** Shows the session's state when nothing of ours is in flight or held back. */
  private reconcile(): void {
    const target = this.sync.target(this.view.wanted());
    if (target) this.view.apply(target);
  }

  /** Whether a move of ours awaits its answer: tests wait for "settled" before judging the deck. */
  private showMoves(): void {
    document.body.dataset.moves = this.sync.pending ? 'pending' : 'settled';
  }
}
