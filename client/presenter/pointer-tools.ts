// The presenter view's pointing tools — Laser, Pen, Clear — as chips at the right end of the
// "Now" label row, over the slide they act on (on a phone remote the controls bar keeps its room
// for Previous and Next), wired to the session: this page's spots and ink are sent, another
// presenter tab's are shown.
import type { RevealApi } from 'reveal.js';
import type { DrawUpdate, PointerUpdate } from '../../shared/pointer.ts';
import { PointerOverlay } from '../lib/pointer-overlay.ts';
import { PointerInk } from '../lib/pointer-ink.ts';
import { PointerInput } from './pointer-input.ts';
import { PenInput } from './pen-input.ts';

/** The session side: sends this page's spots and ink, hands over another tab's. */
export interface PointerChannel {
  point(update: PointerUpdate): void;
  draw(update: DrawUpdate): void;
  onPointer?: (update: PointerUpdate) => void;
  onDraw?: (update: DrawUpdate) => void;
}

/** The laser and the pen on the presenter view's current slide (`deckElement`). */
export function wirePointer(deck: RevealApi, deckElement: HTMLElement, channel: PointerChannel): void {
  const tools = document.createElement('div');
  tools.className = 'pv-tools';
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', 'Pointing');
  document.getElementById('lectern-now-label')?.after(tools);
  // The presenter view's deck is embedded: always the speaker's slide box.
  const overlay = new PointerOverlay(deck, deckElement, () => true);
  const ink = new PointerInk(deck, deckElement, () => true);
  const laser = new PointerInput(deck, deckElement, overlay, (update) => channel.point(update), tools);
  const pen = new PenInput(deck, deckElement, ink, (update) => channel.draw(update), tools);
  laser.onLaser = () => pen.setPen(false);
  pen.onPen = () => laser.setLaser(false);
  channel.onPointer = (update) => {
    if (!laser.pointing) overlay.show(update);
  };
  channel.onDraw = (update) => ink.apply(update);
}
