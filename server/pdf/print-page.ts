// The page the exporter prints: the deck page's markup (server/http/pages.ts deckPage) for the
// chosen slides, with speaker notes only when a handout was asked for. It is served by the
// exporter's private print server, never by the public app, so notes stay private.
import type { LoadedDeck } from '../decks/load.ts';
import type { Deck } from '../deck/model.ts';
import { revealMarkup } from '../render/reveal.ts';
import { deckView } from '../render/page-data.ts';
import { layout } from '../http/pages.ts';
import { deckStyles, diagramsSrc } from '../http/assets.ts';
import type { ExportOptions } from './options.ts';
import type { PrintableDeckData, PrintData } from '../../shared/print.ts';
import type { FontPreloads } from './font-preloads.ts';

export interface PrintPage {
  html: string;
  /** The client bundle the page runs: `print` (pages laid out without reveal.js) or `deck` (reveal's print view). */
  bundle: 'print' | 'deck';
  /** Query string for reveal.js's print view and client/lib/print.ts. */
  query: string;
  /** The slide's layout size in CSS pixels. */
  geometry: { width: number; height: number };
  /** Slides printed, in order (a subset with --slides). */
  slides: Deck['slides'];
}

/**
 * Whether a deck needs reveal.js's own print view: fitted text (r-fit-text, measured by reveal's
 * code), stretched media (r-stretch) and video or iframe backgrounds. Every other deck prints
 * from the lighter `print` bundle (client/lib/print-pages.ts), which builds the same pages.
 */
export function needsRevealPrint(slides: Deck['slides']): boolean {
  const revealOnly = /\b(r-fit-text|r-stretch|stretch)\b/;
  return slides.some(
    (slide) => revealOnly.test(slide.html) || 'data-background-video' in slide.attributes || 'data-background-iframe' in slide.attributes,
  );
}

/** The warm-up page (tabs.ts): the print bundle's CSS, fonts and JavaScript, loaded but not run. */
export function warmPage(preloads: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="/assets/print.css"><link rel="modulepreload" href="/assets/print.js">
${preloads}</head><body><div class="reveal"><div class="slides"><section><h2>Lectern</h2><p>warming <b>up</b> <em>fonts</em> <code>code</code></p></section></div></div></body></html>`;
}

/**
 * Both print views take the print bundle's stylesheet: the deck page's styles with the theme's
 * fonts as static TrueType instances (scripts/print-fonts.ts), where the deck bundle's would
 * bring the variable fonts Chromium embeds as Type 3. Their faces for other scripts come first,
 * from print-scripts.css, when the page has characters they cover (font-preloads.ts).
 */
function printStyles(html: string, bundle: PrintPage['bundle']): string {
  return bundle === 'deck' ? html.replace('<link rel="stylesheet" href="/assets/deck.css">', PRINT_CSS) : html;
}

const PRINT_CSS = '<link rel="stylesheet" href="/assets/print.css">';

/**
 * `auto` prints from the light page unless the deck needs reveal.js (needsRevealPrint); `reveal`
 * always goes through reveal's print view, so tests and benchmarks can hold the two side by side.
 */
export type PrintView = 'auto' | 'reveal';

export function printPage(loaded: LoadedDeck, options: ExportOptions, fonts?: FontPreloads, printView: PrintView = 'auto'): PrintPage {
  const { deck } = loaded;
  const { meta } = deck;
  // --size with another aspect lays the slide out at that aspect, as `aspect:` in the front matter would.
  const view = deckView(deck, { aspect: options.size && `${options.size.width}:${options.size.height}`, transition: 'none', diagramsSrc: diagramsSrc() });
  const wanted = options.slides ? new Set(options.slides) : undefined;
  const slides = wanted ? deck.slides.filter((_, i) => wanted.has(i + 1)) : deck.slides;
  const numbers: Record<string, number> = {};
  deck.slides.forEach((slide, i) => {
    if (!wanted || wanted.has(i + 1)) numbers[`${slide.h}.${slide.v}`] = i + 1;
  });
  const print: PrintData = {
    numbers,
    total: deck.slides.length,
    heading: { title: meta.title, detail: [meta.author, meta.event, meta.date].filter(Boolean).join(' · ') },
    ...(options.pollResults ? { polls: options.pollResults } : {}),
  };
  const data: PrintableDeckData = { slug: loaded.slug, ...view, watch: false, print };
  const body = revealMarkup({ ...deck, slides }, { id: 'lectern-deck', notes: Boolean(options.notes) });
  const handout = options.notes ? 'notes=1' : options.handout ? `handout=${options.handout}` : '';
  const paper = handout && options.paper === 'letter' ? 'paper=letter' : '';
  const query = ['view=print', options.fragments ? 'fragments=1' : '', handout, paper].filter(Boolean).join('&');
  const bundle = printView === 'reveal' || needsRevealPrint(slides) ? 'deck' : 'print';
  const html = printStyles(layout({ title: meta.title, bundle, body, data, bodyClass: 'page-deck print-view', styles: deckStyles(loaded, true) }), bundle);
  // reveal.js's print view writes text of its own: it always gets them.
  const scripts = bundle === 'deck' || !fonts || fonts.needsScriptFaces(html, loaded.stylesheet?.css);
  return {
    bundle,
    html: (scripts ? html.replace(PRINT_CSS, `<link rel="stylesheet" href="/assets/print-scripts.css">${PRINT_CSS}`) : html).replace('</head>', `${fonts?.forPage(body) ?? ''}\n</head>`),
    query: `?${query}`,
    geometry: { width: view.width, height: view.height },
    slides,
  };
}
