// The presenter view's countdown as plain logic: how much of the talk is left and how urgent
// that is. The colour changes twice as the end nears: at most 5 minutes (a fifth of a short
// talk) before it, then in the last minute (a tenth of a short talk), then past the end.

export type CountdownPhase = 'plenty' | 'soon' | 'last' | 'over';

export interface Countdown {
  /** Time left; negative past the end. */
  remainingMs: number;
  phase: CountdownPhase;
  /** How much of the talk is used, 0..1. */
  used: number;
}

export function countdown(talkMs: number, elapsedMs: number): Countdown {
  const remainingMs = talkMs - elapsedMs;
  const soonMs = Math.min(5 * 60_000, talkMs * 0.2);
  const lastMs = Math.min(60_000, talkMs * 0.1);
  const phase: CountdownPhase = remainingMs <= 0 ? 'over' : remainingMs <= lastMs ? 'last' : remainingMs <= soonMs ? 'soon' : 'plenty';
  return { remainingMs, phase, used: talkMs > 0 ? Math.min(1, Math.max(0, elapsedMs / talkMs)) : 1 };
}

/**
 * Each slide's planned time in ms: its own budget (reveal.js's `data-timing`, in seconds), or an
 * equal share of what the talk's length leaves for the slides without one (two minutes each
 * without a length). The pace line and the rehearsal report plan the talk the same way.
 */
export function plannedMs(budgetsSeconds: ReadonlyArray<number | undefined>, talkMs: number | undefined): number[] {
  const timed = budgetsSeconds.reduce<number>((sum, b) => sum + (b ?? 0), 0) * 1000;
  const untimed = budgetsSeconds.filter((b) => b === undefined).length;
  const shareMs = talkMs !== undefined && untimed > 0 ? Math.max(0, talkMs - timed) / untimed : 120_000;
  return budgetsSeconds.map((b) => (b === undefined ? shareMs : b * 1000));
}

/**
 * Where the speaker stands against per-slide budgets (reveal.js's `data-timing`, in seconds):
 * slides without one share what the talk's length leaves (two minutes each without a length).
 * Positive: ahead of plan by that many ms (still before the slide's planned start); negative:
 * behind (past its planned end); 0: within the slide's window.
 */
export function pace(budgetsSeconds: ReadonlyArray<number | undefined>, talkMs: number | undefined, current: number, elapsedMs: number): number {
  const planned = plannedMs(budgetsSeconds, talkMs);
  const start = planned.slice(0, current).reduce((a, b) => a + b, 0);
  const end = start + (planned[current] ?? 0);
  if (elapsedMs < start) return start - elapsedMs;
  if (elapsedMs > end) return end - elapsedMs;
  return 0;
}
