// The laser pointer's pure parts: the per-session coalescer (on an injected clock and timers)
// and the payload schema's bounds.
// Run: npx tsx --test test/unit/pointer.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, type Timers } from '../../server/live/presenter/coalesce.ts';
import { POINTER_SEND_INTERVAL_MS, pointerSchema, type PointerUpdate } from '../../shared/pointer.ts';
import { PointerSender } from '../../client/lib/pointer-sender.ts';

/** A clock and timers the test moves by hand: a timer fires when the clock passes its time. */
function fakeTime() {
  let now = 1_000_000;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clear: (id) => void pending.delete(id as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = end;
  };
  return { clock: () => now, timers, advance, pending };
}

function setup(intervalMs = 100) {
  const time = fakeTime();
  const delivered: Array<{ key: string; value: number; at: number }> = [];
  const coalescer = new Coalescer<number>((key, value) => delivered.push({ key, value, at: time.clock() }), { intervalMs, clock: time.clock, timers: time.timers });
  return { ...time, delivered, coalescer };
}

describe('pointer coalescer', () => {
  test('a sparse update goes out at once: no latency added', () => {
    const { coalescer, delivered, advance } = setup();
    coalescer.push('S', 1);
    assert.deepEqual(delivered.map((d) => d.value), [1]);
    advance(500);
    coalescer.push('S', 2);
    assert.deepEqual(delivered.map((d) => d.value), [1, 2]);
  });

  test('a burst within one interval: the first at once, the last at the end of the interval, nothing between', () => {
    const { coalescer, delivered, advance } = setup();
    for (let i = 1; i <= 1000; i++) coalescer.push('S', i);
    assert.deepEqual(delivered.map((d) => d.value), [1]);
    advance(99);
    assert.equal(delivered.length, 1, 'nothing before the interval is over');
    advance(1);
    assert.deepEqual(delivered.map((d) => d.value), [1, 1000]);
    advance(10_000);
    assert.equal(delivered.length, 2, 'nothing more once the last is out');
  });

  test('a steady stream faster than the rate: at most one per interval, and the last one always', () => {
    const { coalescer, delivered, advance } = setup(100);
    // 2 s of updates every 5 ms (200 a second) against 10 a second.
    for (let i = 1; i <= 400; i++) {
      coalescer.push('S', i);
      advance(5);
    }
    advance(1000);
    assert.ok(delivered.length <= 2000 / 100 + 1, `${delivered.length} deliveries`);
    assert.ok(delivered.length >= 2000 / 100 - 1, `${delivered.length} deliveries: the stream keeps flowing`);
    assert.equal(delivered.at(-1)!.value, 400);
    for (let i = 1; i < delivered.length; i++) assert.ok(delivered[i]!.at - delivered[i - 1]!.at >= 100, 'spaced by the interval');
  });

  test('quiet for settleMs after its last delivery, the last value is settled once (sent reliably) and the key forgotten', () => {
    const time = fakeTime();
    const delivered: number[] = [];
    const settled: Array<{ value: number; at: number }> = [];
    const start = time.clock();
    const coalescer = new Coalescer<number>((_key, value) => delivered.push(value), {
      intervalMs: 100,
      clock: time.clock,
      timers: time.timers,
      settleMs: 300,
      settle: (_key, value) => settled.push({ value, at: time.clock() - start }),
    });
    // Moving for a second: deliveries keep the settle away.
    for (let i = 1; i <= 100; i++) {
      coalescer.push('S', i);
      time.advance(10);
    }
    assert.deepEqual(settled, []);
    time.advance(1000);
    assert.equal(delivered.at(-1), 100);
    // The trailing delivery came at 1000 ms; the settle 300 ms after it.
    assert.deepEqual(settled, [{ value: 100, at: 1300 }]);
    assert.equal(coalescer.size, 0, 'forgotten once settled');
    time.advance(5000);
    assert.equal(settled.length, 1, 'once');
    coalescer.push('S', 7);
    assert.equal(delivered.at(-1), 7, 'the next update goes out at once');
  });

  test('keys are independent: one session pointing does not slow another', () => {
    const { coalescer, delivered } = setup();
    coalescer.push('A', 1);
    coalescer.push('B', 2);
    coalescer.push('A', 3);
    assert.deepEqual(delivered.map((d) => `${d.key}${d.value}`), ['A1', 'B2']);
  });

  test('forget drops what is held back; close leaves no timer behind', () => {
    const { coalescer, delivered, advance, pending } = setup();
    coalescer.push('S', 1);
    coalescer.push('S', 2);
    coalescer.forget('S');
    advance(1000);
    assert.deepEqual(delivered.map((d) => d.value), [1]);
    coalescer.push('T', 1);
    coalescer.push('T', 2);
    coalescer.close();
    assert.equal(pending.size, 0);
    assert.equal(coalescer.size, 0);
  });

  test('the keys it remembers stay bounded', () => {
    const time = fakeTime();
    const coalescer = new Coalescer<number>(() => {}, { intervalMs: 100, clock: time.clock, timers: time.timers, maxKeys: 50 });
    for (let i = 0; i < 500; i++) {
      coalescer.push(`S${i}`, i);
      if (i % 7 === 0) time.advance(150);
    }
    assert.ok(coalescer.size <= 50, `${coalescer.size} keys`);
  });
});

