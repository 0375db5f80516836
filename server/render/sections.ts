// Deck model → reveal.js <section> markup and the public (note-free) view of a deck.
// Shared by the deck page, the follower page, the presenter view and the PDF print view.
import type { Deck, Slide } from '../deck/model.ts';
import type { PublicSlide } from '../live/protocol.ts';
import { attributesHtml, escapeHtml } from './html.ts';

export function publicSlides(deck: Deck): PublicSlide[] {
  return deck.slides.map(({ h, v, title, html, attributes }) => ({ h, v, title, html, attributes }));
}

export interface RenderOptions {
  /** Include speaker notes as <aside class="notes"> (presenter view and PDF handouts only). */
  notes?: boolean;
}

function sectionHtml(slide: Slide, footer: string | undefined, options: RenderOptions): string {
  const notes = options.notes && slide.notes ? `<aside class="notes">${slide.notes}</aside>` : '';
  const foot = footer ? `<footer class="slide-footer">${escapeHtml(footer)}</footer>` : '';
  return (
    `<section${attributesHtml(slide.attributes)} data-lectern-h="${slide.h}" data-lectern-v="${slide.v}">` +
    `<div class="slide-content">${slide.html}</div>${foot}${notes}</section>`
  );
}

/** Horizontal slides as <section>s; a vertical stack as a <section> of <section>s. */
export function renderSections(deck: Deck, options: RenderOptions = {}): string {
  const stacks: Slide[][] = [];
  for (const slide of deck.slides) (stacks[slide.h] ??= []).push(slide);
  const footer = deck.meta.footer;
  return stacks
    .map((stack) =>
      stack.length === 1
        ? sectionHtml(stack[0], footer, options)
        : `<section>${stack.map((s) => sectionHtml(s, footer, options)).join('')}</section>`,
    )
    .join('\n');
}

/** reveal.js width/height for the deck's aspect ("16:9" → 1280×720). */
export function slideSize(aspect: string): { width: number; height: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)\s*$/.exec(aspect);
  const ratio = match ? Number(match[1]) / Number(match[2]) : 16 / 9;
  const safe = Number.isFinite(ratio) && ratio > 0.3 && ratio < 4 ? ratio : 16 / 9;
  const height = 720;
  return { width: Math.round(height * safe), height };
}
