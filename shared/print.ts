// What the exporter's print page tells the client (client/lib/print.ts), beside the usual
// DeckPageData, and what the client hands back once the pages are laid out. The server and the
// browser bundle both import this file: nothing here may pull in server-only code.
import * as z from 'zod/mini';
import { deckPageData } from './page-data.ts';
import { POLL_ID_PATTERN, POLL_MAX_CHOICES } from './polls.ts';

const slideNumber = z.int().check(z.positive());
const choiceIndex = z.int().check(z.minimum(0), z.maximum(POLL_MAX_CHOICES - 1));

/** Answers counted per choice, at most this many for one choice (a billion: no real audience is larger). */
export const MAX_POLL_COUNT = 1_000_000_000;

/** A poll's results printed on its slide (`--poll-results`): answers per choice and the quiz's correct choices. */
export const printedPollResult = z.object({
  counts: z.array(z.int().check(z.minimum(0), z.maximum(MAX_POLL_COUNT))).check(z.maxLength(POLL_MAX_CHOICES)),
  correct: z.array(choiceIndex).check(z.maxLength(POLL_MAX_CHOICES)),
});
export type PrintedPollResult = z.infer<typeof printedPollResult>;

export const printData = z.object({
  /** Slide numbers as on screen, "h.v" → 1-based position in the whole deck (--slides prints a subset). */
  numbers: z.record(z.string().check(z.regex(/^\d+\.\d+$/)), slideNumber),
  /** Slides in the whole deck, the "t" of "c/t". */
  total: slideNumber,
  /** Handout header: the deck title and a line of author · event · date. */
  heading: z.object({ title: z.string(), detail: z.string() }),
  /** Results drawn on the poll slides, by poll id (`--poll-results`); none when absent. */
  polls: z.optional(z.record(z.string().check(z.regex(POLL_ID_PATTERN)), printedPollResult)),
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

/** Handout sheets, portrait, in CSS pixels (96 per inch) and as CSS lengths for printing. */
export const HANDOUT_PAPERS = {
  a4: { width: 793, height: 1122, css: { width: '210mm', height: '297mm' } },
  letter: { width: 816, height: 1056, css: { width: '8.5in', height: '11in' } },
} as const;

export type Paper = keyof typeof HANDOUT_PAPERS;

/** The sheet handouts print on unless told otherwise. */
export const HANDOUT_PAGE = HANDOUT_PAPERS.a4;

/** `<html data-lectern-missing-glyphs>`: JSON `[char, slideNumbers][]`, characters no font on the machine could draw. */
export const PRINT_MISSING_ATTRIBUTE = 'data-lectern-missing-glyphs';

/** A character printed as a "no glyph" box, and the slides (1-based, as in the deck) it is on. */
export interface MissingGlyph {
  char: string;
  slides: number[];
}

/** At most this many missing characters are reported: a deck in an unsupported script is one line. */
export const MAX_MISSING_GLYPHS = 100;

/**
 * TrueType CJK families the print page uses by name (scripts/print-fonts.ts): Debian's
 * fonts-wqy-microhei (CJK_FONT_PACKAGE, which the set-up installs) and the usual Windows and
 * macOS ones. CFF-outline CJK fonts (Noto Sans CJK, Source Han) would embed as Type 3.
 */
export const CJK_FAMILIES = {
  han: ['WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Droid Sans Fallback', 'Microsoft YaHei', 'Yu Gothic', 'Meiryo', 'PingFang SC'],
  hangul: ['WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', 'Malgun Gothic', 'Apple SD Gothic Neo'],
} as const;

/** The Debian package with a TrueType CJK font (Chinese, Japanese, Korean): 5 MB installed. */
export const CJK_FONT_PACKAGE = 'fonts-wqy-microhei';
