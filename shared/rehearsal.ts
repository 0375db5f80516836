// Rehearsal as plain data: the time spent on each slide of a run through the deck, measured on
// an injected clock, and the report of a run against the slides' planned times (the same plan
// the presenter view's pace line uses: shared/countdown.ts). Runs are kept in the browser, so
// what is read back is checked here like any other untrusted input.
import * as z from 'zod/mini';

/** How many runs a deck keeps: the newest first. */
export const KEPT_RUNS = 5;
/** Within this share of its plan (or 5 s, whichever is more) a slide is on time. */
const TOLERANCE = 0.1;
const TOLERANCE_FLOOR_MS = 5_000;
const MAX_SLIDES = 2_000;
const MAX_MS = 7 * 24 * 3_600_000;

/** A rehearsal in progress. `slide` is the flat index of the slide shown (fragments count to it). */
export interface Rehearsal {
  /** ms spent on each slide so far, not counting the stretch since `since`. */
  spent: number[];
  slide: number;
  /** When the current stretch began; undefined while paused. */
  since: number | undefined;
  startedAt: number;
}

export const rehearsalRunSchema = z.object({
  /** When the run started (ms since the epoch). */
  at: z.number().check(z.gte(0)),
  /** ms spent on each slide, in the deck's order. */
  spent: z.array(z.number().check(z.gte(0), z.lte(MAX_MS))).check(z.maxLength(MAX_SLIDES)),
  /** The slides' titles when the run was made: a deck edited since is matched by index all the same. */
  titles: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(MAX_SLIDES)),
});
export type RehearsalRun = z.infer<typeof rehearsalRunSchema>;

export function startRehearsal(slides: number, slide: number, now: number): Rehearsal {
  return { spent: new Array<number>(Math.max(0, slides)).fill(0), slide, since: now, startedAt: now };
}

/** The time since the stretch began goes to the slide it was on (a deck edited mid-run may have grown). */
function settle(r: Rehearsal, now: number): number[] {
  const spent = [...r.spent];
  if (r.slide < 0 || r.slide >= MAX_SLIDES) return spent;
  while (spent.length <= r.slide) spent.push(0);
  if (r.since !== undefined) spent[r.slide] = (spent[r.slide] ?? 0) + Math.max(0, now - r.since);
  return spent;
}

/** The speaker reached `slide` (a fragment step on the same slide changes nothing). */
export function moveRehearsal(r: Rehearsal, slide: number, now: number): Rehearsal {
  if (slide === r.slide) return r;
  return { ...r, spent: settle(r, now), slide, since: r.since === undefined ? undefined : now };
}

export function pauseRehearsal(r: Rehearsal, now: number): Rehearsal {
  return r.since === undefined ? r : { ...r, spent: settle(r, now), since: undefined };
}

export function resumeRehearsal(r: Rehearsal, now: number): Rehearsal {
  return r.since === undefined ? { ...r, since: now } : r;
}

/** ms per slide as of `now`, the running stretch included. */
export function rehearsalSpent(r: Rehearsal, now: number): number[] {
  return settle(r, now);
}

export function finishRehearsal(r: Rehearsal, now: number, titles: readonly string[]): RehearsalRun {
  return { at: r.startedAt, spent: settle(r, now), titles: titles.map((t) => t.slice(0, 200)) };
}

/** `run` first, then the older runs, at most KEPT_RUNS. */
export function keepRun(runs: readonly RehearsalRun[], run: RehearsalRun): RehearsalRun[] {
  return [run, ...runs].slice(0, KEPT_RUNS);
}

/** Runs read back from storage: what does not parse is dropped, never trusted. */
export function readRuns(raw: string | null): RehearsalRun[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.slice(0, KEPT_RUNS).flatMap((item: unknown) => {
    const parsed = rehearsalRunSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `skipped`: the run never showed the slide (a partial run says nothing of its pace). */
export type Verdict = 'over' | 'under' | 'on' | 'skipped';

export interface ReportRow {
  index: number;
  title: string;
  plannedMs: number;
  spentMs: number;
  /** The same slide in the older runs, newest first (undefined where a run had no such slide). */
  previousMs: Array<number | undefined>;
  verdict: Verdict;
}

export interface RehearsalReport {
  rows: ReportRow[];
  totalMs: number;
  /** The talk's length, or the sum of the plan when the deck sets none. */
  plannedTotalMs: number;
  verdict: Verdict;
}

export function verdict(spentMs: number, plannedMs: number): Verdict {
  if (spentMs === 0) return 'skipped';
  const slack = Math.max(TOLERANCE_FLOOR_MS, plannedMs * TOLERANCE);
  return spentMs > plannedMs + slack ? 'over' : spentMs < plannedMs - slack ? 'under' : 'on';
}

/** `planned`: each slide's planned ms (plannedMs of shared/countdown.ts); `talkMs`: the talk's length if set. */
export function rehearsalReport(run: RehearsalRun, older: readonly RehearsalRun[], planned: readonly number[], talkMs: number | undefined): RehearsalReport {
  const rows = run.spent.map((spentMs, index): ReportRow => {
    const plannedMs = planned[index] ?? 0;
    return {
      index,
      title: run.titles[index] ?? `Slide ${index + 1}`,
      plannedMs,
      spentMs,
      previousMs: older.map((o) => o.spent[index]),
      verdict: verdict(spentMs, plannedMs),
    };
  });
  const totalMs = run.spent.reduce((a, b) => a + b, 0);
  const plannedTotalMs = talkMs ?? planned.reduce((a, b) => a + b, 0);
  return { rows, totalMs, plannedTotalMs, verdict: verdict(totalMs, plannedTotalMs) };
}
