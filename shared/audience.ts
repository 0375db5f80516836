// The audience's side of a live session, as plain data shared by the server and the pages:
// questions (with votes and moderation), reactions and their limits. Pure: no I/O, no DOM. The
// payload schemas are in protocol.ts; the rules of what changes a question are here, so the file
// store, the tests and the pages apply one definition.

/** How questions reach the room: approved first (default), at once, or not at all. */
export const QUESTION_MODES = ['moderated', 'open', 'off'] as const;
export type QuestionMode = (typeof QUESTION_MODES)[number];
export const DEFAULT_QUESTION_MODE: QuestionMode = 'moderated';

export function isQuestionMode(value: unknown): value is QuestionMode {
  return typeof value === 'string' && (QUESTION_MODES as readonly string[]).includes(value);
}

/**
 * pending: waits for the presenter (moderated mode); approved: the room sees it; hidden: only its
 * author sees it; answered: the room sees it, marked done; shown: on the screen over the slide
 * (one at a time).
 */
export const QUESTION_STATUSES = ['pending', 'approved', 'hidden', 'answered', 'shown'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export const QUESTION_ACTIONS = ['approve', 'hide', 'answer', 'show', 'dismiss'] as const;
export type QuestionAction = (typeof QUESTION_ACTIONS)[number];

/** The statuses every follower sees; their own questions they see in any status. */
const PUBLIC: ReadonlySet<QuestionStatus> = new Set(['approved', 'answered', 'shown']);
export const isPublic = (status: QuestionStatus) => PUBLIC.has(status);

/** A question as clients get it: text, never HTML; the author only as an opaque tag. */
export interface Question {
  id: string;
  text: string;
  /** Optional display name; absent: anonymous. */
  name?: string;
  /** The author's tag (a one-way hash of their follower id): a follower finds their own by it. */
  by: string;
  status: QuestionStatus;
  votes: number;
  /** When it was asked (ms since the epoch). */
  at: number;
}

/** The status a presenter's action gives a question. */
export function statusAfter(action: QuestionAction): QuestionStatus {
  switch (action) {
    case 'approve':
      return 'approved';
    case 'hide':
      return 'hidden';
    case 'answer':
      return 'answered';
    case 'show':
      return 'shown';
    // Taken off the screen: the room has heard it asked and answered.
    case 'dismiss':
      return 'answered';
  }
}

/** The status of a new question in `mode` ('off' refuses questions before this is asked). */
export const statusOnAsk = (mode: QuestionMode): QuestionStatus => (mode === 'open' ? 'approved' : 'pending');

/** What a viewer may see: presenters everything; followers the public ones and their own. */
export function visibleTo(questions: readonly Question[], viewer: { presenter: true } | { tag: string }): Question[] {
  if ('presenter' in viewer) return [...questions];
  return questions.filter((q) => isPublic(q.status) || q.by === viewer.tag);
}

export type QuestionOrder = 'top' | 'newest';

/** Top: most votes first, older first among equals; newest: latest first. */
export function sortQuestions(questions: readonly Question[], order: QuestionOrder): Question[] {
  const sorted = [...questions];
  if (order === 'newest') sorted.sort((a, b) => b.at - a.at || (b.id < a.id ? -1 : 1));
  else sorted.sort((a, b) => b.votes - a.votes || a.at - b.at || (a.id < b.id ? -1 : 1));
  return sorted;
}

/** The question on screen, if any. */
export const shownQuestion = (questions: readonly Question[]) => questions.find((q) => q.status === 'shown');

// ---------------------------------------------------------------- reactions

export const REACTIONS = ['clap', 'love', 'laugh', 'mindblown', 'hand', 'slower'] as const;
export type Reaction = (typeof REACTIONS)[number];
/** What each reaction looks like on the pages ("slower" is words: an emoji would be misread). */
export const REACTION_LABELS: Readonly<Record<Reaction, { glyph: string; label: string }>> = {
  clap: { glyph: '👏', label: 'Applause' },
  love: { glyph: '❤️', label: 'Love it' },
  laugh: { glyph: '😂', label: 'Funny' },
  mindblown: { glyph: '🤯', label: 'Mind blown' },
  hand: { glyph: '🙋', label: 'I have a question' },
  slower: { glyph: 'Slower please', label: 'Slower please' },
};
export type ReactionCounts = Partial<Record<Reaction, number>>;

/** How often a process sends the reactions it gathered (one message per batch, however many taps). */
export const REACTION_BATCH_MS = 200;
/** The presenter's "slower" meter looks this far back. */
export const SLOWER_WINDOW_MS = 60_000;

// ---------------------------------------------------------------- limits (README "The live protocol")

export const QUESTION_MAX_CHARS = 280;
export const NAME_MAX_CHARS = 40;
export const MAX_QUESTIONS_PER_SESSION = 2000;
export const AUDIENCE_LIMITS = {
  /** Questions per follower: 3 a minute. */
  questions: { capacity: 3, perSecond: 3 / 60 },
  /** Votes and poll answers per follower: 10 a second. */
  votes: { capacity: 10, perSecond: 10 },
  /** Reactions per follower: 5 a second. */
  reactions: { capacity: 5, perSecond: 5 },
} as const;

/** A follower's id, made on the device and kept there: 22+ characters of base64url. */
export const FOLLOWER_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
