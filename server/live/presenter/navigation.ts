// The deck's structure as live sessions need it, and moves within it: which (h, v, f) exist,
// and where "next" and "previous" go, the way reveal.js steps (fragments first, then down a
// stack, then right; going back into a slide shows all its fragments, back into a stack lands
// at its bottom). Pure, so the server and tests share it.
import type { Position } from '../../../shared/positions.ts';

export interface DeckShape {
  /** fragments[h][v] = number of fragment steps on that slide (0 when it has none). */
  fragments: number[][];
}

export function slideCount(shape: DeckShape): number {
  return shape.fragments.reduce((sum, stack) => sum + stack.length, 0);
}

/** The position inside the deck, or undefined when h or v is outside it; f is clamped. */
export function clampPosition(shape: DeckShape, { h, v, f }: Position): Position | undefined {
  const stack = shape.fragments[h];
  if (!stack || v < 0 || v >= stack.length) return undefined;
  const max = stack[v]! - 1;
  return { h, v, f: Math.max(-1, Math.min(f, max)) };
}

function lastFragment(shape: DeckShape, h: number, v: number): number {
  return (shape.fragments[h]?.[v] ?? 0) - 1;
}

export function step(shape: DeckShape, from: Position, to: 'next' | 'prev' | 'first' | 'last'): Position {
  const stacks = shape.fragments;
  if (to === 'first') return { h: 0, v: 0, f: -1 };
  if (to === 'last') {
    const h = stacks.length - 1;
    return { h, v: 0, f: lastFragment(shape, h, 0) };
  }
  const here = clampPosition(shape, from) ?? { h: 0, v: 0, f: -1 };
  const { h, v, f } = here;
  if (to === 'next') {
    if (f < lastFragment(shape, h, v)) return { h, v, f: f + 1 };
    if (v + 1 < stacks[h]!.length) return { h, v: v + 1, f: -1 }; // `here` is inside the deck
    if (h + 1 < stacks.length) return { h: h + 1, v: 0, f: -1 };
    return here;
  }
  if (f > -1) return { h, v, f: f - 1 };
  if (v > 0) return { h, v: v - 1, f: lastFragment(shape, h, v - 1) };
  if (h > 0) {
    const bottom = stacks[h - 1]!.length - 1;
    return { h: h - 1, v: bottom, f: lastFragment(shape, h - 1, bottom) };
  }
  return here;
}
