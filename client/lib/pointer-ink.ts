// The speaker's pen over a deck: an SVG laid over the slide box, in slide space (0..1 stretched
// to the box), one polyline per stroke, built from elements and numbers (no markup parsed) and
// hidden from assistive technology. Ink belongs to one slide: it is wiped when the deck leaves
// that slide and when the speaker clears it, and nothing of it is kept anywhere else. A page
// whose slide box has another shape than the speaker's (an upright phone reflows the slide)
// shows no ink: strokes around words would circle other words there.
import type { RevealApi } from 'reveal.js';
import { PEN_MAX_STROKE_POINTS, PEN_MAX_STROKES, type DrawUpdate, type PenSegment } from '../../shared/pointer.ts';
import { slideRect } from './pointer-space.ts';

const SVG = 'http://www.w3.org/2000/svg';

export class PointerInk {
  private readonly svg: SVGSVGElement;
  private readonly strokes = new Map<number, { line: SVGPolylineElement; points: number }>();
  /** The slide the ink is on. */
  private slide?: { h: number; v: number };

  constructor(
    private readonly deck: RevealApi,
    private readonly deckElement: HTMLElement,
    private readonly sameBox: () => boolean,
  ) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.classList.add('lectern-ink');
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.setAttribute('viewBox', '0 0 1 1');
    this.svg.setAttribute('preserveAspectRatio', 'none');
    deckElement.append(this.svg);
    deck.on('slidechanged', () => this.clear());
    deck.on('resize', () => this.place());
  }

  /** A segment or a clear, from the session or from this page's own speaker. */
  apply(update: DrawUpdate): void {
    if ('clear' in update) return this.clear();
    const { h, v } = this.deck.getIndices();
    if (h !== update.h || (v ?? 0) !== update.v || !this.sameBox()) return;
    if (this.slide && (this.slide.h !== h || this.slide.v !== update.v)) this.clear();
    this.slide = { h, v: update.v };
    this.add(update);
    this.place();
  }

  clear(): void {
    this.svg.replaceChildren();
    this.strokes.clear();
    this.slide = undefined;
    this.svg.classList.remove('has-ink');
  }

  /** Whether the slide shows ink (the Clear button is offered then). */
  get empty(): boolean {
    return this.strokes.size === 0;
  }

  private add({ stroke, points }: PenSegment): void {
    let entry = this.strokes.get(stroke);
    if (!entry) {
      if (this.strokes.size >= PEN_MAX_STROKES) {
        const [oldest, first] = this.strokes.entries().next().value!;
        first.line.remove();
        this.strokes.delete(oldest);
      }
      const line = document.createElementNS(SVG, 'polyline');
      line.classList.add('lectern-ink__stroke');
      this.svg.append(line);
      entry = { line, points: 0 };
      this.strokes.set(stroke, entry);
    }
    const list = entry.line.points;
    for (const [x, y] of points) {
      if (entry.points >= PEN_MAX_STROKE_POINTS) break;
      const point = this.svg.createSVGPoint();
      point.x = x;
      point.y = y;
      list.appendItem(point);
      entry.points++;
    }
    this.svg.classList.add('has-ink');
  }

  /** Over the slide box, wherever reveal has scaled and centred it. */
  private place(): void {
    const box = slideRect(this.deckElement);
    if (!box) return;
    const origin = this.deckElement.getBoundingClientRect();
    const style = this.svg.style;
    style.left = `${box.left - origin.left}px`;
    style.top = `${box.top - origin.top}px`;
    style.width = `${box.width}px`;
    style.height = `${box.height}px`;
    // About 0.35% of the slide's width: a marker line on a projector, not a smear on a phone.
    style.setProperty('--ink-width', `${Math.min(7, Math.max(2.5, box.width * 0.0035)).toFixed(1)}px`);
  }
}
