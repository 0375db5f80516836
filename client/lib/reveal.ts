// One reveal.js set-up for every page that shows slides (deck page, follower page, presenter
// previews, print view), so they all lay out a slide the same way.
import Reveal from 'reveal.js';
import type { RevealApi, RevealConfig } from 'reveal.js';
import 'reveal.js/reset.css';
import 'reveal.js/reveal.css';
// The slide theme (Lectern's or one of reveal.js's) and the deck's own styles are stylesheets the
// page links in <head> (server/http/assets.ts deckStyleTags): only the ones the deck uses.
import '../theme/frame.css';
import '../theme/poll.css';
import type { Position } from '../../shared/positions.ts';
import { fitAllSlides, fitSlide } from './fit.ts';
import { sandboxFrames } from './sandbox-frames.ts';
import '../theme/reader-prefs.css';

export interface DeckGeometry {
  width: number;
  height: number;
  transition?: string;
  /** The deck's reveal.js options (validated by the server: shared/page-data.ts). */
  reveal?: Record<string, unknown>;
}

/** Which page a deck is shown on: each honours the deck's options that make sense there. */
export type DeckRole = 'deck' | 'follow' | 'presenter' | 'preview' | 'print';

/**
 * Options Lectern sets itself on every page: the slide box and transition come from the page
 * data, print and scroll views from the URL, and cross-window messaging is never on.
 */
const LECTERN_OWNED = new Set([
  'width', 'height', 'transition', 'embedded', 'view', 'scrollActivationWidth', 'scrollLayout', 'scrollSnap', 'scrollProgress',
  'pdfMaxPagesPerSlide', 'pdfSeparateFragments', 'pdfPageHeightOffset', 'showNotes', 'postMessage', 'postMessageEvents', 'display',
]);
/** Options that would move a live page on its own, or make followers' slides differ from the speaker's. */
const LIVE_OWNED = new Set(['hash', 'history', 'respondToHashChanges', 'fragmentInURL', 'shuffle', 'autoSlide', 'autoSlideStoppable', 'pause', 'overview', 'help', 'jumpToSlide', 'loop']);
/** What a preview or a printed page takes from the deck: how a slide is laid out. */
const LAYOUT = new Set(['margin', 'minScale', 'maxScale', 'center', 'rtl', 'disableLayout', 'slideNumber', 'showSlideNumber', 'hashOneBasedIndex', 'navigationMode', 'autoAnimate', 'parallaxBackgroundImage', 'parallaxBackgroundSize', 'parallaxBackgroundRepeat', 'parallaxBackgroundPosition', 'parallaxBackgroundHorizontal', 'parallaxBackgroundVertical']);

/** The deck's options this page honours. */
export function deckOptions(options: Record<string, unknown> | undefined, role: DeckRole): RevealConfig {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (LECTERN_OWNED.has(key)) continue;
    if ((role === 'follow' || role === 'presenter') && LIVE_OWNED.has(key)) continue;
    if ((role === 'preview' || role === 'print') && !LAYOUT.has(key)) continue;
    out[key] = value;
  }
  return out as RevealConfig;
}

export type { RevealApi };

export function isPrintView(): boolean {
  return /(^|[?&])view=print(&|$)/.test(window.location.search);
}

export function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Below this width a portrait screen is a phone held upright. */
const PORTRAIT_MAX_WIDTH = 700;

/**
 * The slide box for this screen. A 16:9 slide on an upright 390-px phone would set body text
 * near 11 px, so upright phones get a portrait box of the same width as the landscape one's
 * height (720) and the screen's proportions: text reflows and stays readable (about 22 px).
 */
export function slideBox(geometry: DeckGeometry, allowPortrait: boolean): { width: number; height: number; portrait: boolean } {
  const { innerWidth: w, innerHeight: h } = window;
  if (allowPortrait && w < h && w <= PORTRAIT_MAX_WIDTH && geometry.width > geometry.height) {
    const width = geometry.height;
    const height = Math.round(Math.min(Math.max((width * h) / w, width * 1.25), width * 2.2));
    return { width, height, portrait: true };
  }
  return { width: geometry.width, height: geometry.height, portrait: false };
}

