// The speaker's laser pointer in the presenter view: hold L with the mouse over the current
// slide, or turn on *Laser* (the button, for a phone remote or a tablet) and touch or drag on
// the slide. The spot shows at once on this page and goes to the session at most every
// POINTER_SEND_INTERVAL_MS (the newest spot; the server coalesces again for the room); letting
// go sends `off`. While *Laser* is on, a drag on the slide points instead of changing slides.
// A pointer held still (L down, a finger on the slide) is said again every HOLD_REPEAT_MS, so
// it outlasts the followers' idle timeout; a mouse merely resting with *Laser* on does not.
import type { RevealApi } from 'reveal.js';
import type { PointerUpdate } from '../../shared/pointer.ts';
import { PointerSender } from '../lib/pointer-sender.ts';
import { spotAt, type ScreenPoint } from '../lib/pointer-space.ts';
import type { PointerOverlay } from '../lib/pointer-overlay.ts';
import { toolChip } from './tool-chip.ts';
import { typingInField } from './jump.ts';
import { anotherPresenterDrives } from './driver-view.ts';

/** Well within POINTER_IDLE_MS: a held pointer never times out on a follower's page. */
const HOLD_REPEAT_MS = 1000;

export class PointerInput {
  private readonly sender: PointerSender;
  private readonly button: HTMLButtonElement;
  /** Where the mouse or finger last was over the page. */
  private at?: ScreenPoint;
  private keyHeld = false;
  private laser = false;
  /** A finger or pen is down on the slide with *Laser* on. */
  private touching = false;
  /** A spot of ours is showing (followers see it): letting go sends `off`. */
  private showing = false;
  /** A mouse is over the slide (with *Laser* on, hovering points). */
  private hovering = false;
  private repeat?: number;

  constructor(
    private readonly deck: RevealApi,
    private readonly deckElement: HTMLElement,
    private readonly overlay: PointerOverlay,
    send: (update: PointerUpdate) => void,
    tools: HTMLElement,
  ) {
    this.sender = new PointerSender(send);
    this.button = toolChip({ id: 'laser', label: 'Laser', key: 'L', hint: 'hold L', title: 'Laser pointer: touch or drag on the slide (or hold L)' });
    this.button.addEventListener('click', () => this.setLaser(!this.laser));
    tools.append(this.button);

    const el = deckElement;
    el.addEventListener('pointermove', (e) => this.move(e));
    el.addEventListener('pointerdown', (e) => {
      if (!this.laser) return;
      this.touching = true;
      el.setPointerCapture?.(e.pointerId);
      this.move(e);
    });
    for (const name of ['pointerup', 'pointercancel'] as const) {
      el.addEventListener(name, (e) => {
        this.touching = false;
        // A mouse with *Laser* on keeps pointing while it hovers; a finger lifted lets go.
        if (e.pointerType !== 'mouse') this.release();
      });
    }
    el.addEventListener('pointerleave', () => {
      this.at = undefined;
      this.hovering = false;
      if (!this.touching) this.release();
    });
    // Capture: L is reveal.js's "next slide" too; while it is the pointer's key, reveal never sees it.
    window.addEventListener('keydown', (e) => this.key(e, true), true);
    window.addEventListener('keyup', (e) => this.key(e, false), true);
    window.addEventListener('blur', () => {
      this.keyHeld = false;
      this.release();
    });
  }

  private get active(): boolean {
    return this.keyHeld || (this.laser && (this.touching || this.hovering));
  }

  private key(event: KeyboardEvent, down: boolean): void {
    if (event.key !== 'l' && event.key !== 'L') return;
    if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
    if (!document.getElementById('lectern-gate')?.hidden || anotherPresenterDrives()) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat || down === this.keyHeld) return;
    this.keyHeld = down;
    if (down) this.point();
    else this.release();
  }

  setLaser(on: boolean): void {
    if (on === this.laser) return;
    this.laser = on;
    this.button.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('is-laser', on);
    // A drag on the slide points; reveal's swipe would change the slide under the finger.
    this.deck.configure({ touch: !on });
    if (on) this.onLaser?.();
    else this.release();
  }

  /** *Laser* was turned on (the pen turns itself off). */
  onLaser?: () => void;

  private move(event: PointerEvent): void {
    this.at = { x: event.clientX, y: event.clientY };
    this.hovering = event.pointerType === 'mouse';
    if (this.active) this.point();
  }

  private point(): void {
    const spot = this.at && spotAt(this.deck, this.deckElement, this.at);
    if (!spot) return this.release();
    this.showing = true;
    this.overlay.show(spot);
    this.sender.spot(spot);
    clearTimeout(this.repeat);
    if (this.keyHeld || this.touching) this.repeat = window.setTimeout(() => this.point(), HOLD_REPEAT_MS);
  }

  private release(): void {
    clearTimeout(this.repeat);
    if (!this.showing) return;
    this.showing = false;
    this.overlay.hide();
    this.sender.off();
  }

  /** Whether this page's own spot is showing: a spot from another presenter tab then waits. */
  get pointing(): boolean {
    return this.showing;
  }
}

