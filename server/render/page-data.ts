// What every page that shows a deck tells its script about the slides (shared/page-data.ts): the
// title, the slide size and the transition. Built here once for the deck page, the live pages and
// the print page, which each add their own fields.
import type { DeckView } from '../../shared/page-data.ts';
import type { Deck } from '../deck/model.ts';

/** reveal.js width/height for an aspect ("16:9" → 1280×720); anything unreadable is 16:9. */
export function slideSize(aspect: string): { width: number; height: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)\s*$/.exec(aspect);
  const ratio = match ? Number(match[1]) / Number(match[2]) : 16 / 9;
  const safe = Number.isFinite(ratio) && ratio > 0.3 && ratio < 4 ? ratio : 16 / 9;
  const height = 720;
  return { width: Math.round(height * safe), height };
}

export interface DeckViewOptions {
  /** Lay the slides out at another aspect than the deck's (the exporter's --size). */
  aspect?: string;
  /** Another transition than the deck's (none when printing). */
  transition?: string;
}

/** The deck's title, slide size and transition, as every slide page's data carries them. */
export function deckView(deck: Deck, options: DeckViewOptions = {}): DeckView {
  const { meta } = deck;
  return { title: meta.title, ...slideSize(options.aspect ?? meta.aspect), transition: options.transition ?? meta.transition };
}
