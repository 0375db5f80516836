// Deck model → reveal.js markup: the <section>s of the slides, the `.reveal` wrapper around them,
// and the public (note-free) view of a deck. One builder for every page that shows slides: the
// deck page, the follower page, the presenter view and the PDF print page.
import type { Deck, Slide } from '../deck/model.ts';
import type { PublicSlide } from '../../shared/slides.ts';
import type { SlideNotes } from '../../shared/protocol.ts';
import { attributesHtml, escapeHtml } from './html.ts';
import { publicPoll } from '../../shared/polls.ts';
import { localPath, mapHtmlUrls } from '../deck/references.ts';

export function publicSlides(deck: Deck): PublicSlide[] {
  return deck.slides.map(({ h, v, title, html, attributes, poll }) => ({ h, v, title, html, attributes, ...(poll && { poll: publicPoll(poll) }) }));
}

/** The speaker notes by slide (sanitized HTML), for the presenter view and the local speaker view only. */
export function slideNotes(deck: Deck): SlideNotes[] {
  return deck.slides.filter((s) => s.notes).map(({ h, v, notes }) => ({ h, v, html: notes }));
}

export interface RenderOptions {
  /** Include speaker notes as <aside class="notes"> (presenter view and PDF handouts only). */
  notes?: boolean;
  /**
   * Where the deck's own files are served ("/decks/<slug>/"), for a page that is not at the
   * deck's URL (the live pages) or markup sent to such pages (live reload): the slides' relative
   * URLs (images beside the deck) are put under it. Without it they stay relative to the page.
   */
  assetBase?: string;
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
  const html = stacks
    .map((stack) =>
      stack.length === 1
        ? sectionHtml(stack[0]!, footer, options)
        : `<section>${stack.map((s) => sectionHtml(s, footer, options)).join('')}</section>`,
    )
    .join('\n');
  const base = options.assetBase;
  return base === undefined ? html : mapHtmlUrls(html, (url) => (localPath(url) === undefined ? undefined : `${base}${url.trim()}`));
}

export interface RevealOptions extends RenderOptions {
  /** The element's id: in the "lectern-" namespace authors cannot use (deck/sanitize.ts). */
  id: string;
  /** Its accessible name, where the page has more than one deck or needs one. */
  label?: string;
  /** The slide theme's name, for an empty element (the deck's otherwise). */
  theme?: string;
}

/** The `.reveal` element reveal.js runs in, with `deck`'s slides, or empty (filled by script). */
export function revealMarkup(deck: Deck | undefined, options: RevealOptions): string {
  const label = options.label === undefined ? '' : ` aria-label="${escapeHtml(options.label)}"`;
  const slides = deck ? `\n${renderSections(deck, options)}\n` : '';
  const theme = /^[a-z-]+$/.test(deck?.meta.theme ?? options.theme ?? '') ? (deck?.meta.theme ?? options.theme) : 'lectern';
  return `<div class="reveal lectern-deck theme-${theme}" id="${options.id}"${label}><div class="slides">${slides}</div></div>`;
}
