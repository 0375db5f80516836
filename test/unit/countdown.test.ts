// The talk length from front matter and the presenter view's countdown phases.
// Run: npx tsx --test test/unit/countdown.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeck } from '../../server/deck/parse.ts';
import { parseDuration } from '../../server/deck/duration.ts';
import { countdown, pace } from '../../shared/countdown.ts';

const front = (yaml: string) => parseDeck(`---\n${yaml}\n---\n# A\n`);

describe('duration in front matter', () => {
  test('30m, 1h15m, 90s, 45 min and a bare number of minutes', () => {
    assert.equal(front('duration: 30m').meta.duration, 1800);
    assert.equal(front('duration: 1h15m').meta.duration, 4500);
    assert.equal(front('duration: 90s').meta.duration, 90);
    assert.equal(front('duration: 45 min').meta.duration, 2700);
    assert.equal(front('duration: 20').meta.duration, 1200);
    assert.deepEqual(front('duration: 30m').warnings, []);
    assert.equal(front('title: x').meta.duration, undefined);
  });

  test('anything else is ignored with a warning on its line', () => {
    for (const bad of ['soon', '30 parsecs', '0m', '48h', '[1, 2]', '"1h 1h"']) {
      const deck = front(`title: t\nduration: ${bad}`);
      assert.equal(deck.meta.duration, undefined, bad);
      assert.equal(deck.warnings.length, 1, bad);
      assert.match(deck.warnings[0]!.message, /^front matter "duration" must be/, bad);
      assert.equal(deck.warnings[0]!.line, 3, bad);
    }
    assert.deepEqual(parseDuration('x'.repeat(5000)), { problem: `must be a talk length such as 30m, 1h15m or 90s, not ${JSON.stringify('x'.repeat(5000))}: ignored` });
  });
});

describe('countdown', () => {
  const min = 60_000;
  test('a 30-minute talk turns amber 5 minutes before the end, red in the last minute, then over', () => {
    assert.equal(countdown(30 * min, 10 * min).phase, 'plenty');
    assert.equal(countdown(30 * min, 25 * min - 1).phase, 'plenty');
    assert.equal(countdown(30 * min, 25 * min).phase, 'soon');
    assert.equal(countdown(30 * min, 29 * min).phase, 'last');
    assert.equal(countdown(30 * min, 30 * min).phase, 'over');
    assert.deepEqual(countdown(30 * min, 31 * min), { remainingMs: -min, phase: 'over', used: 1 });
    assert.equal(countdown(30 * min, 15 * min).used, 0.5);
  });

  test('a 5-minute lightning talk warns a fifth and a tenth before the end', () => {
    assert.equal(countdown(5 * min, 3.9 * min).phase, 'plenty');
    assert.equal(countdown(5 * min, 4 * min).phase, 'soon');
    assert.equal(countdown(5 * min, 4.5 * min).phase, 'last');
  });
});

describe('pace against data-timing budgets', () => {
  const s = 1000;
  test('ahead before the slide\'s planned start, behind past its end, on pace within', () => {
    const budgets = [60, 120, undefined, undefined];
    // A 10-minute talk: the two untimed slides share the 7 minutes left (210 s each).
    assert.equal(pace(budgets, 600 * s, 2, 100 * s), 80 * s, 'slide 3 is planned from 180 s');
    assert.equal(pace(budgets, 600 * s, 2, 200 * s), 0);
    assert.equal(pace(budgets, 600 * s, 2, 400 * s), -10 * s, 'planned to end at 390 s');
    assert.equal(pace(budgets, undefined, 3, 300 * s), 0, 'untimed slides get two minutes without a length');
  });
});
