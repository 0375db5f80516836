// The deck model: what the pure parser produces and what the HTTP app, the presenter
// view and the PDF exporter all consume. Plain data only, so it crosses JSON unchanged.

import type { DeckMeta } from '../../shared/slides.ts';

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
  warnings: DeckWarning[];
  features: DeckFeatures;
}

/** A problem with a deck's source, located so an author can fix it. */
export class DeckError extends Error {
  constructor(
    message: string,
    /** 'too-complex': over a parse limit (nesting, emphasis, time, memory: limits.ts, parse-pool.ts). */
    readonly code: 'front-matter' | 'too-large' | 'too-complex' | 'unreadable' | 'empty' | 'not-found',
    /** 1-based line in the file, when known. */
    readonly line?: number,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'DeckError';
  }

  /** The source lines around `line`, for error pages (set at the file-system boundary). */
  excerpt?: Array<{ line: number; text: string }>;

  /** "decks/talk.md:3: bad indentation" — the form editors and terminals make clickable. */
  get location(): string {
    const where = [this.file, this.line].filter((p) => p !== undefined).join(':');
    return where ? `${where}: ${this.message}` : this.message;
  }
}
