// Slide space for the laser pointer: a spot on the screen as 0..1 of reveal.js's slide box (the
// `.slides` element, whose on-screen rectangle is the box after reveal's scaling, whatever the
// letterboxing), and back. Also the spot's anchor: the slide's element under the pointer and
// the spot within it, for a page whose slide box has another shape than the speaker's (an
// upright phone reflows the slide), where the same 0..1 would land on other content.
import type { RevealApi } from 'reveal.js';
import { POINTER_MAX_ANCHOR, type PointerAnchor, type PointerSpot } from '../../shared/pointer.ts';

export interface ScreenPoint {
  /** Relative to the page's viewport (clientX/clientY). */
  x: number;
  y: number;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** The slide box on screen, or undefined while the deck has no layout (hidden, zero-sized). */
export function slideRect(deckElement: HTMLElement): DOMRect | undefined {
  const rect = deckElement.querySelector('.slides')?.getBoundingClientRect();
  return rect && rect.width > 0 && rect.height > 0 ? rect : undefined;
}

/**
 * The elements a spot may be anchored to, in document order: every element of the slide but
 * the inside of an SVG (a diagram's shapes are not the same on every page), nested slides left
 * out. Both ends count them alike, so an index names the same element.
 */
function anchorables(slide: Element): Element[] {
  const out: Element[] = [];
  const walk = (parent: Element) => {
    for (const child of parent.children) {
      if (child.tagName === 'SECTION') continue;
      out.push(child);
      if (out.length > POINTER_MAX_ANCHOR) return;
      if (!(child instanceof SVGElement)) walk(child);
    }
  };
  walk(slide);
  return out;
}

/** The element to anchor to at a point: the deepest one of the slide that is one box (not a line-wrapped inline). */
function anchorAt(slide: Element, point: ScreenPoint): PointerAnchor | undefined {
  let target = document.elementFromPoint(point.x, point.y);
  target = target?.closest('svg') ?? target;
  while (target && target !== slide && slide.contains(target) && target.getClientRects().length > 1) target = target.parentElement;
  if (!target || target === slide || !slide.contains(target)) return undefined;
  const i = anchorables(slide).indexOf(target);
  const rect = target.getBoundingClientRect();
  if (i < 0 || i > POINTER_MAX_ANCHOR || rect.width <= 0 || rect.height <= 0) return undefined;
  return { i, x: clamp01((point.x - rect.left) / rect.width), y: clamp01((point.y - rect.top) / rect.height) };
}

/** The spot on the deck's current slide at a screen point, or undefined when the point is off the slide box. */
export function spotAt(deck: RevealApi, deckElement: HTMLElement, point: ScreenPoint): PointerSpot | undefined {
  const rect = slideRect(deckElement);
  const slide = deck.getCurrentSlide();
  if (!rect || !slide) return undefined;
  const x = (point.x - rect.left) / rect.width;
  const y = (point.y - rect.top) / rect.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return undefined;
  const { h, v } = deck.getIndices();
  const el = anchorAt(slide, point);
  return { h, v: v ?? 0, x, y, ...(el && { el }) };
}

/**
 * Where a spot is on this page's screen. `sameBox`: this page lays slides out in the speaker's
 * box (then the 0..1 is exact); otherwise the anchor places it on the same content, when the
 * element is there.
 */
export function pointAt(deck: RevealApi, deckElement: HTMLElement, spot: PointerSpot, sameBox: boolean): ScreenPoint | undefined {
  const rect = slideRect(deckElement);
  if (!rect) return undefined;
  const slide = deck.getCurrentSlide();
  if (!sameBox && spot.el && slide) {
    const target = anchorables(slide)[spot.el.i];
    const box = target?.getBoundingClientRect();
    if (box && box.width > 0 && box.height > 0) return { x: box.left + spot.el.x * box.width, y: box.top + spot.el.y * box.height };
  }
  return { x: rect.left + spot.x * rect.width, y: rect.top + spot.y * rect.height };
}
