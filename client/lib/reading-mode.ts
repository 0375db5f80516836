// Reading mode: the slide on show as reflowed text at the reader's own size, for readers who
// cannot read a scaled-down slide on a phone. It is a view of the deck, not a second deck: it
// shows whatever slide and fragments reveal.js shows, so it follows the live slide, browsing
// and "Back to live" exactly as the slide view does. The reader's choice (on or off, and the
// text size) is kept in localStorage for the next visit.
import type { RevealApi } from 'reveal.js';
import { readingCopy, slideTitle } from './reading-view.ts';
import '../theme/reading.css';

const ON_KEY = 'lectern:reading';
const SIZE_KEY = 'lectern:reading-size';

/** Text sizes, as multiples of the reading view's base size (reading.css --rd-base). */
export const READING_SIZES = [0.875, 1, 1.125, 1.25, 1.5, 1.75, 2, 2.5] as const;
const DEFAULT_SIZE = 1;

/** The body class while the reading view is on. */
export const READING_CLASS = 'is-reading';

function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage refused (private modes): the choice lasts as long as the page
  }
}

function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // as above
  }
}

/** Keys reveal.js still takes in reading mode (slide steps); the others scroll the text. */
const STEP_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown']);

/** reveal.js's `keyboardCondition` for pages with a reading view: Up, Down, Space, Home and End scroll it. */
export function readingKeyboardCondition(event: KeyboardEvent): boolean {
  return !document.body.classList.contains(READING_CLASS) || STEP_KEYS.has(event.key);
}

/** A button named by `label` that shows a glyph ("‹", "A+"): the glyph is for eyes only. */
function button(className: string, label: string, glyph: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.setAttribute('aria-label', label);
  if (glyph) {
    const shown = document.createElement('span');
    shown.setAttribute('aria-hidden', 'true');
    shown.textContent = glyph;
    b.append(shown);
  }
  return b;
}

const LINES_ICON = 'M3 4h10M3 7h10M3 10h10M3 13h6';

function toggleButton(): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = 'lectern-reading-toggle';
  b.className = 'rd-toggle';
  b.setAttribute('aria-pressed', 'false');
  b.setAttribute('aria-controls', 'lectern-reading');
  // The same name however narrow the screen (phones show "Reading" only).
  b.setAttribute('aria-label', 'Reading mode');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', LINES_ICON);
  svg.append(path);
  const word = document.createElement('span');
  word.textContent = 'Reading';
  const wide = document.createElement('span');
  wide.className = 'rd-wide';
  wide.textContent = ' mode';
  word.append(wide);
  b.append(svg, word);
  return b;
}

export interface ReadingMountPoints {
  /** The toggle is put before this element (in the page's bar). */
  toggleBefore: Element;
  /** The reading view covers this element (the follower page's stage), or the window (the body). */
  over: HTMLElement;
  /** A fixed bar the view starts below (the deck page's toolbar), so it stays in reach. */
  below?: HTMLElement | null;
  /** The toggle's look, when the page's bar has its own buttons. */
  toggleClass?: string;
}

export class ReadingMode {
  readonly toggle = toggleButton();
  readonly view = document.createElement('section');
  private readonly page = document.createElement('article');
  private readonly position = document.createElement('p');
  private readonly prev = button('rd-step', 'Previous slide', '‹');
  private readonly next = button('rd-step', 'Next slide', '›');
  // Their "A−" and "A+" are drawn by reading.css: visible text in a button would have to be part of its name.
  private readonly smaller = button('rd-size__button rd-size__button--down', 'Smaller text', '');
  private readonly larger = button('rd-size__button rd-size__button--up', 'Larger text', '');
  private size = DEFAULT_SIZE;
  private on = false;
  private shown: Element | undefined;
  /** The slide on show changes without a move too (poll results drawn, a diagram, a lazy image). */
  private readonly watcher = new MutationObserver(() => this.renderSoon());
  private watched: Element | undefined;
  private pending = false;
  private placeBelow = () => undefined as void;

