// The speaker's pen in the presenter view: turn on *Pen* (or press D) and draw on the current
// slide with the mouse, a finger or a stylus; *Clear* (or C) wipes the slide's ink everywhere.
// Ink shows at once on this page; its points go to the session in segments, one about every
// POINTER_SEND_INTERVAL_MS, none dropped. Changing slides leaves the ink behind on every page.
import type { RevealApi } from 'reveal.js';
import { PEN_MAX_POINTS, POINTER_SEND_INTERVAL_MS, type DrawUpdate, type PenSegment } from '../../shared/pointer.ts';
import { slideRect } from '../lib/pointer-space.ts';
import type { PointerInk } from '../lib/pointer-ink.ts';
import { toolChip } from './tool-chip.ts';
import { typingInField } from './jump.ts';
import { anotherPresenterDrives } from './driver-view.ts';

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** Gathers a stroke's points and sends them in segments of at most PEN_MAX_POINTS, one per interval. */
export class PenSender {
  private points: Array<[number, number]> = [];
  private where?: { h: number; v: number; stroke: number };
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly send: (update: DrawUpdate) => void) {}

  add(h: number, v: number, stroke: number, point: [number, number]): void {
    if (this.where && (this.where.stroke !== stroke || this.where.h !== h || this.where.v !== v)) this.flush();
    this.where = { h, v, stroke };
    this.points.push(point);
    this.timer ??= setTimeout(() => this.flush(), POINTER_SEND_INTERVAL_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const where = this.where;
    if (!where) return;
    for (let i = 0; i < this.points.length; i += PEN_MAX_POINTS) this.send({ ...where, points: this.points.slice(i, i + PEN_MAX_POINTS) });
    this.points = [];
  }

  clear(): void {
    this.flush();
    this.send({ clear: true });
  }
}

export class PenInput {
  private readonly sender: PenSender;
  private readonly button: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private pen = false;
  /** The stroke being drawn: its number and slide. */
  private stroke?: { id: number; h: number; v: number };
  /** *Pen* was turned on (the laser turns itself off). */
  onPen?: () => void;

  constructor(
    private readonly deck: RevealApi,
    private readonly deckElement: HTMLElement,
    private readonly ink: PointerInk,
    send: (update: DrawUpdate) => void,
    tools: HTMLElement,
  ) {
    this.sender = new PenSender(send);
    this.button = toolChip({ id: 'pen', label: 'Pen', key: 'D', hint: 'D', title: 'Pen: draw on the slide (D); Clear wipes it (C)' });
    this.button.addEventListener('click', () => this.setPen(!this.pen));
    this.clearButton = toolChip({ id: 'clear-ink', label: 'Clear', key: 'C', title: 'Wipe the ink off this slide, for everyone (C)' });
    this.clearButton.hidden = true;
    this.clearButton.addEventListener('click', () => this.clear());
    tools.append(this.button, this.clearButton);

    const el = deckElement;
    el.addEventListener('pointerdown', (e) => {
      if (!this.pen || (e.pointerType === 'mouse' && e.button !== 0)) return;
      const { h, v } = deck.getIndices();
      this.stroke = { id: Math.floor(Math.random() * 2 ** 31), h, v: v ?? 0 };
      el.setPointerCapture?.(e.pointerId);
      this.draw(e);
    });
    el.addEventListener('pointermove', (e) => {
      if (this.stroke) for (const event of e.getCoalescedEvents?.() ?? [e]) this.draw(event);
    });
    for (const name of ['pointerup', 'pointercancel'] as const) {
      el.addEventListener(name, () => {
        this.stroke = undefined;
        this.sender.flush();
      });
    }
    deck.on('slidechanged', () => this.showClear());
    window.addEventListener('keydown', (e) => this.key(e), true);
  }

  setPen(on: boolean): void {
    if (on === this.pen) return;
    this.pen = on;
    this.button.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('is-pen', on);
    this.deck.configure({ touch: !on });
    if (on) this.onPen?.();
    else this.stroke = undefined;
  }

  private key(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat || typingInField(event.target)) return;
    if (!document.getElementById('lectern-gate')?.hidden || anotherPresenterDrives()) return;
    const key = event.key.toLowerCase();
    if (key !== 'd' && key !== 'c') return;
    event.preventDefault();
    event.stopPropagation();
    if (key === 'd') this.setPen(!this.pen);
    else this.clear();
  }

  private draw(event: PointerEvent): void {
    const box = slideRect(this.deckElement);
    const stroke = this.stroke;
    if (!box || !stroke) return;
    const point: [number, number] = [clamp01((event.clientX - box.left) / box.width), clamp01((event.clientY - box.top) / box.height)];
    const segment: PenSegment = { h: stroke.h, v: stroke.v, stroke: stroke.id, points: [point] };
    this.ink.apply(segment);
    this.sender.add(stroke.h, stroke.v, stroke.id, point);
    this.showClear();
  }

  private clear(): void {
    this.ink.clear();
    this.sender.clear();
    this.showClear();
  }

  private showClear(): void {
    this.clearButton.hidden = this.ink.empty;
  }
}
