// The presenter view's own keys, besides reveal's: G or Esc opens and closes the slide grid,
// and typing a slide's number then Enter jumps there (one move for followers, not a walk
// through the slides between). Keys typed into a field (the key form, the talk length) are the
// field's.
import type { RevealApi } from 'reveal.js';
import type { SlideGrid } from './grid.ts';
import { flatSlides } from '../lib/thumbnail.ts';

/** A number being typed is forgotten after this long without a key. */
const TYPING_TIMEOUT_MS = 4000;

export function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export class JumpKeys {
  private typed = '';
  private forget?: number;
  private readonly chip: HTMLElement;

  constructor(
    private readonly deck: RevealApi,
    private readonly grid: SlideGrid,
    /** Moves the deck to a slide (the speaker's move: sent once). */
    private readonly jump: (h: number, v: number) => void,
    private readonly refused: (message: string) => void,
  ) {
    this.chip = document.createElement('p');
    this.chip.className = 'pv-jump';
    this.chip.id = 'lectern-jump';
    this.chip.setAttribute('role', 'status');
    this.chip.hidden = true;
    document.body.append(this.chip);
    // Capture: these keys are answered before reveal.js sees them.
    window.addEventListener('keydown', (event) => this.key(event), true);
  }

  private key(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
    if (!document.getElementById('lectern-gate')?.hidden) return;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    if (/^[0-9]$/.test(event.key)) {
      handled();
      this.type(this.typed.length < 5 ? this.typed + event.key : this.typed);
    } else if (event.key === 'Backspace' && this.typed) {
      handled();
      this.type(this.typed.slice(0, -1));
    } else if (event.key === 'Enter' && this.typed) {
      handled();
      this.go(Number(this.typed));
    } else if (event.key === 'Escape' && this.typed) {
      handled();
      this.type('');
    } else if (event.key === 'Escape' || event.key === 'g' || event.key === 'G') {
      handled();
      this.grid.toggle();
    }
  }

  private type(typed: string): void {
    this.typed = typed;
    clearTimeout(this.forget);
    this.chip.hidden = !typed;
    this.chip.textContent = typed ? `Go to slide ${typed} · Enter` : '';
    if (typed) this.forget = window.setTimeout(() => this.type(''), TYPING_TIMEOUT_MS);
  }

  /** Jumps to slide `n` (1-based, as *Slide n of N* counts). */
  private go(n: number): void {
    this.type('');
    const slides = flatSlides(this.deck);
    const target = slides[n - 1];
    if (!target) return this.refused(`There is no slide ${n}: the deck has ${slides.length}.`);
    this.grid.close();
    this.jump(target.h, target.v);
  }
}
