// The audience's part of the live protocol (shared/protocol.ts has the events): what followers
// send to ask, vote, react and answer polls, what presenters send to moderate, and the lists and
// batches the server sends back. Every payload has a zod/mini schema with its limits; its type is
// inferred from it. Audience text is cleaned here and is text from then on, never HTML.
import * as z from 'zod/mini';
import { NAME_MAX_CHARS, QUESTION_ACTIONS, QUESTION_MAX_CHARS, QUESTION_MODES, REACTIONS, type Question, type QuestionMode, type ReactionCounts } from './audience.ts';
import { POLL_ACTIONS, POLL_ID_PATTERN, POLL_MAX_CHOICES } from './polls.ts';

/**
 * Audience text: control characters and runs of white space become one space, the ends are
 * trimmed, and the length is counted in characters (an emoji is one), after that clean-up.
 */
function audienceText(max: number) {
  return z.pipe(
    z.string().check(z.maxLength(max * 4)),
    z.pipe(
      z.transform((raw: string) => raw.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim()),
      z.string().check(z.refine((text) => text.length > 0 && [...text].length <= max, `1 to ${max} characters`)),
    ),
  );
}
const questionId = z.string().check(z.regex(/^q[1-9][0-9]{0,5}$/));

export const askSchema = z.object({ text: audienceText(QUESTION_MAX_CHARS), name: z.optional(audienceText(NAME_MAX_CHARS)) });
export const voteSchema = z.object({ question: questionId, up: z.boolean() });
export const reactSchema = z.object({ reaction: z.enum(REACTIONS) });
export const questionActionSchema = z.object({ question: questionId, action: z.enum(QUESTION_ACTIONS) });
export const questionModeSchema = z.object({ mode: z.enum(QUESTION_MODES) });
const pollIdSchema = z.string().check(z.regex(POLL_ID_PATTERN));
/** Choices by 0-based index, each at most once; a single-choice poll takes exactly one. */
export const pollAnswerSchema = z.object({
  poll: pollIdSchema,
  choices: z.array(z.int().check(z.gte(0), z.lt(POLL_MAX_CHOICES))).check(
    z.minLength(1),
    z.maxLength(POLL_MAX_CHOICES),
    z.refine((list) => new Set(list).size === list.length, 'each choice once'),
  ),
});
export const pollControlSchema = z.object({ poll: pollIdSchema, action: z.enum(POLL_ACTIONS) });
export type AskRequest = z.input<typeof askSchema>;
export type VoteRequest = z.infer<typeof voteSchema>;
export type ReactRequest = z.infer<typeof reactSchema>;
export type QuestionActionRequest = z.infer<typeof questionActionSchema>;
export type QuestionModeRequest = z.infer<typeof questionModeSchema>;
export type PollAnswerRequest = z.infer<typeof pollAnswerSchema>;
export type PollControlRequest = z.infer<typeof pollControlSchema>;

/**
 * `audience:questions`: the list a member may see — followers the approved, answered and shown
 * ones (and, in the list sent to an author when one of theirs changes, their own); presenters
 * all. `rev` grows with every change: a list with a lower `rev` than one already applied is stale.
 */
export interface QuestionList {
  questions: Question[];
  mode: QuestionMode;
  rev: number;
}

export interface AudienceSnapshot extends QuestionList {
  /** This member's author tag: their own questions have `by === you`. */
  you: string;
  /** Ids of the questions this member has upvoted. */
  voted: string[];
}

/** `audience:reactions`: the taps a process gathered over one batch (~200 ms). */
export interface ReactionBatch {
  counts: ReactionCounts;
  at: number;
}
