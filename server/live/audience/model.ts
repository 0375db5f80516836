// One session's questions as plain data, with the operations every audience store performs: the
// file store keeps one of these per session and writes it whole; the Redis store does the same
// steps in Lua (redis-scripts.ts), one atomic step each. Pure: no I/O, no clock of its own.
import * as z from 'zod/mini';
import {
  QUESTION_MODES,
  QUESTION_STATUSES,
  statusAfter,
  statusOnAsk,
  type Question,
  type QuestionAction,
  type QuestionMode,
} from '../../../shared/audience.ts';
import type { PollData } from './poll-model.ts';

/** A question as asked, before the store gives it an id, a status and votes. */
export interface NewQuestion {
  text: string;
  name?: string;
  by: string;
  at: number;
}

/** What an ask needs to know besides the question: the mode when none was set, and the cap. */
export interface AskRules {
  defaultMode: QuestionMode;
  max: number;
}

export type AskOutcome = { question: Question } | { refused: 'questions-off' | 'too-many-questions' };
export type VoteOutcome = { question: Question } | { refused: 'questions-off' | 'unknown-question' };

export interface AudienceData {
  /** Set by the presenter; absent: the deck's front matter decides (AskRules.defaultMode). */
  mode?: QuestionMode;
  /** Grows with every change: clients drop lists older than one they have. */
  rev: number;
  /** The number in the last question id given ("q<n>"). */
  last: number;
  questions: Question[];
  /** Question id → the tags of the followers who upvoted it. */
  voters: Map<string, Set<string>>;
  polls: Map<string, PollData>;
}

export const emptyAudience = (): AudienceData => ({ rev: 0, last: 0, questions: [], voters: new Map(), polls: new Map() });

export function effectiveMode(data: Pick<AudienceData, 'mode'>, fallback: QuestionMode): QuestionMode {
  return data.mode ?? fallback;
}

/** Adds a question (mutates `data`). */
export function ask(data: AudienceData, asked: NewQuestion, rules: AskRules): AskOutcome {
  const mode = effectiveMode(data, rules.defaultMode);
  if (mode === 'off') return { refused: 'questions-off' };
  if (data.questions.length >= rules.max) return { refused: 'too-many-questions' };
  data.last += 1;
  data.rev += 1;
  const question: Question = { id: `q${data.last}`, text: asked.text, ...(asked.name ? { name: asked.name } : {}), by: asked.by, status: statusOnAsk(mode), votes: 0, at: asked.at };
  data.questions.push(question);
  return { question };
}

/**
 * One vote per follower per question: `up` adds theirs (again: nothing changes), `!up` withdraws
 * it. Only questions the voter can see take votes: public ones and their own.
 */
export function vote(data: AudienceData, id: string, tag: string, up: boolean, fallback: QuestionMode): VoteOutcome {
  if (effectiveMode(data, fallback) === 'off') return { refused: 'questions-off' };
  const question = data.questions.find((q) => q.id === id);
  if (!question || !(question.status === 'approved' || question.status === 'answered' || question.status === 'shown' || question.by === tag)) {
    return { refused: 'unknown-question' };
  }
  let voters = data.voters.get(id);
  if (!voters) data.voters.set(id, (voters = new Set()));
  if (up === voters.has(tag)) return { question };
  if (up) voters.add(tag);
  else voters.delete(tag);
  question.votes = voters.size;
  data.rev += 1;
  return { question };
}

/** A presenter's action; showing one question takes any other off the screen (it counts as answered). */
export function moderate(data: AudienceData, id: string, action: QuestionAction): Question | undefined {
  const question = data.questions.find((q) => q.id === id);
  if (!question) return undefined;
  const status = statusAfter(action);
  if (action === 'dismiss' && question.status !== 'shown') return question;
  if (status === 'shown') for (const other of data.questions) if (other.status === 'shown' && other !== question) other.status = statusAfter('dismiss');
  question.status = status;
  data.rev += 1;
  return question;
}

export function setMode(data: AudienceData, mode: QuestionMode): void {
  data.mode = mode;
  data.rev += 1;
}

/** The ids of the questions `tag` has upvoted. */
export function votedBy(data: AudienceData, tag: string): string[] {
  return [...data.voters].filter(([, tags]) => tags.has(tag)).map(([id]) => id);
}

// Bounds of what a store wrote: a file outside them is set aside, never half-trusted.
const questionSchema = z.object({
  id: z.string().check(z.maxLength(8)),
  text: z.string().check(z.maxLength(2000)),
  name: z.optional(z.string().check(z.maxLength(400))),
  by: z.string().check(z.maxLength(64)),
  status: z.enum(QUESTION_STATUSES),
  votes: z.int().check(z.gte(0)),
  at: z.number(),
});
const audienceFileSchema = z.object({
  mode: z.optional(z.enum(QUESTION_MODES)),
  rev: z.int().check(z.gte(0)),
  last: z.int().check(z.gte(0)),
  questions: z.array(questionSchema),
  voters: z.record(z.string(), z.array(z.string())),
  polls: z.optional(
    z.record(
      z.string(),
      z.object({
        opened: z.boolean(),
        open: z.boolean(),
        revealed: z.boolean(),
        counts: z.array(z.int().check(z.gte(0))),
        total: z.int().check(z.gte(0)),
        answers: z.record(z.string(), z.array(z.int().check(z.gte(0)))),
      }),
    ),
  ),
});

/** The JSON a file store writes: the voter sets as arrays. */
export function audienceToJson(data: AudienceData): string {
  return JSON.stringify({
    ...data,
    voters: Object.fromEntries([...data.voters].map(([id, tags]) => [id, [...tags]])),
    polls: Object.fromEntries([...data.polls].map(([id, poll]) => [id, { ...poll, answers: Object.fromEntries(poll.answers) }])),
  });
}

/** Throws on a file this store did not write. */
export function audienceFromJson(text: string): AudienceData {
  const parsed = audienceFileSchema.parse(JSON.parse(text));
  return {
    ...parsed,
    voters: new Map(Object.entries(parsed.voters).map(([id, tags]) => [id, new Set(tags)])),
    polls: new Map(Object.entries(parsed.polls ?? {}).map(([id, poll]) => [id, { ...poll, answers: new Map(Object.entries(poll.answers)) }])),
  };
}
