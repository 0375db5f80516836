// Where a session's questions and votes are kept: beside the session, in the same store kind —
// a JSON file per session in DATA_DIR/sessions (file-store.ts), or Redis keys changed by one Lua
// script per operation (redis-store.ts), so followers on every process share one list and one
// count. Each operation is one atomic step; the hub never holds a copy it trusts.
import type { Question, QuestionAction, QuestionMode } from '../../../shared/audience.ts';
import type { AskOutcome, AskRules, NewQuestion, VoteOutcome } from './model.ts';
import type { PollControl, PollSnapshot } from './poll-model.ts';

export interface AudienceView {
  /** Absent: the presenter has not chosen; the deck's front matter decides. */
  mode?: QuestionMode;
  rev: number;
  questions: Question[];
}

export interface AudienceStore {
  /** Loads what an earlier run left; call once before anything else. */
  open(): Promise<void>;
  read(session: string): Promise<AudienceView>;
  /** Ids of the questions `tag` upvoted. */
  voted(session: string, tag: string): Promise<string[]>;
  ask(session: string, question: NewQuestion, rules: AskRules): Promise<AskOutcome>;
  vote(session: string, id: string, tag: string, up: boolean, defaultMode: QuestionMode): Promise<VoteOutcome>;
  /** Undefined: no question has that id. */
  moderate(session: string, id: string, action: QuestionAction): Promise<Question | undefined>;
  setMode(session: string, mode: QuestionMode): Promise<void>;
  /** A poll's state (`choices`: how many it has, for a poll nobody has touched yet). */
  poll(session: string, poll: string, choices: number): Promise<PollSnapshot>;
  /** The follower's answer replaces theirs; 'poll-closed' when the poll is not open. */
  pollAnswer(session: string, poll: string, choices: number, tag: string, picked: number[]): Promise<PollSnapshot | 'poll-closed'>;
  /** The follower's answer, if any. */
  pollMine(session: string, poll: string, tag: string): Promise<number[] | undefined>;
  pollControl(session: string, poll: string, choices: number, action: PollControl): Promise<{ changed: boolean; snapshot: PollSnapshot }>;
  /** The session is gone: its questions and polls go with it. */
  drop(session: string): Promise<void>;
  /** Writes what is pending. */
  close(): Promise<void>;
}
