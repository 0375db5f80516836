// The live pages' client logic: the follower's reducer (client/lib/live-state.ts: stale states
// ignored, snapshots win, browsing away and back) and the presenter's sync (live-presenter.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { followReducer, initialFollowModel, toPosition, type FollowModel } from '../../client/lib/live-state.ts';
import { PresenterSync } from '../../client/lib/live-presenter.ts';
import type { LiveState } from '../../shared/protocol.ts';

const state = (seq: number, h: number, v = 0, f = -1, paused = false): LiveState => ({ h, v, f, paused, seq, at: seq * 1000 });

describe('follower state', () => {
  test('a newer state moves a live follower; an older or repeated one is ignored', () => {
    let model: FollowModel = initialFollowModel(state(5, 2));
    let step = followReducer(model, { type: 'state', state: state(6, 3, 0, 1) });
    assert.deepEqual(step.goto, { h: 3, v: 0, f: 1 });
    model = step.model;
    step = followReducer(model, { type: 'state', state: state(4, 0) });
    assert.equal(step.goto, undefined, 'stale seq ignored');
    assert.equal(step.model.live?.seq, 6);
    step = followReducer(model, { type: 'state', state: state(6, 9) });
    assert.equal(step.goto, undefined, 'same seq ignored');
    assert.equal(step.model.live?.h, 3);
  });

  test('a join snapshot always wins, even with a lower seq (the server restarted)', () => {
    const model = initialFollowModel(state(50, 7));
    const step = followReducer(model, { type: 'snapshot', state: state(48, 5) });
    assert.deepEqual(step.goto, { h: 5, v: 0, f: -1 });
    assert.equal(step.model.live?.seq, 48);
    // and later broadcasts are compared with the snapshot's seq
    assert.deepEqual(followReducer(step.model, { type: 'state', state: state(49, 6) }).goto, { h: 6, v: 0, f: -1 });
  });

  test('moving away browses; live moves then only update the label; back to live jumps', () => {
    let model = initialFollowModel(state(1, 2));
    model = followReducer(model, { type: 'local', at: { h: 0, v: 0, f: -1 } }).model;
    assert.equal(model.mode, 'browsing');
    const step = followReducer(model, { type: 'state', state: state(2, 4) });
    assert.equal(step.goto, undefined);
    assert.equal(step.model.live?.h, 4);
    const back = followReducer(step.model, { type: 'back-to-live' });
    assert.equal(back.model.mode, 'live');
    assert.deepEqual(back.goto, { h: 4, v: 0, f: -1 });
  });

  test('browsing onto the live slide follows again', () => {
    let model = initialFollowModel(state(1, 2, 0, 1));
    model = followReducer(model, { type: 'local', at: { h: 1, v: 0, f: -1 } }).model;
    assert.equal(model.mode, 'browsing');
    model = followReducer(model, { type: 'local', at: { h: 2, v: 0, f: 1 } }).model;
    assert.equal(model.mode, 'live');
  });

  test('a snapshot while browsing keeps the reader where they are', () => {
    let model = initialFollowModel(state(1, 2));
    model = followReducer(model, { type: 'local', at: { h: 0, v: 0, f: -1 } }).model;
    const step = followReducer(model, { type: 'snapshot', state: state(3, 5) });
    assert.equal(step.goto, undefined);
    assert.equal(step.model.mode, 'browsing');
  });

  test("reveal's indices become protocol positions", () => {
    assert.deepEqual(toPosition({ h: 3 }), { h: 3, v: 0, f: -1 });
    assert.deepEqual(toPosition({ h: 1, v: 2, f: 0 }), { h: 1, v: 2, f: 0 });
  });
});

describe('presenter sync', () => {
  const at = (h: number, f = -1, paused = false) => ({ h, v: 0, f, paused });

  test('sends local moves once, never echoes the session back', () => {
    const sync = new PresenterSync();
    sync.snapshot(state(1, 0));
    assert.equal(sync.local(at(0)), undefined, 'already where the session is');
    assert.deepEqual(sync.local(at(1)), at(1));
    sync.accept(state(2, 1));
    sync.answered(state(2, 1));
    assert.equal(sync.target(at(1)), undefined);
    assert.equal(sync.local(at(1)), undefined);
  });

  test('while moves are in flight it compares with the last one sent and leaves the deck alone', () => {
    const sync = new PresenterSync();
    sync.snapshot(state(7, 1, 0, 2));
    assert.deepEqual(sync.local(at(1, 2, true)), at(1, 2, true), 'blackout on');
    // Blackout off before the first answer: still a move, although the session shows "off".
    assert.deepEqual(sync.local(at(1, 2, false)), at(1, 2, false));
    sync.accept(state(8, 1, 0, 2, true));
    assert.equal(sync.target(at(1, 2, false)), undefined, 'no jump back while our moves are in flight');
    sync.answered(state(8, 1, 0, 2, true));
    assert.equal(sync.target(at(1, 2, false)), undefined);
    sync.answered(state(9, 1, 0, 2, false));
    assert.equal(sync.target(at(1, 2, false)), undefined);
  });

  test('once its moves are answered it shows what another presenter did, and what the server clamped', () => {
    const sync = new PresenterSync();
    sync.snapshot(state(1, 0));
    sync.accept(state(2, 3));
    assert.deepEqual(sync.target(at(0)), state(2, 3), 'another tab moved');
    sync.local(at(1, 9));
    sync.answered(state(3, 1, 0, 1));
    assert.deepEqual(sync.target(at(1, 9)), state(3, 1, 0, 1), 'clamped to the last fragment');
  });

  test('a rate-limited move keeps the local slide until it is sent again', () => {
    const sync = new PresenterSync();
    sync.snapshot(state(1, 0));
    sync.local(at(1));
    sync.answered();
    sync.retrying = true;
    assert.equal(sync.target(at(1)), undefined);
    sync.retrying = false;
    assert.deepEqual(sync.local(at(1)), at(1), 'sent again');
  });

  test('a join snapshot forgets moves whose answers were lost with the connection', () => {
    const sync = new PresenterSync();
    sync.snapshot(state(1, 0));
    sync.local(at(1));
    sync.local(at(2));
    sync.snapshot(state(1005, 2));
    assert.equal(sync.target(at(2)), undefined);
    assert.deepEqual(sync.target(at(0)), state(1005, 2));
  });
});
