// The deck model: what the pure parser produces and what the HTTP app, the presenter
// view and the PDF exporter all consume. Plain data only, so it crosses JSON unchanged. A deck
// the parser refuses is a LecternError (shared/errors.ts) located at its file and line.

/** Front matter, with defaults applied. Unknown keys are kept (reveal-md decks carry their own). */
export interface DeckMeta {
  title: string;
  author?: string;
  event?: string;
  date?: string;
  footer?: string;
  theme: string;
  transition: string;
  /** "16:9" (default), "4:3", "16:10", ... */
  aspect: string;
  separator: string;
  verticalSeparator: string;
  notesSeparator: string;
  [key: string]: unknown;
}

export interface Slide {
  /** Horizontal index, 0-based, as reveal.js counts. */
  h: number;
  /** Vertical index, 0-based; 0 for the top slide of a stack. */
  v: number;
  /** Plain-text title: the first heading, else the first line of text, else "Slide n". */
  title: string;
  /** Sanitized HTML of the slide body (without the <section> wrapper). */
  html: string;
  /** Sanitized HTML of the speaker notes; "" when there are none. Never sent to the public. */
  notes: string;
  /** Attributes for the slide's <section> from `<!-- .slide: ... -->` comments (sanitized). */
  attributes: Record<string, string>;
  /** 1-based line in the source file where this slide starts (for error messages and editors). */
  line: number;
}

export interface Deck {
  meta: DeckMeta;
  slides: Slide[];
}
