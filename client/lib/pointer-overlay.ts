// The laser pointer's dot over a deck: plain elements in a layer over the deck (no markup
// parsed), hidden from assistive technology (it repeats nothing that is not on the slide), and
// shown only while the deck is on the slide the speaker points at. It goes away when the
// speaker lets go, when the slide changes, and after POINTER_IDLE_MS without word. A short
// trail follows the dot, except for readers who asked for less motion.
import type { RevealApi } from 'reveal.js';
import { POINTER_IDLE_MS, type PointerUpdate, type PointerSpot } from '../../shared/pointer.ts';
import { pointAt, slideRect } from './pointer-space.ts';
import { reducedMotion } from './reveal.ts';
import '../theme/pointer.css';

const TRAIL = 3;

export class PointerOverlay {
  private readonly layer: HTMLElement;
  private readonly dots: HTMLElement[];
  private spot?: PointerSpot;
  private idle?: number;

  /**
   * `sameBox`: whether this page lays slides out in the speaker's box (see pointAt); asked on
   * every spot, since a phone turned upright changes it.
   */
  constructor(
    private readonly deck: RevealApi,
    private readonly deckElement: HTMLElement,
    private readonly sameBox: () => boolean,
  ) {
    this.layer = document.createElement('div');
    this.layer.className = 'lectern-pointer';
    this.layer.setAttribute('aria-hidden', 'true');
    this.layer.hidden = true;
    const count = reducedMotion() ? 1 : 1 + TRAIL;
    this.dots = Array.from({ length: count }, (_, i) => {
      const dot = document.createElement('span');
      dot.className = i === 0 ? 'lectern-pointer__dot' : 'lectern-pointer__trail';
      dot.style.setProperty('--trail', String(i));
      return dot;
    });
    // The dot first in paint order last: it stays on top of its trail.
    this.layer.append(...this.dots.slice().reverse());
    deckElement.append(this.layer);
    deck.on('slidechanged', () => this.hide());
    deck.on('resize', () => this.place());
  }

  /** A pointer update, from the session or from this page's own speaker. */
  show(update: PointerUpdate): void {
    if ('off' in update) return this.hide();
    this.spot = update;
    clearTimeout(this.idle);
    this.idle = window.setTimeout(() => this.hide(), POINTER_IDLE_MS);
    this.place();
  }

  hide(): void {
    clearTimeout(this.idle);
    this.spot = undefined;
    this.layer.hidden = true;
    delete this.layer.dataset.at;
  }

  private place(): void {
    const { spot } = this;
    if (!spot) return;
    const { h, v } = this.deck.getIndices();
    const box = slideRect(this.deckElement);
    const point = h === spot.h && (v ?? 0) === spot.v ? pointAt(this.deck, this.deckElement, spot, this.sameBox()) : undefined;
    if (!point || !box) {
      this.layer.hidden = true;
      return;
    }
    const origin = this.deckElement.getBoundingClientRect();
    const wasHidden = this.layer.hidden;
    // A dot about 1.6% of the slide's width: seen from the back of a room, never a blot on a phone.
    this.layer.style.setProperty('--pointer-size', `${Math.round(Math.min(28, Math.max(14, box.width * 0.016)))}px`);
    this.layer.classList.toggle('is-jumping', wasHidden);
    for (const dot of this.dots) dot.style.transform = `translate(${point.x - origin.left}px, ${point.y - origin.top}px)`;
    this.layer.hidden = false;
    // Tests and screenshots read where the dot is, in this page's slide box.
    this.layer.dataset.at = `${((point.x - box.left) / box.width).toFixed(4)},${((point.y - box.top) / box.height).toFixed(4)}`;
  }
}
