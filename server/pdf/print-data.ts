// What the exporter's print page tells the client (client/lib/print.ts), beside the usual
// DeckPageData, and what the client hands back once the pages are laid out. Types only: the
// server and the browser bundle both import this file.

export interface PrintData {
  /** Slide numbers as on screen, "h.v" → 1-based position in the whole deck (--slides prints a subset). */
  numbers: Record<string, number>;
  /** Slides in the whole deck, the "t" of "c/t". */
  total: number;
  /** Handout header: the deck title and a line of author · event · date. */
  heading: { title: string; detail: string };
}

/** `<html data-lectern-print>`: "ready" once every page is laid out, or "error: <message>". */
export const PRINT_STATE_ATTRIBUTE = 'data-lectern-print';

/** `<html data-lectern-pages>`: JSON `[h, v][]`, the slide shown on each printed page, in order. */
export const PRINT_PAGES_ATTRIBUTE = 'data-lectern-pages';

/** A4 portrait in CSS pixels (96 per inch), the handout sheet. */
export const HANDOUT_PAGE = { width: 793, height: 1122, css: { width: '210mm', height: '297mm' } } as const;
