// The presenter's laser pointer, as the live protocol carries it: a spot on one slide, in slide
// space (0..1 of reveal.js's slide box, before any scaling), so it lands on the same spot on a
// phone and on a projector whatever their size and letterboxing. A page whose slide box has
// another shape than the speaker's (an upright phone reflows the slide into a portrait box)
// places the dot by its anchor instead: the slide's element under the pointer and the spot
// within that element, which the same markup has on every page. Nothing of this is stored.
import * as z from 'zod/mini';

/** Finite and within 0..1 (zod rejects NaN and ±Infinity for numbers). */
const unit = z.number().check(z.gte(0), z.lte(1));
// The same bounds as a Position's indices: no slide of a deck lies beyond them.
const slideIndex = z.int().check(z.gte(0), z.lte(10_000));

/** Elements of a slide a pointer may be anchored to (in document order, not counting inside <svg>). */
export const POINTER_MAX_ANCHOR = 5_000;

export const pointerAnchorSchema = z.object({
  /** Which element of the slide: its place among the slide's elements, as pointerAnchor counts. */
  i: z.int().check(z.gte(0), z.lte(POINTER_MAX_ANCHOR)),
  x: unit,
  y: unit,
});

/** The dot on slide h/v at x/y; `el`: where it is within the element under it. */
export const pointerSpotSchema = z.object({
  h: slideIndex,
  v: slideIndex,
  x: unit,
  y: unit,
  el: z.optional(pointerAnchorSchema),
});
/** The speaker let go: followers hide the dot at once. */
export const pointerOffSchema = z.strictObject({ off: z.literal(true) });

/** `presenter:pointer`'s payload, and what `session:pointer` gives the room. Unknown keys are stripped. */
export const pointerSchema = z.union([pointerSpotSchema, pointerOffSchema]);

export type PointerAnchor = z.infer<typeof pointerAnchorSchema>;
export type PointerSpot = z.infer<typeof pointerSpotSchema>;
export type PointerUpdate = z.infer<typeof pointerSchema>;

/**
 * The room gets at most this many pointer updates a second per session (one every 33 ms):
 * smooth to the eye, and a fixed cost per follower however fast the speaker's device sends.
 */
export const POINTER_PER_SECOND = 30;
/** A page sends at most one update per this many ms (one per animation frame, capped at 30 Hz). */
export const POINTER_SEND_INTERVAL_MS = Math.ceil(1000 / POINTER_PER_SECOND);
/** With no update for this long, the dot goes away (a lost "off", a speaker who walked off). */
export const POINTER_IDLE_MS = 3000;

// ---------------------------------------------------------------- the pen

/** Points in one `presenter:draw` segment; a longer stroke goes as several segments. */
export const PEN_MAX_POINTS = 64;
/** What a page keeps of the current slide's ink: strokes beyond it push out the oldest. */
export const PEN_MAX_STROKES = 200;
export const PEN_MAX_STROKE_POINTS = 5_000;

/** Part of a stroke on slide h/v: points (slide space) appended to stroke `stroke` (the sender's own number). */
export const penSegmentSchema = z.object({
  h: slideIndex,
  v: slideIndex,
  stroke: z.int().check(z.gte(0), z.lte(2 ** 31 - 1)),
  points: z.array(z.tuple([unit, unit])).check(z.minLength(1), z.maxLength(PEN_MAX_POINTS)),
});
/** Wipe the slide's ink on every page. */
export const penClearSchema = z.strictObject({ clear: z.literal(true) });
/** `presenter:draw`'s payload, and what `session:draw` gives the room. */
export const drawSchema = z.union([penSegmentSchema, penClearSchema]);

export type PenSegment = z.infer<typeof penSegmentSchema>;
export type DrawUpdate = z.infer<typeof drawSchema>;
