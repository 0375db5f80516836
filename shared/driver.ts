// Who drives a live session: one presenter at a time changes what the room sees. Presenters are
// told apart by a seat, a random id each presenter tab makes for itself; a phone remote opened
// from a tab's QR code takes that tab's seat, so it drives with its tab and never against it.
// The seat is coordination between people who all hold the presenter key, not a secret: the
// key is what admits a presenter. Pure: the server's gate and the presenter view decide alike.
import * as z from 'zod/mini';

/** A driver whose last connection closed keeps the controls this long, then another presenter takes them. */
export const DRIVER_GRACE_MS = 10_000;

/** Presenters that join without a seat (third-party remotes) share this one, so they drive together. */
export const SHARED_SEAT = 'shared-seat';
export const SHARED_SEAT_NAME = 'A remote';

export const seatSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/));
/** A presenter's name as others see it: text, one line, short. */
export const presenterNameSchema = z.pipe(
  z.string().check(z.maxLength(80)),
  z.transform((raw: string) => raw.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 40)),
);

const seatAndName = { seat: seatSchema, name: z.string().check(z.maxLength(40)) };

/** The driver as the session store keeps it and presenters are told it. */
export const driverSchema = z.object({
  ...seatAndName,
  since: z.number(),
  /** The driver's last connection closed then: past the grace, another presenter may take the controls. */
  leftAt: z.optional(z.number()),
  /** A presenter asked for the controls. */
  request: z.optional(z.object({ ...seatAndName, at: z.number() })),
});
export type Driver = z.infer<typeof driverSchema>;

/** What presenters are told (join ack and `session:driver`): the driver, if any, and the grace. */
export interface DriverState {
  driver?: Driver;
  graceMs: number;
  /** The driver dropped: how long, on the server's clock, until the controls are free. */
  freeInMs?: number;
}

export const driverRequestSchema = z.object({
  /**
   * request: ask the driver for the controls; hand-over: the driver gives them to whoever asked;
   * decline: the driver keeps them and the request goes; claim: take controls nobody holds (no
   * driver, or one gone past the grace).
   */
  action: z.enum(['request', 'hand-over', 'decline', 'claim']),
});
export type DriverRequest = z.infer<typeof driverRequestSchema>;

export interface Seat {
  seat: string;
  name: string;
}

/** The default name of a seat without one: short, readable, different per tab. */
export function seatLabel(seat: string): string {
  return seat === SHARED_SEAT ? SHARED_SEAT_NAME : `Presenter ${seat.slice(-4).toUpperCase()}`;
}

/** The controls are free for anyone: nobody drives, or the driver left longer than the grace ago. */
export function controlsFree(driver: Driver | undefined, now: number, graceMs = DRIVER_GRACE_MS): boolean {
  return !driver || (driver.leftAt !== undefined && now - driver.leftAt >= graceMs);
}

/**
 * Whether `me` may change what the room sees now, and the driver to store first if that changes:
 * the driver drives (and is back, if it had left, under the name it gives now); anyone takes free
 * controls.
 */
export function mayDrive(driver: Driver | undefined, me: Seat, now: number, graceMs = DRIVER_GRACE_MS): { ok: boolean; next?: Driver } {
  if (driver?.seat === me.seat) {
    // Back after a drop, or renamed: the stored driver says so.
    return driver.leftAt === undefined && driver.name === me.name ? { ok: true } : { ok: true, next: { ...driver, name: me.name, leftAt: undefined } };
  }
  if (controlsFree(driver, now, graceMs)) return { ok: true, next: { ...me, since: now } };
  return { ok: false };
}

export type DriverError = 'not-driver' | 'no-request';

/** The driver after `action` by `me`, or why not. `undefined` as `next`: nothing changes. */
export function driverAfter(driver: Driver | undefined, action: DriverRequest['action'], me: Seat, now: number, graceMs = DRIVER_GRACE_MS): { next?: Driver } | { error: DriverError } {
  const drives = driver?.seat === me.seat;
  switch (action) {
    case 'claim': {
      const outcome = mayDrive(driver, me, now, graceMs);
      return outcome.ok ? { next: outcome.next } : { error: 'not-driver' };
    }
    case 'request':
      if (drives) return {};
      if (controlsFree(driver, now, graceMs)) return { next: { ...me, since: now } };
      return { next: { ...driver!, request: { ...me, at: now } } };
    case 'hand-over':
      if (!drives) return { error: 'not-driver' };
      if (!driver.request) return { error: 'no-request' };
      return { next: { seat: driver.request.seat, name: driver.request.name, since: now } };
    case 'decline':
      if (!drives) return { error: 'not-driver' };
      return driver.request ? { next: { ...driver, request: undefined } } : {};
  }
}