  constructor(private readonly deck: RevealApi, mount: ReadingMountPoints) {
    this.view.id = 'lectern-reading';
    this.view.className = 'rd';
    this.view.hidden = true;
    this.view.setAttribute('aria-labelledby', 'lectern-reading-position');
    this.position.id = 'lectern-reading-position';
    this.position.className = 'rd-position';
    const bar = document.createElement('div');
    bar.className = 'rd-bar';
    const steps = document.createElement('div');
    steps.className = 'rd-steps';
    steps.append(this.prev, this.position, this.next);
    const sizes = document.createElement('div');
    sizes.className = 'rd-size';
    sizes.setAttribute('role', 'group');
    sizes.setAttribute('aria-label', 'Text size');
    sizes.append(this.smaller, this.larger);
    bar.append(steps, sizes);
    this.page.className = 'rd-page';
    this.view.append(bar, this.page);
    mount.over.append(this.view);
    mount.toggleBefore.before(this.toggle);
    if (mount.toggleClass) this.toggle.className = `${mount.toggleClass} rd-toggle--own`;
    if (mount.over === document.body) this.view.classList.add('rd--window');
    const below = mount.below;
    if (below) {
      // The toolbar wraps onto more rows on a narrow window: the view starts under its last row.
      this.placeBelow = () => this.view.style.setProperty('top', `${Math.ceil(below.getBoundingClientRect().bottom) + 8}px`);
      window.addEventListener('resize', () => this.on && this.placeBelow());
    }

    const stored = Number(load(SIZE_KEY));
    this.setSize(Number.isInteger(stored) && load(SIZE_KEY) !== null ? stored : DEFAULT_SIZE, false);
    this.toggle.addEventListener('click', () => this.set(!this.on));
    this.smaller.addEventListener('click', () => this.setSize(this.size - 1));
    this.larger.addEventListener('click', () => this.setSize(this.size + 1));
    this.prev.addEventListener('click', () => deck.prev());
    this.next.addEventListener('click', () => deck.next());
    deck.on('slidechanged', () => this.render());
    deck.on('fragmentshown', () => this.render());
    deck.on('fragmenthidden', () => this.render());
    // Live reload swapped the slides' markup: the copy is of nodes that are gone.
    document.addEventListener('lectern:deck-updated', () => {
      this.shown = undefined;
      this.render();
    });
    this.set(load(ON_KEY) === '1', false);
  }

  get isOn(): boolean {
    return this.on;
  }

  /** Turns the reading view on or off; `remember`: keep the choice for the next visit. */
  set(on: boolean, remember = true): void {
    this.on = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.view.hidden = !on;
    document.body.classList.toggle(READING_CLASS, on);
    if (remember) save(ON_KEY, on ? '1' : '0');
    if (on) {
      this.placeBelow();
      this.shown = undefined;
      this.render();
    } else {
      this.watcher.disconnect();
      this.watched = undefined;
      // reveal.js laid the hidden deck out at a size of its own: lay it out for the window again.
      this.deck.layout();
    }
  }

  private setSize(index: number, remember = true): void {
    this.size = Math.min(Math.max(index, 0), READING_SIZES.length - 1);
    this.view.style.setProperty('--rd-scale', String(READING_SIZES[this.size]));
    this.smaller.disabled = this.size === 0;
    this.larger.disabled = this.size === READING_SIZES.length - 1;
    if (remember) save(SIZE_KEY, String(this.size));
  }

  /** One render per frame, however many changes the slide had. */
  private renderSoon(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    if (!this.on) return;
    const slide = this.deck.getCurrentSlide();
    if (!slide) return;
    if (this.watched !== slide) {
      this.watcher.disconnect();
      this.watcher.observe(slide, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['src', 'data-results', 'data-correct'] });
      this.watched = slide;
    }
    const total = this.deck.getTotalSlides();
    const number = this.deck.getSlides().indexOf(slide) + 1;
    const title = slideTitle(slide);
    this.position.textContent = `Slide ${number} of ${total}`;
    this.position.title = title ?? '';
    this.prev.disabled = this.deck.isFirstSlide() && !this.deck.availableFragments().prev;
    this.next.disabled = this.deck.isLastSlide() && !this.deck.availableFragments().next;
    const copy = readingCopy(slide);
    if (!copy.textContent?.trim() && !copy.querySelector('img, svg, video, audio, math')) {
      const empty = document.createElement('p');
      empty.className = 'rd-empty';
      empty.textContent = 'This slide has no text.';
      copy.append(empty);
    }
    this.page.replaceChildren(copy);
    // A new slide is read from its top; a fragment shown on the same slide keeps the reader's place.
    if (this.shown !== slide) this.view.scrollTop = 0;
    this.shown = slide;
  }
}
