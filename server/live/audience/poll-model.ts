// One poll's answers as plain data, with the steps every audience store performs: the file store
// keeps these in memory and writes them whole; the Redis store does the same in Lua. Counts are
// kept as answers come and change, so reading a poll's state never walks its answers.
import type { PollAction, PollDefinition, PollState } from '../../../shared/polls.ts';

export interface PollData {
  /** Opened at least once since the last reset: reaching its slide again does not reopen it. */
  opened: boolean;
  open: boolean;
  revealed: boolean;
  counts: number[];
  total: number;
  /** Author tag → their choices. */
  answers: Map<string, number[]>;
}

/** What a store answers about a poll: the raw state; who may see what is decided by the caller. */
export interface PollSnapshot {
  opened: boolean;
  open: boolean;
  revealed: boolean;
  counts: number[];
  total: number;
}

/** `open-new`: the presenter reached the slide; opens a poll that was never opened. */
export type PollControl = PollAction | 'open-new';

export const emptyPoll = (choices: number): PollData => ({ opened: false, open: false, revealed: false, counts: new Array<number>(choices).fill(0), total: 0, answers: new Map() });

export function snapshotOf(data: PollData): PollSnapshot {
  return { opened: data.opened, open: data.open, revealed: data.revealed, counts: [...data.counts], total: data.total };
}

/** Replaces the follower's answer (false: the poll is not open). */
export function answer(data: PollData, tag: string, choices: number[]): boolean {
  if (!data.open) return false;
  const before = data.answers.get(tag);
  if (before) for (const c of before) data.counts[c] = Math.max(0, (data.counts[c] ?? 0) - 1);
  else data.total += 1;
  for (const c of choices) data.counts[c] = (data.counts[c] ?? 0) + 1;
  data.answers.set(tag, [...choices]);
  return true;
}

/** Applies a presenter's control; false when nothing changed. */
export function control(data: PollData, action: PollControl): boolean {
  switch (action) {
    case 'open-new':
      if (data.opened) return false;
      data.opened = data.open = true;
      return true;
    case 'open':
      if (data.open) return false;
      data.opened = data.open = true;
      return true;
    case 'close':
      if (!data.open) return false;
      data.open = false;
      return true;
    case 'reveal':
      if (data.revealed) return false;
      data.revealed = true;
      return true;
    case 'reset':
      Object.assign(data, emptyPoll(data.counts.length));
      return true;
  }
}

/** The state a member gets: counts (and the quiz's answer) for presenters, for followers once revealed. */
export function pollState(poll: PollDefinition, snapshot: PollSnapshot, presenter: boolean, mine?: number[]): PollState {
  const show = presenter || snapshot.revealed;
  return {
    poll: poll.id,
    open: snapshot.open,
    revealed: snapshot.revealed,
    total: snapshot.total,
    ...(show && { counts: poll.choices.map((_, i) => snapshot.counts[i] ?? 0) }),
    ...(show && poll.correct.length > 0 && { correct: [...poll.correct] }),
    ...(mine && { mine }),
  };
}
