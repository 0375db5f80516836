// A slide as a still picture: a copy of the deck's own section, at the deck's size, scaled down.
// The presenter view's grid and the deck page's speaker view show slides this way. Copies carry
// no ids, frames or media (nothing loads, plays or runs twice), and every fragment is shown.
import type { RevealApi } from 'reveal.js';
import type { DeckGeometry } from './reveal.ts';
import '../theme/thumbnail.css';

/** Elements a thumbnail never carries: they would load, play or run a second time. */
const HEAVY = 'iframe, video, audio, object, embed, aside.notes';

/** The slides in reveal's order (a stack's slides one after another), with their indices. */
export function flatSlides(deck: RevealApi): Array<{ h: number; v: number; section: HTMLElement }> {
  return deck.getSlides().map((section) => {
    const { h, v } = deck.getIndices(section);
    return { h, v: v ?? 0, section };
  });
}

/** The slide's background as reveal.js draws it (a colour, an image), outside the section itself. */
function copyBackground(source: RevealApi, section: HTMLElement, target: HTMLElement): void {
  const background = source.getSlideBackground(section);
  if (!background) return;
  const colour = getComputedStyle(background).backgroundColor;
  if (colour && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') target.style.backgroundColor = colour;
  const content = background.querySelector<HTMLElement>('.slide-background-content');
  if (!content) return;
  const style = getComputedStyle(content);
  if (style.backgroundImage !== 'none') {
    target.style.backgroundImage = style.backgroundImage;
    target.style.backgroundSize = style.backgroundSize;
    target.style.backgroundPosition = style.backgroundPosition;
    target.style.backgroundRepeat = style.backgroundRepeat;
  }
}

/** `width`: the picture's width in CSS pixels. */
export function thumbnail(source: RevealApi, section: HTMLElement, geometry: DeckGeometry, width: number): HTMLElement {
  const copy = section.cloneNode(true) as HTMLElement;
  for (const el of copy.querySelectorAll(HEAVY)) el.remove();
  for (const el of [copy, ...copy.querySelectorAll('[id]')]) el.removeAttribute('id');
  for (const el of copy.querySelectorAll('.fragment')) el.classList.add('visible');
  copy.removeAttribute('style');
  copy.removeAttribute('hidden');
  copy.removeAttribute('aria-hidden');
  copy.className = `${copy.className.replace(/\b(past|future|present|stack)\b/g, '')} present`;
  const slides = document.createElement('div');
  slides.className = 'slides';
  slides.append(copy);
  const deck = document.createElement('div');
  // The deck's theme classes, so the copy is drawn as the deck draws the slide.
  // `center`: the slide frame (theme/frame.css) centres a slide's content only in a centred deck.
  const themes = [...(source.getRevealElement()?.classList ?? [])].filter((c) => c.startsWith('theme-') || c === 'lectern-deck' || c === 'center');
  deck.className = ['reveal', ...themes, 'slide-thumb__deck'].join(' ');
  copyBackground(source, section, deck);
  deck.style.width = `${geometry.width}px`;
  deck.style.height = `${geometry.height}px`;
  deck.style.setProperty('--slide-height', `${geometry.height}px`);
  deck.style.transform = `scale(${width / geometry.width})`;
  deck.append(slides);
  const box = document.createElement('div');
  box.className = 'slide-thumb';
  box.style.aspectRatio = `${geometry.width} / ${geometry.height}`;
  box.setAttribute('aria-hidden', 'true');
  box.append(deck);
  return box;
}
