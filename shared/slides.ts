// A deck as the public sees it: its front matter, and its slides without the speaker notes. The
// one shape the deck API, live reload and the live pages send.

import type { QuestionMode } from './audience.ts';
import type { PublicPoll } from './polls.ts';
import type { RevealOptions } from './reveal-options.ts';

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
  /** Validated reveal.js options (revealOptions, reveal.json), width/height agreeing with `aspect`. */
  reveal: RevealOptions;
  /** A stylesheet the deck names as its theme (`theme: style.css`), relative to the deck's folder. */
  themeCss?: string;
  /** A highlight.js style name ("github", "base16/zenburn"); absent: the theme's own code colours. */
  highlightTheme?: string;
  /** The deck's own stylesheets (`css`), relative to the deck's folder. */
  css: string[];
  /** mermaid's configuration (front matter or reveal-md.json `mermaid:`), known keys only. */
  mermaid?: Record<string, unknown>;
  /** How the audience's questions reach the room in a live session (default "moderated"). */
  questions?: QuestionMode;
  /** The talk's length in seconds (`duration: 30m`), for the presenter view's countdown. */
  duration?: number;
  [key: string]: unknown;
}

export interface PublicSlide {
  /** Horizontal index, 0-based, as reveal.js counts. */
  h: number;
  /** Vertical index, 0-based; 0 for the top slide of a stack. */
  v: number;
  /** Plain-text title: the first heading, else the first line of text, else "Slide n". */
  title: string;
  /** Sanitized HTML of the slide body (without the <section> wrapper). */
  html: string;
  /** Attributes for the slide's <section> (sanitized). */
  attributes: Record<string, string>;
  /** The slide's ```poll, without its correct answers. */
  poll?: PublicPoll;
}
