// The deck's shape for live sessions (fragments counted as reveal.js numbers them), moves within
// it, the timer, and session ids and keys.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { DeckStore } from '../../server/decks/store.ts';
import { projectRoot } from '../../server/config.ts';
import { countFragments, deckShape } from '../../server/live/presenter/shapes.ts';
import { clampPosition, slideCount, step, type DeckShape } from '../../server/live/presenter/navigation.ts';
import { applyTimer, elapsedMs, formatElapsed } from '../../shared/timer.ts';
import { ID_PATTERN, normalizeSessionId } from '../../shared/protocol.ts';
import { hashSecret, newPresenterKey, newSessionId, secretMatches } from '../../server/live/sessions/ids.ts';

describe('fragments and shape', () => {
  test('counts fragments the way reveal.js numbers them', () => {
    assert.equal(countFragments('<p>no fragments</p>'), 0);
    assert.equal(countFragments('<ul><li class="fragment">a</li><li class="fragment fade-up">b</li></ul>'), 2);
    // Shared indices are one step; unindexed fragments come after, one step each.
    assert.equal(countFragments('<p class="fragment" data-fragment-index="1">a</p><p class="fragment" data-fragment-index="1">b</p><p class="fragment">c</p>'), 2);
    assert.equal(countFragments('<p class="fragmentary">not one</p><p class="x fragment">one</p>'), 1);
  });

  test('the vertical fixture deck has the shape its header describes', async () => {
    const store = new DeckStore(path.join(projectRoot, 'test', 'fixtures', 'decks'));
    const { deck } = await store.load('vertical');
    const shape = deckShape(deck);
    assert.deepEqual(shape.fragments, [[0], [3, 0, 2], [1]]);
    assert.equal(slideCount(shape), 5);
  });
});

describe('positions', () => {
  const shape: DeckShape = { fragments: [[0], [3, 0, 2], [1]] };

  test('h and v outside the deck are refused, f is clamped', () => {
    assert.equal(clampPosition(shape, { h: 3, v: 0, f: -1 }), undefined);
    assert.equal(clampPosition(shape, { h: 1, v: 3, f: -1 }), undefined);
    assert.equal(clampPosition(shape, { h: 0, v: 1, f: -1 }), undefined);
    assert.deepEqual(clampPosition(shape, { h: 1, v: 0, f: 99 }), { h: 1, v: 0, f: 2 });
    assert.deepEqual(clampPosition(shape, { h: 0, v: 0, f: 5 }), { h: 0, v: 0, f: -1 });
  });

  test('next walks fragments, then down the stack, then right; the end stays put', () => {
    const walk = [];
    let at = { h: 0, v: 0, f: -1 };
    for (let i = 0; i < 12; i++) {
      walk.push(`${at.h}.${at.v}.${at.f}`);
      at = step(shape, at, 'next');
    }
    assert.deepEqual(walk.slice(0, 11), ['0.0.-1', '1.0.-1', '1.0.0', '1.0.1', '1.0.2', '1.1.-1', '1.2.-1', '1.2.0', '1.2.1', '2.0.-1', '2.0.0']);
    assert.equal(walk[11], '2.0.0');
  });

  test('prev goes back through fragments, up the stack, and into a stack at its bottom with all fragments shown', () => {
    assert.deepEqual(step(shape, { h: 2, v: 0, f: -1 }, 'prev'), { h: 1, v: 2, f: 1 });
    assert.deepEqual(step(shape, { h: 1, v: 1, f: -1 }, 'prev'), { h: 1, v: 0, f: 2 });
    assert.deepEqual(step(shape, { h: 1, v: 0, f: 0 }, 'prev'), { h: 1, v: 0, f: -1 });
    assert.deepEqual(step(shape, { h: 0, v: 0, f: -1 }, 'prev'), { h: 0, v: 0, f: -1 });
    assert.deepEqual(step(shape, { h: 1, v: 1, f: -1 }, 'first'), { h: 0, v: 0, f: -1 });
    assert.deepEqual(step(shape, { h: 0, v: 0, f: -1 }, 'last'), { h: 2, v: 0, f: 0 });
  });
});

describe('timer', () => {
  test('start, pause, resume and reset keep elapsed time as data', () => {
    let t = { running: false, elapsedMs: 0, at: 0 };
    t = applyTimer(t, 'start', 1000);
    assert.equal(elapsedMs(t, 4000), 3000);
    t = applyTimer(t, 'pause', 5000);
    assert.deepEqual(t, { running: false, elapsedMs: 4000, at: 5000 });
    assert.equal(elapsedMs(t, 9000), 4000);
    t = applyTimer(t, 'start', 10_000);
    assert.equal(elapsedMs(t, 11_000), 5000);
    assert.equal(applyTimer(t, 'start', 12_000), t, 'start while running changes nothing');
    assert.deepEqual(applyTimer(t, 'reset', 13_000), { running: false, elapsedMs: 0, at: 13_000 });
    assert.equal(formatElapsed(754_000), '12:34');
    assert.equal(formatElapsed(3_723_000), '1:02:03');
  });
});

describe('ids and keys', () => {
  test('ids are 6 unambiguous characters; keys carry at least 128 bits', () => {
    const ids = new Set(Array.from({ length: 2000 }, newSessionId));
    assert.ok(ids.size > 1990);
    for (const id of ids) assert.match(id, ID_PATTERN);
    for (const id of ids) assert.doesNotMatch(id, /[01OIL]/);
    const key = newPresenterKey();
    assert.ok(Buffer.from(key, 'base64url').length * 8 >= 128);
    assert.equal(normalizeSessionId('abc234'), 'ABC234');
    for (const bad of ['../../e', 'ABC23', 'ABC2345', 'ABC10O', '', 42, null, { id: 'ABC234' }]) {
      assert.equal(normalizeSessionId(bad), undefined, String(bad));
    }
  });

  test('keys are compared through their hashes', () => {
    const key = newPresenterKey();
    const hash = hashSecret(key);
    assert.equal(secretMatches(key, hash), true);
    assert.equal(secretMatches(`${key}x`, hash), false);
    assert.equal(secretMatches('', hash), false);
    assert.equal(secretMatches(key, 'not-hex'), false);
  });
});
