// Rehearsal timing on an injected clock: time per slide (fragments count to their slide), pause,
// the runs kept and read back from untrusted storage, and the report against the plan.
// Run: npx tsx --test test/unit/rehearsal.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { plannedMs } from '../../shared/countdown.ts';
import {
  KEPT_RUNS,
  finishRehearsal,
  keepRun,
  moveRehearsal,
  pauseRehearsal,
  readRuns,
  rehearsalReport,
  rehearsalSpent,
  resumeRehearsal,
  startRehearsal,
  type RehearsalRun,
} from '../../shared/rehearsal.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('rehearsal timing', () => {
  test('each slide gets the time spent on it; coming back adds to it; a fragment step changes nothing', () => {
    const clock = manualClock();
    let r = startRehearsal(4, 0, clock.now());
    clock.advance(30_000);
    r = moveRehearsal(r, 1, clock.now());
    clock.advance(45_000);
    r = moveRehearsal(r, 1, clock.now()); // a fragment shown on slide 2
    clock.advance(15_000);
    r = moveRehearsal(r, 0, clock.now());
    clock.advance(5_000);
    assert.deepEqual(rehearsalSpent(r, clock.now()), [35_000, 60_000, 0, 0]);
    r = moveRehearsal(r, 3, clock.now());
    clock.advance(10_000);
    const run = finishRehearsal(r, clock.now(), ['A', 'B', 'C', 'D']);
    assert.deepEqual(run, { at: 1_000_000, spent: [35_000, 60_000, 0, 10_000], titles: ['A', 'B', 'C', 'D'] });
  });

  test('paused time counts nowhere, moves while paused count from the resume', () => {
    const clock = manualClock();
    let r = startRehearsal(3, 0, clock.now());
    clock.advance(20_000);
    r = pauseRehearsal(r, clock.now());
    clock.advance(600_000);
    r = moveRehearsal(r, 2, clock.now());
    clock.advance(1_000);
    assert.deepEqual(rehearsalSpent(r, clock.now()), [20_000, 0, 0]);
    r = resumeRehearsal(r, clock.now());
    clock.advance(7_000);
    assert.deepEqual(rehearsalSpent(r, clock.now()), [20_000, 0, 7_000]);
    assert.equal(pauseRehearsal(pauseRehearsal(r, clock.now()), clock.now() + 50).since, undefined);
  });

  test('a deck that grows mid-run (an edit) gets its new slides timed too', () => {
    const clock = manualClock();
    let r = startRehearsal(2, 0, clock.now());
    clock.advance(1_000);
    r = moveRehearsal(r, 3, clock.now());
    clock.advance(2_000);
    assert.deepEqual(rehearsalSpent(r, clock.now()), [1_000, 0, 0, 2_000]);
  });
});

describe('kept runs', () => {
  const run = (at: number): RehearsalRun => ({ at, spent: [1000, 2000], titles: ['A', 'B'] });

  test('the newest first, at most five', () => {
    let runs: RehearsalRun[] = [];
    for (let i = 1; i <= 7; i++) runs = keepRun(runs, run(i));
    assert.deepEqual(runs.map((r) => r.at), [7, 6, 5, 4, 3]);
    assert.equal(KEPT_RUNS, 5);
    assert.deepEqual(readRuns(JSON.stringify(runs)), runs);
  });

  test('what storage gives back is checked: bad runs are dropped, bad JSON is no runs', () => {
    assert.deepEqual(readRuns(null), []);
    assert.deepEqual(readRuns('{not json'), []);
    assert.deepEqual(readRuns('{"at":1}'), []);
    const mixed = [run(1), { at: 'x', spent: [], titles: [] }, { at: 2, spent: [-5], titles: [] }, { at: 3, spent: [1], titles: ['<b>'.repeat(100)] }, run(4)];
    assert.deepEqual(readRuns(JSON.stringify(mixed)).map((r) => r.at), [1, 4]);
    assert.deepEqual(readRuns(JSON.stringify([{ ...run(9), extra: '<script>' }])), [run(9)]);
  });
});

describe('the report', () => {
  test('per slide against the plan the pace line uses, with the older runs, and the total against the talk', () => {
    // Two slides of 60 s, two sharing what a 5-minute talk leaves (90 s each).
    const planned = plannedMs([60, 60, undefined, undefined], 300_000);
    assert.deepEqual(planned, [60_000, 60_000, 90_000, 90_000]);
    const older: RehearsalRun = { at: 1, spent: [50_000, 70_000, 80_000], titles: [] };
    const run: RehearsalRun = { at: 2, spent: [90_000, 58_000, 20_000, 95_000], titles: ['Intro', 'Why', 'How', 'End'] };
    const report = rehearsalReport(run, [older], planned, 300_000);
    assert.deepEqual(
      report.rows.map((r) => [r.title, r.plannedMs, r.spentMs, r.previousMs, r.verdict]),
      [
        ['Intro', 60_000, 90_000, [50_000], 'over'],
        ['Why', 60_000, 58_000, [70_000], 'on'],
        ['How', 90_000, 20_000, [80_000], 'under'],
        ['End', 90_000, 95_000, [undefined], 'on'],
      ],
    );
    assert.equal(report.totalMs, 263_000);
    assert.equal(report.plannedTotalMs, 300_000);
    assert.equal(report.verdict, 'under');
    assert.equal(rehearsalReport(run, [], planned, undefined).plannedTotalMs, 300_000);
    const partial = rehearsalReport({ at: 3, spent: [61_000, 0, 0, 0], titles: [] }, [], planned, 300_000);
    assert.deepEqual(partial.rows.map((r) => r.verdict), ['on', 'skipped', 'skipped', 'skipped']);
    assert.equal(partial.rows[1]!.title, 'Slide 2');
  });
});
