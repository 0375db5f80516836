// A slide as the public sees it: everything but the speaker notes. The one shape the deck API,
// live reload and the live pages send.

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
}
