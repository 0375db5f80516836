// Where a deck is shown: reveal.js's indices, and the live session's state around them. The
// zod/mini schemas are the source of the types, so what a socket or a page hands in is checked
// against exactly what the code expects (and the browser bundles stay small).
import * as z from 'zod/mini';

const index = z.int().check(z.gte(0), z.lte(10_000));

export const positionSchema = z.object({
  /** Horizontal slide index, 0-based, as reveal.js counts. */
  h: index,
  /** Vertical index within the stack, 0-based (0 on a plain slide). */
  v: index,
  /** Last fragment shown, as reveal.js counts: -1 when none is (or the slide has none). */
  f: z.int().check(z.gte(-1), z.lte(10_000)),
});
/** A slide and the fragment shown on it. */
export type Position = z.infer<typeof positionSchema>;

export const liveStateSchema = z.object({
  ...positionSchema.shape,
  /** Blackout: followers see a "paused" screen. */
  paused: z.boolean(),
  /** Grows with every change; clients ignore a state older than the one they have. */
  seq: z.number(),
  /** Server time of the change (ms since the epoch). */
  at: z.number(),
});
/** Where a live session is: the slide, the fragment shown, and whether the speaker paused. */
export type LiveState = z.infer<typeof liveStateSchema>;
