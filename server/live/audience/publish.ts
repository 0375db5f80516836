// Sends each session's question list after changes, coalesced: a burst of votes is one list a
// little later, not one per vote. Presenters get every question within 100 ms; followers the
// public ones — within 100 ms when a question appears, changes status or the mode changes, within
// a second when only vote counts moved, so a room voting does not flood every phone. The authors
// of the questions whose status changed get the public ones and their own (their room spans
// their connections, on every process). The list is read from the store when it is sent, and
// carries the store's `rev`, so a client keeps the newest whichever process sent it.
import { isPublic, visibleTo, type Question, type QuestionMode } from '../../../shared/audience.ts';
import type { QuestionList } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { authorRoom, followersRoom, presentersRoom } from '../membership/members.ts';

type PublishDeps = Pick<LiveDeps, 'io' | 'audience' | 'sessions' | 'shapes' | 'logger'>;
type Audience = 'presenters' | 'followers';

interface Pending {
  timer: NodeJS.Timeout;
  due: number;
  /** Followers only: authors whose own list changes. */
  authors: Set<string>;
}

export class QuestionPublisher {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly deps: PublishDeps,
    private readonly delayMs = 100,
    private readonly votesDelayMs = 1000,
  ) {}

  /**
   * The session's questions changed. `author`: whose question changed status (their own list
   * changes too); `votesOnly`: only counts moved (followers hear it within a second).
   */
  changed(session: string, { author, votesOnly = false }: { author?: string; votesOnly?: boolean } = {}): void {
    this.schedule(session, 'presenters', this.delayMs);
    const followers = this.schedule(session, 'followers', votesOnly ? this.votesDelayMs : this.delayMs);
    if (author !== undefined) followers.authors.add(author);
  }

  /** The mode a session's questions follow: the presenter's choice, else the deck's front matter. */
  async mode(session: string, chosen?: QuestionMode): Promise<QuestionMode> {
    if (chosen) return chosen;
    const deck = this.deps.sessions.byId.get(session)?.deck;
    return deck === undefined ? 'moderated' : this.deps.shapes.questionMode(deck);
  }

  close(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** A send of `to` within `delayMs` (an earlier one already due stays). */
  private schedule(session: string, to: Audience, delayMs: number): Pending {
    const key = `${session} ${to}`;
    const due = Date.now() + delayMs;
    const pending = this.pending.get(key);
    if (pending && pending.due <= due) return pending;
    if (pending) clearTimeout(pending.timer);
    const next: Pending = {
      due,
      authors: pending?.authors ?? new Set(),
      timer: setTimeout(() => {
        this.pending.delete(key);
        void this.flush(session, to, next.authors);
      }, delayMs),
    };
    this.pending.set(key, next);
    return next;
  }

  private async flush(session: string, to: Audience, authors: Set<string>): Promise<void> {
    const { io, audience, logger } = this.deps;
    try {
      const view = await audience.read(session);
      const mode = await this.mode(session, view.mode);
      const list = (questions: Question[]): QuestionList => ({ questions, mode, rev: view.rev });
      if (to === 'presenters') return void io.to(presentersRoom(session)).emit('audience:questions', list(view.questions));
      const rooms = [...authors].map((tag) => authorRoom(session, tag));
      io.to(followersRoom(session)).except(rooms).emit('audience:questions', list(view.questions.filter((q) => isPublic(q.status))));
      for (const tag of authors) io.to(authorRoom(session, tag)).emit('audience:questions', list(visibleTo(view.questions, { tag })));
    } catch (err) {
      // The store is away: the next change sends the list again, and a re-join reads it.
      logger.warn({ err, session }, 'question list not sent');
    }
  }
}
