// Who drives, as plain logic: the first presenter takes free controls, the driver drives on
// (renamed, or back after a drop), the grace, and request / hand-over / decline / claim.
// Run: npx tsx --test test/unit/driver.test.ts
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DRIVER_GRACE_MS, controlsFree, driverAfter, mayDrive, presenterNameSchema, seatLabel, type Driver } from '../../shared/driver.ts';

const ada = { seat: 'seat-ada-0001', name: 'Ada' };
const bob = { seat: 'seat-bob-0002', name: 'Bob' };
const driving: Driver = { ...ada, since: 100 };

describe('who drives', () => {
  test('free controls are taken; the driver drives; others do not', () => {
    assert.deepEqual(mayDrive(undefined, ada, 500), { ok: true, next: { ...ada, since: 500 } });
    assert.deepEqual(mayDrive(driving, ada, 500), { ok: true });
    assert.deepEqual(mayDrive(driving, bob, 500), { ok: false });
    assert.deepEqual(mayDrive(driving, { ...ada, name: 'Ada L.' }, 500), { ok: true, next: { ...driving, name: 'Ada L.', leftAt: undefined } });
  });

  test('a driver who dropped keeps the controls for the grace, then anyone takes them', () => {
    const left: Driver = { ...driving, leftAt: 1_000 };
    assert.equal(controlsFree(left, 1_000 + DRIVER_GRACE_MS - 1), false);
    assert.deepEqual(mayDrive(left, bob, 1_000 + DRIVER_GRACE_MS - 1), { ok: false });
    assert.deepEqual(mayDrive(left, bob, 1_000 + DRIVER_GRACE_MS), { ok: true, next: { ...bob, since: 1_000 + DRIVER_GRACE_MS } });
    assert.deepEqual(mayDrive(left, ada, 1_500), { ok: true, next: { ...driving, leftAt: undefined } }, 'back within the grace');
  });

  test('request, hand over, decline, claim', () => {
    const asked = driverAfter(driving, 'request', bob, 200);
    assert.deepEqual(asked, { next: { ...driving, request: { ...bob, at: 200 } } });
    const withRequest = (asked as { next: Driver }).next;
    assert.deepEqual(driverAfter(withRequest, 'hand-over', bob, 300), { error: 'not-driver' });
    assert.deepEqual(driverAfter(withRequest, 'hand-over', ada, 300), { next: { ...bob, since: 300 } });
    assert.deepEqual(driverAfter(withRequest, 'decline', ada, 300), { next: { ...driving, request: undefined } });
    assert.deepEqual(driverAfter(driving, 'hand-over', ada, 300), { error: 'no-request' });
    assert.deepEqual(driverAfter(driving, 'decline', ada, 300), {});
    assert.deepEqual(driverAfter(driving, 'request', ada, 300), {}, 'the driver asking changes nothing');
    assert.deepEqual(driverAfter(undefined, 'request', bob, 300), { next: { ...bob, since: 300 } }, 'asking for free controls takes them');
    assert.deepEqual(driverAfter(driving, 'claim', bob, 300), { error: 'not-driver' });
    assert.deepEqual(driverAfter({ ...driving, leftAt: 0 }, 'claim', bob, DRIVER_GRACE_MS), { next: { ...bob, since: DRIVER_GRACE_MS } });
  });

  test('names are one short line of text; seats without one get a label', () => {
    assert.equal(presenterNameSchema.parse('  Ada\u202e\n\tLovelace  '), 'Ada Lovelace');
    assert.equal(presenterNameSchema.parse('x'.repeat(60)).length, 40);
    assert.equal(presenterNameSchema.safeParse('x'.repeat(81)).success, false);
    assert.equal(seatLabel('seat-ada-00ab'), 'Presenter 00AB');
  });
});