export async function startReveal(
  element: HTMLElement,
  geometry: DeckGeometry,
  role: DeckRole,
  overrides: RevealConfig = {},
  /** Called as soon as the instance exists, before fonts and fitting: pages expose it as window.Reveal. */
  onCreate?: (deck: RevealApi) => void,
  /** Open here rather than on the URL's slide (the follower page: the live slide). */
  openAt?: Position,
): Promise<RevealApi> {
  const print = isPrintView();
  const allowPortrait = !print && !overrides.embedded;
  let box = slideBox(geometry, allowPortrait);
  const setBox = () => {
    element.classList.toggle('lectern-portrait', box.portrait);
    element.style.setProperty('--slide-height', `${box.height}px`);
  };
  setBox();
  sandboxFrames(element);
  const deck = new Reveal(element, {
    margin: 0.04,
    center: true,
    hash: !print,
    respondToHashChanges: true,
    history: false,
    controls: true,
    controlsTutorial: false,
    progress: true,
    slideNumber: 'c/t',
    showSlideNumber: print ? 'print' : 'all',
    keyboard: true,
    touch: true,
    overview: true,
    // A reader who asked their system for less motion gets slides that change without moving.
    transition: reducedMotion() ? 'none' : ((geometry.transition as RevealConfig['transition']) ?? 'slide'),
    ...(reducedMotion() ? { backgroundTransition: 'none' as const } : {}),
    // Phones keep the slide view (followers swipe slides); reveal would switch to scroll view.
    scrollActivationWidth: 0,
    pdfSeparateFragments: /(^|[?&])fragments=1(&|$)/.test(window.location.search),
    pdfMaxPagesPerSlide: 1,
    // PageUp/PageDown (clickers) already map to prev/next in reveal.js.
    ...deckOptions(geometry.reveal, print ? 'print' : role),
    ...overrides,
    width: box.width,
    height: box.height,
    // Print view: a PDF page is exactly one slide (reveal would add the margin around it).
    ...(print ? { margin: 0 } : {}),
  });
  onCreate?.(deck);
  // A slide's fit depends on the slide box, the fonts and its content, not on the window's size
  // (reveal scales the whole box), so slides are fitted when one of those changes. On screen the
  // slide in view is fitted at once (on `slidechanged`, which reveal also dispatches for the first
  // slide during initialize()) and the others when the browser is idle: fitting every slide
  // before the first frame delays the deck by that much. The print view shows every
  // slide at once, so it fits them all. reveal centres a slide by its height, so a slide whose
  // scale changed is centred again (deck.layout()).
  const fitCurrent = () => {
    const current = deck.getCurrentSlide();
    if (current && fitSlide(current, box.width, box.height)) deck.layout();
  };
  const fitAll = () => {
    if (fitAllSlides(element, box.width, box.height)) deck.layout();
  };
  let idleFit: number | undefined;
  const fitRestWhenIdle = () => {
    if (idleFit !== undefined) return;
    idleFit = whenIdle(() => {
      idleFit = undefined;
      fitAll();
    });
  };
  const refit = () => {
    if (print) return fitAll();
    fitCurrent();
    fitRestWhenIdle();
  };
  deck.on('ready', print ? fitAll : fitRestWhenIdle);
  deck.on('resize', () => {
    const next = slideBox(geometry, allowPortrait);
    const changed = next.width !== box.width || next.height !== box.height;
    if (changed) {
      box = next;
      setBox();
      deck.configure({ width: box.width, height: box.height });
    }
    if (changed || print) refit();
  });
  deck.on('slidechanged', fitCurrent);
  if (openAt) {
    // initialize() moves to the slide in the URL (the first without one): redirect that first move,
    // so the slides around `openAt` are the ones laid out, and the first frame shows the right one.
    const redirect = (event: Event) => {
      deck.off('beforeslidechange', redirect);
      event.preventDefault();
      deck.slide(openAt.h, openAt.v, openAt.f);
    };
    deck.on('beforeslidechange', redirect);
  }
  // reveal lays the print view out asynchronously, after initialize(); wait for it.
  const printLaidOut = new Promise<void>((resolve) => deck.on('pdf-ready', () => resolve()));
  await deck.initialize();
  // Web fonts change line breaks: fit again once they are in, and whenever more arrive (a subset
  // loads when a slide first shows a character from it). Screen pages do not wait for them: the
  // slides are usable with the fallback font, and the slide fonts are preloaded anyway.
  const afterFonts = () => {
    refit();
    deck.layout();
  };
  if (print) {
    await document.fonts.ready;
    afterFonts();
    await printLaidOut;
  } else {
    void document.fonts.ready.then(() => {
      afterFonts();
      document.fonts.addEventListener('loadingdone', afterFonts);
    });
  }
  return deck;
}

/** Runs `fn` when the browser has nothing more urgent to do (soon at the latest). */
function whenIdle(fn: () => void): number {
  // Safari before 18 has no requestIdleCallback (the DOM types say every browser has it).
  if (typeof window.requestIdleCallback === 'function') return window.requestIdleCallback(fn, { timeout: 500 });
  return window.setTimeout(fn, 50);
}

/** Replace the slides' markup (live reload), keeping the current position. */
export function replaceSlides(deck: RevealApi, element: HTMLElement, sectionsHtml: string, geometry: DeckGeometry): void {
  const { h, v, f } = deck.getIndices();
  const slides = element.querySelector<HTMLElement>('.slides');
  if (!slides) return;
  // Sections the server rendered from sanitized slides (server/deck/render.ts), as in the page itself.
  slides.innerHTML = sectionsHtml;
  deck.sync();
  const total = deck.getHorizontalSlides().length;
  deck.slide(Math.min(h, Math.max(total - 1, 0)), v, f);
  const { width, height } = deck.getConfig();
  fitAllSlides(element, Number(width) || geometry.width, Number(height) || geometry.height);
  deck.layout();
}

/** Fits every slide again after their content changed (diagrams drawn, styles swapped). */
export function refitSlides(deck: RevealApi, element: HTMLElement, geometry: DeckGeometry): void {
  const { width, height } = deck.getConfig();
  if (fitAllSlides(element, Number(width) || geometry.width, Number(height) || geometry.height)) deck.layout();
}
