// Polls in a live session: `poll:answer` from followers (one answer each, changeable while the
// poll is open), `presenter:poll` open/close/reveal/reset, and the poll opening by itself when a
// presenter first reaches its slide. `poll:state` goes to presenters with the counts, and to
// followers without them until the presenter reveals the results. Sent coalesced, read from the
// store when it is sent: presenters get a burst of answers as one state within 100 ms. Followers
// hear an open, close, reveal or reset within 100 ms, and, once the results are revealed, the
// counts as they change at most once a second; answers to a hidden poll change nothing they can
// see, so they are not told, and thousands of answers do not crowd out slide moves.
import { pollAnswerSchema, pollControlSchema, type PollState } from '../../../shared/protocol.ts';
import type { PollDefinition } from '../../../shared/polls.ts';
import type { LiveDeps } from '../deps.ts';
import { failure, refused, type Reply } from '../acks.ts';
import { followersRoom, presentersRoom } from '../membership/members.ts';
import { presenterHandler, type PresenterHandler } from '../presenter/gate.ts';
import type { LiveSession } from '../sessions/sessions.ts';
import { pollState, type PollControl } from './poll-model.ts';

type PollDeps = Pick<LiveDeps, 'io' | 'audience' | 'sessions' | 'shapes' | 'logger'>;

type Audience = 'presenters' | 'followers';

export class Polls {
  private pending = new Map<string, { timer: NodeJS.Timeout; due: number }>();

  constructor(
    private readonly deps: PollDeps,
    private readonly delayMs = 100,
    private readonly followerDelayMs = 1000,
  ) {}

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  private async find(session: LiveSession, id: string): Promise<PollDefinition | undefined> {
    return (await this.deps.shapes.polls(session.deck)).find((p) => p.id === id);
  }

  /** Every poll of the session's deck, as `presenter` or this follower (`tag`) may see it. */
  async snapshot(session: LiveSession, presenter: boolean, tag: string): Promise<PollState[]> {
    const polls = await this.deps.shapes.polls(session.deck);
    return Promise.all(
      polls.map(async (poll) => {
        const [snapshot, mine] = await Promise.all([this.deps.audience.poll(session.id, poll.id, poll.choices.length), this.deps.audience.pollMine(session.id, poll.id, tag)]);
        return pollState(poll, snapshot, presenter, mine);
      }),
    );
  }

  /** `poll:answer`, past the audience gate (joined, within the follower's rate, a valid payload). */
  async answer(session: LiveSession, tag: string, request: { poll: string; choices: number[] }, reply: Reply<{ state: PollState }>): Promise<void> {
    const poll = await this.find(session, request.poll);
    if (!poll) return reply(refused('unknown-poll'));
    if (request.choices.some((c) => c >= poll.choices.length) || (!poll.multiple && request.choices.length > 1)) return reply(refused('bad-request'));
    const choices = [...request.choices].sort((a, b) => a - b);
    const outcome = await this.deps.audience.pollAnswer(session.id, poll.id, poll.choices.length, tag, choices).catch(failure);
    if (outcome === 'poll-closed') return reply(refused('poll-closed'));
    if (typeof outcome === 'string') return reply(refused(outcome));
    this.changed(session, poll, false, outcome.revealed);
    reply({ ok: true, state: pollState(poll, outcome, false, choices) });
  }

  /** `presenter:poll`. */
  handler(): PresenterHandler {
    return presenterHandler(this.deps.sessions, pollControlSchema, async (session, { poll: id, action }, reply: Reply<{ state: PollState }>) => {
      const poll = await this.find(session, id);
      if (!poll) return reply(refused('unknown-poll'));
      const done = await this.control(session, poll, action).catch(failure);
      if (typeof done === 'string') return reply(refused(done));
      reply({ ok: true, state: pollState(poll, done, true) });
    });
  }

  /** A presenter's move landed on slide h/v: a poll there that was never opened opens. */
  reached(session: LiveSession, h: number, v: number): void {
    const poll = this.deps.shapes.pollAt(session.deck, h, v);
    if (!poll) return;
    this.control(session, poll, 'open-new').catch((err: unknown) => this.deps.logger.warn({ err, session: session.id }, 'poll not opened'));
  }

  private async control(session: LiveSession, poll: PollDefinition, action: PollControl) {
    const { changed, snapshot } = await this.deps.audience.pollControl(session.id, poll.id, poll.choices.length, action);
    if (changed) this.changed(session, poll, true);
    return snapshot;
  }

  /** `control`: opened, closed, revealed or reset (followers hear it soon); else answers, which followers see once revealed. */
  private changed(session: LiveSession, poll: PollDefinition, control: boolean, revealed = false): void {
    this.schedule(session.id, poll, 'presenters', this.delayMs);
    if (control) this.schedule(session.id, poll, 'followers', this.delayMs);
    else if (revealed) this.schedule(session.id, poll, 'followers', this.followerDelayMs);
  }

  private schedule(session: string, poll: PollDefinition, to: Audience, delayMs: number): void {
    const key = `${session} ${poll.id} ${to}`;
    const due = Date.now() + delayMs;
    const pending = this.pending.get(key);
    if (pending && pending.due <= due) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      void this.send(session, poll, to);
    }, delayMs);
    this.pending.set(key, { timer, due });
  }

  private async send(session: string, poll: PollDefinition, to: Audience): Promise<void> {
    const { io, audience, logger } = this.deps;
    try {
      const snapshot = await audience.poll(session, poll.id, poll.choices.length);
      if (to === 'presenters') io.to(presentersRoom(session)).emit('poll:state', pollState(poll, snapshot, true));
      else io.to(followersRoom(session)).emit('poll:state', pollState(poll, snapshot, false));
    } catch (err) {
      logger.warn({ err, session }, 'poll state not sent');
    }
  }
}
