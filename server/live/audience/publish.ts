// Sends each session's question list after changes, coalesced: a burst of votes is one list a
// little later, not one per vote. Presenters get every question; followers the public ones;
// the authors of the questions that changed get the public ones and their own (their room spans
// their connections, on every process). The list is read from the store when it is sent, and
// carries the store's `rev`, so a client keeps the newest whichever process sent it.
import { isPublic, visibleTo, type Question, type QuestionMode } from '../../../shared/audience.ts';
import type { QuestionList } from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { authorRoom, followersRoom, presentersRoom } from '../membership/members.ts';

type PublishDeps = Pick<LiveDeps, 'io' | 'audience' | 'sessions' | 'shapes' | 'logger'>;

interface Pending {
  timer: NodeJS.Timeout;
  authors: Set<string>;
}

export class QuestionPublisher {
  private pending = new Map<string, Pending>();

  constructor(
    private readonly deps: PublishDeps,
    private readonly delayMs = 100,
  ) {}

  /** The session's questions changed; `author`: whose question it was (their own list changes too). */
  changed(session: string, author?: string): void {
    let pending = this.pending.get(session);
    if (!pending) {
      pending = { authors: new Set(), timer: setTimeout(() => void this.flush(session), this.delayMs) };
      this.pending.set(session, pending);
    }
    if (author !== undefined) pending.authors.add(author);
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

  private async flush(session: string): Promise<void> {
    const pending = this.pending.get(session);
    this.pending.delete(session);
    if (!pending) return;
    const { io, audience, logger } = this.deps;
    try {
      const view = await audience.read(session);
      const mode = await this.mode(session, view.mode);
      const list = (questions: Question[]): QuestionList => ({ questions, mode, rev: view.rev });
      const open = view.questions.filter((q) => isPublic(q.status));
      io.to(presentersRoom(session)).emit('audience:questions', list(view.questions));
      const authors = [...pending.authors].map((tag) => authorRoom(session, tag));
      io.to(followersRoom(session)).except(authors).emit('audience:questions', list(open));
      for (const tag of pending.authors) io.to(authorRoom(session, tag)).emit('audience:questions', list(visibleTo(view.questions, { tag })));
    } catch (err) {
      // The store is away: the next change sends the list again, and a re-join reads it.
      logger.warn({ err, session }, 'question list not sent');
    }
  }
}
