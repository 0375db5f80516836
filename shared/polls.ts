// Polls written in markdown, as the pages and the live protocol see them. Pure data: the parser
// (server/deck/polls.ts) makes them, the deck API lists them without the correct answers, the
// live session counts the answers. Results reach followers only once the presenter reveals them.

/** A slide's poll as the public sees it: never which choices are correct. */
export interface PublicPoll {
  /** Stable while the poll's text is unchanged: "p" and a hash of the question and choices. */
  id: string;
  question: string;
  choices: string[];
  /** More than one choice per answer. */
  multiple: boolean;
}

/** As the parser makes it: the public poll and, for quizzes, the correct choices (0-based). */
export interface PollDefinition extends PublicPoll {
  correct: number[];
}

export const POLL_ACTIONS = ['open', 'close', 'reveal', 'reset'] as const;
export type PollAction = (typeof POLL_ACTIONS)[number];

/** `poll:state`: `counts` go to presenters always, to followers once revealed. */
export interface PollState {
  poll: string;
  open: boolean;
  revealed: boolean;
  /** Answers per choice. */
  counts?: number[];
  /** Followers who answered. */
  total: number;
  /** The quiz's correct choices, once revealed. */
  correct?: number[];
  /** This member's own answer (in join snapshots and answer acks). */
  mine?: number[];
}

export const POLL_ID_PATTERN = /^p[0-9a-z]{1,12}$/;
export const POLL_MAX_CHOICES = 12;
export const POLL_QUESTION_MAX_CHARS = 300;
export const POLL_CHOICE_MAX_CHARS = 200;

/** A small stable hash (FNV-1a, 32 bits) in base 36: poll ids from their text. */
export function pollId(question: string, choices: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const ch of [question, ...choices].join('\u0000')) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `p${hash.toString(36)}`;
}

export function publicPoll({ id, question, choices, multiple }: PublicPoll): PublicPoll {
  return { id, question, choices: [...choices], multiple };
}
