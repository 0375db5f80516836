// The deck model: what the pure parser produces and what the HTTP app, the presenter
// view and the PDF exporter all consume. Plain data only, so it crosses JSON unchanged. A deck
// the parser refuses is a LecternError (shared/errors.ts) located at its file and line.

import type { DeckMeta, PublicSlide } from '../../shared/slides.ts';

export type { DeckMeta };

/**
 * Something an author should know that does not stop the deck (an unclosed code block, a
 * misspelt key, an option that is ignored). `file` is set at the file-system boundary.
 */
export interface DeckWarning {
  line?: number;
  message: string;
  file?: string;
}

/** What a deck uses that its pages must load (only for the decks that use it). */
export interface DeckFeatures {
  /** Server-rendered KaTeX: the page needs KaTeX's stylesheet and fonts. */
  math: boolean;
  /** `<pre class="mermaid">` placeholders for the page to draw. */
  mermaid: boolean;
  /** Code blocks with line highlights or steps (hljs-ln markup). */
  lineNumbers: boolean;
}

/**
 * A slide as the parser makes it: the public slide (its `attributes` from `<!-- .slide: ... -->`
 * comments) and what only its author and presenter see.
 */
export interface Slide extends PublicSlide {
  /** Sanitized HTML of the speaker notes; "" when there are none. Never sent to the public. */
  notes: string;
  /** 1-based line in the source file where this slide starts (for error messages and editors). */
  line: number;
}

/** A file a slide loads from beside the deck (deck-relative path), at the slide's line. */
export interface DeckReference {
  path: string;
  line: number;
}

export interface Deck {
  meta: DeckMeta;
  slides: Slide[];
  warnings: DeckWarning[];
  features: DeckFeatures;
  /** Files the slides and notes load from beside the deck (server/deck/references.ts). */
  references?: DeckReference[];
}
