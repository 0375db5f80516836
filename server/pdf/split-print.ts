// A long deck prints in two browser tabs at once, each laying out and printing half of the
// slides, and the two files are joined (merge.ts). A tab's renderer lays out and prints on one
// thread, so one tab leaves the second core idle for most of an export: for 200 slides, layout
// and printing are ~0.65 s of the renderer's CPU. Short decks print in one tab, where opening
// the second costs more than it saves (`npm run bench:export` has both sizes), and so does a deck
// exported beside another (exporter.ts asks only when it is idle). The halves print the same
// pages one print would (a test holds them side by side, page by page).
import os from 'node:os';
import type { LoadedDeck } from '../decks/load.ts';
import type { ExportOptions } from './options.ts';
import { needsRevealPrint, type PrintView } from './print-page.ts';
import { MAX_MISSING_GLYPHS, type MissingGlyph } from '../../shared/print.ts';
import type { BlockedRequest } from './guard.ts';
import { joinPrinted, readPrinted } from './merge.ts';
import type { ObjectFile } from './pdf-objects.ts';

/** Decks of fewer slides print in one tab. */
export const SPLIT_MIN_SLIDES = 80;

/** The first tab's share of the markup. */
const FIRST_SHARE = 0.54;

/**
 * A link to another slide (`#/3`, `#intro`, a `navigate-*` class) points at a page of the same
 * document (client/lib/print-links.ts), which the other half does not have.
 */
const LINKS_BETWEEN_SLIDES = /\shref\s*=\s*["']?#|\bnavigate-(?:next|prev|left|right|up|down)\b/;

/**
 * The deck's printed slides (1-based) in two runs of about equal markup, or undefined when the
 * deck prints in one tab: short, a handout (sheets hold several slides), reveal.js's print view,
 * links between slides, or a machine with one core.
 */
export function printHalves(loaded: LoadedDeck, options: ExportOptions, printView: PrintView = 'auto', cores = os.availableParallelism()): [number[], number[]] | undefined {
  if (cores < 2 || options.handout || options.notes || printView === 'reveal') return undefined;
  const wanted = options.slides ? new Set(options.slides) : undefined;
  const numbers = loaded.deck.slides.map((_, i) => i + 1).filter((n) => !wanted || wanted.has(n));
  if (numbers.length < SPLIT_MIN_SLIDES) return undefined;
  const slides = numbers.map((n) => loaded.deck.slides[n - 1]!);
  if (needsRevealPrint(slides) || slides.some((slide) => LINKS_BETWEEN_SLIDES.test(slide.html))) return undefined;
  const weights = slides.map((slide) => slide.html.length + 200);
  const total = weights.reduce((sum, w) => sum + w, 0);
  // The second half starts ~50 ms later, in a new window on a renderer with nothing cached: the
  // first takes a little more (the 200-slide export: ~20 ms sooner done, 13 interleaved runs).
  let cut = 0;
  for (let sum = 0; cut < numbers.length - 1 && sum + weights[cut]! <= total * FIRST_SHARE; cut++) sum += weights[cut]!;
  cut = Math.min(Math.max(cut, 1), numbers.length - 1);
  return [numbers.slice(0, cut), numbers.slice(cut)];
}

/**
 * Prints both halves at once (`print` prints one) and joins the two files, each read as it comes,
 * the first while the other still prints; `joined` is undefined when they do not join (merge.ts).
 */
export async function printJoined<P extends { raw: Uint8Array }>(halves: [number[], number[]], print: (slides: number[], first: boolean) => Promise<P>): Promise<{ a: P; b: P; joined?: ObjectFile }> {
  const read = (half: Promise<P>) => half.then((printed) => [printed, readPrinted(printed.raw)] as const);
  const [[a, first], [b, second]] = await Promise.all([read(print(halves[0], true)), read(print(halves[1], false))]);
  return { a, b, joined: first && second && joinPrinted(first, second) };
}

/** The characters without a font in either half, each with the slides of both. */
export function joinMissingGlyphs(first: MissingGlyph[], second: MissingGlyph[]): MissingGlyph[] {
  const byChar = new Map<string, number[]>();
  for (const { char, slides } of [...first, ...second]) byChar.set(char, [...(byChar.get(char) ?? []), ...slides]);
  return [...byChar].slice(0, MAX_MISSING_GLYPHS).map(([char, slides]) => ({ char, slides: [...new Set(slides)].sort((a, b) => a - b) }));
}

/** Requests refused in either half, each once (a stylesheet's are asked for by both). */
export function joinBlocked(first: BlockedRequest[], second: BlockedRequest[]): BlockedRequest[] {
  const seen = new Set<string>();
  return [...first, ...second].filter((b) => {
    const key = `${b.reason} ${b.host} ${b.url}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
