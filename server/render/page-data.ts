// What every page that shows a deck tells its script about the slides (shared/page-data.ts): the
// title, the slide size, the transition, the deck's reveal.js options and, for decks with
// diagrams, what draws them. Built here once for the deck page, the live pages and the print
// page, which each add their own fields.
import type { DeckView, JsonRecord } from '../../shared/page-data.ts';
import type { Deck } from '../deck/model.ts';

/** Slide height when the size comes from an aspect ("16:9" → 1280×720). */
const ASPECT_HEIGHT = 720;

/** reveal.js width/height for an aspect ("16:9" → 1280×720); anything unreadable is 16:9. */
export function slideSize(aspect: string): { width: number; height: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)\s*$/.exec(aspect);
  const ratio = match ? Number(match[1]) / Number(match[2]) : 16 / 9;
  const safe = Number.isFinite(ratio) && ratio > 0.3 && ratio < 4 ? ratio : 16 / 9;
  return { width: Math.round(ASPECT_HEIGHT * safe), height: ASPECT_HEIGHT };
}

/** The deck's slide size: its reveal.js width × height in pixels when it sets them, else from its aspect. */
export function deckSize(deck: Pick<Deck, 'meta'>, aspect?: string): { width: number; height: number } {
  const { width, height } = deck.meta.reveal;
  if (!aspect && typeof width === 'number' && typeof height === 'number' && width / height > 0.3 && width / height < 4) return { width, height };
  return slideSize(aspect ?? deck.meta.aspect);
}

export interface DeckViewOptions {
  /** Lay the slides out at another aspect than the deck's (the exporter's --size). */
  aspect?: string;
  /** Another transition than the deck's (none when printing). */
  transition?: string;
  /** The built module that draws diagrams (manifest "diagrams"), for decks that have them. */
  diagramsSrc?: string;
}

/** The deck's title, slide size, transition and options, as every slide page's data carries them. */
export function deckView(deck: Deck, options: DeckViewOptions = {}): DeckView {
  const { meta } = deck;
  const view: DeckView = {
    title: meta.title,
    ...deckSize(deck, options.aspect),
    transition: options.transition ?? meta.transition,
    // Validated JSON values (server/deck/reveal-options.ts), as the schema's JSON records are.
    reveal: { ...meta.reveal } as JsonRecord,
  };
  if (deck.features.mermaid && options.diagramsSrc) view.diagrams = { src: options.diagramsSrc, config: (meta.mermaid ?? {}) as JsonRecord };
  return view;
}
