// What the exporter's print page tells the client (client/lib/print.ts), beside the usual
// DeckPageData, and what the client hands back once the pages are laid out. The server and the
// browser bundle both import this file: nothing here may pull in server-only code.
import * as z from 'zod/mini';
import { deckPageData } from './page-data.ts';

const slideNumber = z.int().check(z.positive());

export const printData = z.object({
  /** Slide numbers as on screen, "h.v" → 1-based position in the whole deck (--slides prints a subset). */
  numbers: z.record(z.string().check(z.regex(/^\d+\.\d+$/)), slideNumber),
  /** Slides in the whole deck, the "t" of "c/t". */
  total: slideNumber,
  /** Handout header: the deck title and a line of author · event · date. */
  heading: z.object({ title: z.string(), detail: z.string() }),
});
export type PrintData = z.infer<typeof printData>;

/** The deck page's data; on the exporter's print page (server/pdf/print-page.ts) with `print`. */
export const printableDeckData = z.extend(deckPageData, { print: z.optional(printData) });
export type PrintableDeckData = z.infer<typeof printableDeckData>;

/** `<html data-lectern-print>`: "ready" once every page is laid out, or "error: <message>". */
export const PRINT_STATE_ATTRIBUTE = 'data-lectern-print';

/** `<html data-lectern-pages>`: JSON `[h, v][]`, the slide shown on each printed page, in order. */
export const PRINT_PAGES_ATTRIBUTE = 'data-lectern-pages';

/**
 * A slide zoomed below this to fit (client/lib/fit.ts) is one its author hears about: reveal.js's
 * own minimum scale, below which it would clip the slide instead.
 */
export const SMALL_FIT = 0.3;

/** A4 portrait in CSS pixels (96 per inch), the handout sheet. */
export const HANDOUT_PAGE = { width: 793, height: 1122, css: { width: '210mm', height: '297mm' } } as const;