describe('what a presenter page sends', () => {
  test('a spot at once, then at most one per interval, the newest; off at once, dropping a held spot', () => {
    const time = fakeTime();
    const sent: Array<{ update: PointerUpdate; at: number }> = [];
    const sender = new PointerSender((update) => sent.push({ update, at: time.clock() }), time.clock, time.timers);
    const spot = (i: number) => ({ h: 0, v: 0, x: 0.5, y: i / 100 });
    // A mouse reporting every 4 ms (a 240 Hz display) for 400 ms.
    for (let i = 1; i <= 100; i++) {
      sender.spot(spot(i));
      time.advance(4);
    }
    time.advance(100);
    assert.deepEqual(sent[0]!.update, spot(1), 'the first at once');
    assert.ok(sent.length <= Math.ceil(400 / POINTER_SEND_INTERVAL_MS) + 1, `${sent.length} sent`);
    for (let i = 1; i < sent.length; i++) assert.ok(sent[i]!.at - sent[i - 1]!.at >= POINTER_SEND_INTERVAL_MS);
    assert.deepEqual(sent.at(-1)!.update, spot(100), 'the newest last');

    sent.length = 0;
    sender.spot(spot(1));
    sender.spot(spot(2));
    sender.off();
    time.advance(1000);
    assert.deepEqual(sent.map((s) => s.update), [spot(1), { off: true }], 'the held spot never follows the off');
  });
});

describe('pointer payloads', () => {
  const ok = (payload: unknown) => pointerSchema.safeParse(payload).success;
  test('a spot on a slide, with or without its anchor, and off', () => {
    assert.ok(ok({ h: 0, v: 0, x: 0, y: 1 }));
    assert.ok(ok({ h: 3, v: 1, x: 0.25, y: 0.75, el: { i: 4, x: 0.5, y: 0.5 } }));
    assert.ok(ok({ off: true }));
    assert.deepEqual(pointerSchema.parse({ h: 1, v: 0, x: 0.5, y: 0.5, extra: 'x'.repeat(100) }), { h: 1, v: 0, x: 0.5, y: 0.5 });
  });

  test('outside 0..1, not finite, not a number, beyond the indices, or off with anything else: refused', () => {
    for (const bad of [
      { h: 0, v: 0, x: 1.01, y: 0 },
      { h: 0, v: 0, x: -0.01, y: 0 },
      { h: 0, v: 0, x: Number.NaN, y: 0 },
      { h: 0, v: 0, x: Number.POSITIVE_INFINITY, y: 0 },
      { h: 0, v: 0, x: '0.5', y: 0 },
      { h: 0.5, v: 0, x: 0.5, y: 0.5 },
      { h: 10_001, v: 0, x: 0.5, y: 0.5 },
      { h: 0, v: 0, x: 0.5, y: 0.5, el: { i: -1, x: 0, y: 0 } },
      { h: 0, v: 0, x: 0.5, y: 0.5, el: { i: 1, x: 2, y: 0 } },
      { off: false },
      { off: true, h: 0 },
      null,
      'off',
      [],
    ]) {
      assert.equal(ok(bad), false, JSON.stringify(bad));
    }
  });
});
