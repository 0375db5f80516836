// The audience's events and the presenter's moderation: `audience:ask`, `audience:vote`,
// `audience:react` from any member, `presenter:question` and `presenter:questions` from
// presenters (followers are refused `forbidden` by the presenter gate). Each audience request
// passes one gate — joined, within the follower's rate, a valid payload — before any side
// effect. Rates are per follower id, not per connection: a reconnect does not refill them.
import type * as z from 'zod/mini';
import { AUDIENCE_LIMITS, MAX_QUESTIONS_PER_SESSION, visibleTo, type Question } from '../../../shared/audience.ts';
import {
  askSchema,
  pollAnswerSchema,
  type PollState,
  questionActionSchema,
  questionModeSchema,
  reactSchema,
  voteSchema,
  type AudienceSnapshot,
  type LiveRole,
} from '../../../shared/protocol.ts';
import type { LiveDeps } from '../deps.ts';
import { KeyedLimiter } from '../rate-limit.ts';
import { failure, refused, replier, type Reply } from '../acks.ts';
import { membership, type LiveSocket } from '../membership/members.ts';
import { presenterHandler, type PresenterHandler } from '../presenter/gate.ts';
import type { LiveSession } from '../sessions/sessions.ts';
import { authorTag } from './identity.ts';
import { QuestionPublisher } from './publish.ts';
import { Reactions } from './reactions.ts';
import { Polls } from './polls.ts';

type AudienceDeps = Pick<LiveDeps, 'io' | 'audience' | 'sessions' | 'shapes' | 'logger' | 'clock'>;

/** Who sent an audience request: their session, role, author tag. */
interface Asker {
  session: LiveSession;
  role: LiveRole;
  tag: string;
}

type AudienceAction<T, R extends object> = (asker: Asker, request: T, reply: Reply<R>) => void | Promise<void>;
export type AudienceHandler = (socket: LiveSocket, payload: unknown, ack: unknown) => void | Promise<void>;

export class Audience {
  readonly publisher: QuestionPublisher;
  readonly reactions: Reactions;
  readonly polls: Polls;
  private readonly limits: Record<'questions' | 'votes' | 'reactions', KeyedLimiter>;
  private readonly deps: AudienceDeps;

  constructor(deps: AudienceDeps) {
    this.deps = deps;
    const { clock } = deps;
    this.limits = {
      questions: new KeyedLimiter(AUDIENCE_LIMITS.questions, { clock }),
      votes: new KeyedLimiter(AUDIENCE_LIMITS.votes, { clock }),
      reactions: new KeyedLimiter(AUDIENCE_LIMITS.reactions, { clock }),
    };
    this.publisher = new QuestionPublisher(deps);
    this.reactions = new Reactions(deps);
    this.polls = new Polls(deps);
  }

  close(): void {
    this.publisher.close();
    this.reactions.close();
    this.polls.close();
  }

  /** What a member sees on joining: the questions for their role, their tag, their votes; the polls. */
  async snapshot(session: LiveSession, role: LiveRole, who: string): Promise<{ audience: AudienceSnapshot; polls: PollState[] }> {
    const tag = authorTag(session.id, who);
    const [view, voted, polls] = await Promise.all([
      this.deps.audience.read(session.id),
      this.deps.audience.voted(session.id, tag),
      this.polls.snapshot(session, role === 'presenter', tag),
    ]);
    const mode = await this.publisher.mode(session.id, view.mode);
    const questions = visibleTo(view.questions, role === 'presenter' ? { presenter: true } : { tag });
    return { audience: { questions, mode, rev: view.rev, you: tag, voted }, polls };
  }

  readonly ask = this.gate('questions', askSchema, async ({ session, tag }, { text, name }, reply: Reply<{ question: Question }>) => {
    const defaultMode = await this.deps.shapes.questionMode(session.deck);
    const asked = { text, ...(name ? { name } : {}), by: tag, at: this.deps.clock() };
    const outcome = await this.deps.audience.ask(session.id, asked, { defaultMode, max: MAX_QUESTIONS_PER_SESSION }).catch(failure);
    if (typeof outcome === 'string') return reply(refused(outcome));
    if ('refused' in outcome) return reply(refused(outcome.refused));
    this.publisher.changed(session.id, { author: tag });
    reply({ ok: true, question: outcome.question });
  });

  readonly vote = this.gate('votes', voteSchema, async ({ session, tag }, { question, up }, reply: Reply<{ question: Question }>) => {
    const defaultMode = await this.deps.shapes.questionMode(session.deck);
    const outcome = await this.deps.audience.vote(session.id, question, tag, up, defaultMode).catch(failure);
    if (typeof outcome === 'string') return reply(refused(outcome));
    if ('refused' in outcome) return reply(refused(outcome.refused));
    this.publisher.changed(session.id, { votesOnly: true });
    reply({ ok: true, question: outcome.question });
  });

  readonly answer = this.gate('votes', pollAnswerSchema, ({ session, tag }, request, reply: Reply<{ state: PollState }>) => this.polls.answer(session, tag, request, reply));

  readonly react = this.gate('reactions', reactSchema, ({ session }, { reaction }, reply) => {
    this.reactions.add(session.id, reaction);
    reply({ ok: true });
  });

  /** `presenter:question`: approve, hide, answer, show, dismiss. */
  moderation(): PresenterHandler {
    return presenterHandler(this.deps.sessions, questionActionSchema, async (session, { question, action }, reply: Reply<{ question: Question }>) => {
      const changed = await this.deps.audience.moderate(session.id, question, action).catch(failure);
      if (typeof changed === 'string') return reply(refused(changed));
      if (!changed) return reply(refused('unknown-question'));
      this.publisher.changed(session.id, { author: changed.by });
      reply({ ok: true, question: changed });
    });
  }

  /** `presenter:questions`: the session's moderation mode. */
  modeSwitch(): PresenterHandler {
    return presenterHandler(this.deps.sessions, questionModeSchema, async (session, { mode }, reply: Reply<{ mode: typeof mode }>) => {
      const done = await this.deps.audience.setMode(session.id, mode).catch(failure);
      if (typeof done === 'string') return reply(refused(done));
      this.publisher.changed(session.id);
      reply({ ok: true, mode });
    });
  }

  /** The gate of every audience:* request: joined, within the follower's rate, a valid payload. */
  private gate<T, R extends object>(limit: 'questions' | 'votes' | 'reactions', schema: z.ZodMiniType<T>, action: AudienceAction<T, R>): AudienceHandler {
    return (socket, payload, ack) => {
      const reply = replier<R>(ack);
      const current = membership(socket);
      if (!current) return reply(refused('not-joined'));
      const session = this.deps.sessions.byId.get(current.session);
      if (!session) return reply(refused('unknown-session'));
      const tag = authorTag(session.id, current.who);
      if (!this.limits[limit].take(`${session.id} ${tag}`)) return reply(refused('rate-limited'));
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply(refused('bad-request'));
      return action({ session, role: current.role, tag }, parsed.data, reply);
    };
  }
}
