// Who drives a live session (shared/driver.ts decides, this module stores and tells): the gate
// asks `check` before every presenter:* request that changes what the room sees; joins and
// disconnects of presenters move the controls on; `presenter:driver` asks for, hands over,
// declines or claims them. The driver lives in the session's record in the store, changed only
// by compare-and-set (store.setDriver), so presenters on several processes (Redis) agree on one
// driver. The grace after the driver drops is measured on the hub's clock and enforced lazily:
// the first presenter to act (or claim, as the presenter view does when the grace is over) after
// it takes the controls, so no timer has to survive a restart or run on every process.
import type { LiveErrorCode } from '../../../shared/protocol.ts';
import { DRIVER_GRACE_MS, driverAfter, driverRequestSchema, mayDrive, seatLabel, SHARED_SEAT, type Driver, type DriverState, type Seat } from '../../../shared/driver.ts';
import type { LiveDeps } from '../deps.ts';
import { presentersRoom, type Membership } from '../membership/members.ts';
import { failure, refused, type Reply } from '../acks.ts';
import type { DriverGate, LiveSession, LiveSessions } from '../sessions/sessions.ts';
import { presenterHandler, type PresenterHandler } from './gate.ts';

type DriverDeps = Pick<LiveDeps, 'io' | 'store' | 'clock'>;

/** A presenter connection's seat: its own, or the one seatless presenters share. */
export function seatOf(member: Pick<Membership, 'seat' | 'name'>): Seat {
  const seat = member.seat ?? SHARED_SEAT;
  return { seat, name: member.name || seatLabel(seat) };
}

/** Compare-and-set rounds before giving up: only presenters racing for the controls take more than one. */
const ATTEMPTS = 4;

export class Drivers implements DriverGate {
  constructor(
    private readonly deps: DriverDeps,
    readonly graceMs = DRIVER_GRACE_MS,
  ) {}

  state(driver: Driver | undefined): DriverState {
    const left = driver?.leftAt;
    return { ...(driver && { driver }), graceMs: this.graceMs, ...(left !== undefined && { freeInMs: Math.max(0, left + this.graceMs - this.deps.clock()) }) };
  }

  check(session: LiveSession, member: Membership): Promise<true | LiveErrorCode> {
    const me = seatOf(member);
    return this.change(session.id, (driver, now) => {
      const outcome = mayDrive(driver, me, now, this.graceMs);
      return outcome.ok ? { next: outcome.next } : { error: 'not-driver' };
    }).then((result) => (typeof result === 'string' ? result : true));
  }

  /** A presenter joined: the first one drives, a driver back within the grace drives on, free controls are taken. */
  async joined(session: LiveSession, member: Membership): Promise<DriverState | LiveErrorCode> {
    const me = seatOf(member);
    const result = await this.change(session.id, (driver, now) => ({ next: mayDrive(driver, me, now, this.graceMs).next }));
    return typeof result === 'string' ? result : this.state(result);
  }

  /** A presenter connection of `seat` closed and this process has no other: if it drove, the grace starts. */
  async left(id: string, seat: string): Promise<void> {
    await this.change(id, (driver, now) => (driver?.seat === seat && driver.leftAt === undefined ? { next: { ...driver, leftAt: now } } : {}));
  }

  /** `presenter:driver`: the one presenter:* request a presenter who does not drive may send. */
  handler(sessions: LiveSessions): PresenterHandler {
    return presenterHandler(
      sessions,
      driverRequestSchema,
      async (session, { action }, reply: Reply<DriverState>, member) => {
        const me = seatOf(member);
        const result = await this.change(session.id, (driver, now) => driverAfter(driver, action, me, now, this.graceMs));
        if (typeof result === 'string') return reply(refused(result));
        reply({ ok: true, ...this.state(result) });
      },
      { anyPresenter: true },
    );
  }

  /**
   * Reads the driver, computes the change, stores it if nothing changed meanwhile (else again),
   * and tells the presenters. Resolves with the driver as it now is, or why not.
   */
  private async change(
    id: string,
    decide: (driver: Driver | undefined, now: number) => { next?: Driver } | { error: LiveErrorCode },
  ): Promise<Driver | undefined | LiveErrorCode> {
    const { store, io, clock } = this.deps;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const record = await store.get(id).catch(failure);
      if (typeof record === 'string') return record;
      if (!record) return 'unknown-session';
      const decision = decide(record.driver, clock());
      if ('error' in decision) return decision.error;
      if (!decision.next) return record.driver;
      const outcome = await store.setDriver(id, decision.next, record.driver).catch(failure);
      if (outcome === 'missing') return 'unknown-session';
      if (outcome === 'set') {
        io.to(presentersRoom(id)).emit('session:driver', this.state(decision.next));
        return decision.next;
      }
      if (outcome !== 'conflict') return outcome;
    }
    return 'rate-limited';
  }
}
