// The presenter view's slide grid (Esc or G): every slide as a thumbnail, the one on the
// speaker's screen and the one followers see marked; choosing one jumps there in one move. The
// thumbnails are copies of the current deck's own sections, built each time the grid opens, so
// an edited deck shows its new slides (lib/thumbnail.ts).
import type { RevealApi } from 'reveal.js';
import type { Position } from '../../shared/positions.ts';
import type { DeckGeometry } from '../lib/reveal.ts';
import { flatSlides, thumbnail } from '../lib/thumbnail.ts';
import { el } from '../lib/dom.ts';

export interface GridSource {
  deck: RevealApi;
  geometry: DeckGeometry;
  /** Where followers are (the session's state), if known. */
  live(): Position | undefined;
  /** Moves the deck to a slide: one move for followers. */
  jump(h: number, v: number): void;
}

/** Thumbnail width in CSS pixels: the grid's columns are this wide. */
const THUMB_WIDTH = 336;

export class SlideGrid {
  private readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private returnFocus?: HTMLElement;

  constructor(private readonly source: GridSource) {
    this.root = document.createElement('div');
    this.root.className = 'pv-grid';
    this.root.id = 'lectern-grid';
    this.root.hidden = true;
    this.root.setAttribute('role', 'dialog');
    this.root.setAttribute('aria-modal', 'true');
    this.root.setAttribute('aria-labelledby', 'lectern-grid-title');
    const head = el('header', 'pv-grid__head');
    const title = document.createElement('h2');
    title.id = 'lectern-grid-title';
    title.textContent = 'All slides';
    const hint = el('p', 'pv-grid__hint', 'Choose a slide, or type its number and press Enter · Esc closes');
    const close = el('button', 'pv-button pv-button--quiet', 'Close');
    close.type = 'button';
    close.addEventListener('click', () => this.close());
    head.append(title, hint, close);
    this.list = el('ol', 'pv-grid__list');
    this.list.addEventListener('keydown', (event) => this.arrows(event));
    this.root.append(head, this.list);
    document.body.append(this.root);
    // A touch screen (a tablet at the lectern) has no G key: the controls get a button.
    const opener = document.createElement('button');
    opener.type = 'button';
    opener.className = 'pv-button pv-button--big pv-button--quiet';
    opener.id = 'lectern-open-grid';
    opener.setAttribute('aria-keyshortcuts', 'G Escape');
    opener.textContent = 'All slides';
    opener.addEventListener('click', () => this.open());
    document.getElementById('lectern-blackout')?.before(opener);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  open(): void {
    const { deck, geometry } = this.source;
    const live = this.source.live();
    const { h: ch, v: cv } = deck.getIndices();
    const items = flatSlides(deck).map(({ h, v, section }, i) => {
      const current = h === ch && (v ?? 0) === (cv ?? 0);
      const isLive = live !== undefined && live.h === h && live.v === v;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'pv-thumb';
      button.dataset.h = String(h);
      button.dataset.v = String(v);
      if (current) button.setAttribute('aria-current', 'true');
      if (isLive) button.dataset.live = 'true';
      const caption = document.createElement('span');
      caption.className = 'pv-thumb__caption';
      const number = document.createElement('span');
      number.className = 'pv-thumb__n';
      number.textContent = String(i + 1);
      const name = document.createElement('span');
      name.className = 'pv-thumb__title';
      // The slide's heading as text (never its markup), for the caption and the button's name.
      name.textContent = section.querySelector('h1, h2, h3, h4, h5, h6')?.textContent?.trim() || `Slide ${i + 1}`;
      caption.append(number, name);
      for (const [on, text, kind] of [[current, 'Here', 'here'], [isLive, 'Live', 'live']] as const) {
        if (!on) continue;
        const tag = document.createElement('span');
        tag.className = `pv-thumb__tag pv-thumb__tag--${kind}`;
        tag.textContent = text;
        caption.append(tag);
      }
      button.append(thumbnail(deck, section, geometry, THUMB_WIDTH), caption);
      button.addEventListener('click', () => {
        this.close();
        this.source.jump(h, v);
      });
      const item = document.createElement('li');
      item.append(button);
      return item;
    });
    this.list.replaceChildren(...items);
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    this.root.hidden = false;
    document.body.classList.add('has-grid');
    this.behind(true);
    const here = this.list.querySelector<HTMLElement>('[aria-current="true"]') ?? this.list.querySelector<HTMLElement>('button');
    here?.focus();
    here?.scrollIntoView({ block: 'center' });
  }

  close(): void {
    if (!this.isOpen) return;
    this.root.hidden = true;
    document.body.classList.remove('has-grid');
    this.behind(false);
    this.list.replaceChildren();
    this.returnFocus?.focus({ preventScroll: true });
  }

  /** The view behind the grid takes no focus or clicks while the grid is open (a modal dialog). */
  private behind(inert: boolean): void {
    for (const el of document.querySelectorAll<HTMLElement>('.pv-bar, .pv-main, .pv-controls')) el.inert = inert;
  }

  /** Arrow keys move between thumbnails, row by row as the grid lays them out. */
  private arrows(event: KeyboardEvent): void {
    const buttons = [...this.list.querySelectorAll<HTMLElement>('.pv-thumb')];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const top = (i: number) => buttons[i]?.getBoundingClientRect().top ?? 0;
    const firstOfRow2 = buttons.findIndex((_, i) => top(i) !== top(0));
    const columns = firstOfRow2 > 0 ? firstOfRow2 : buttons.length;
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, at + step))]?.focus();
  }
}
