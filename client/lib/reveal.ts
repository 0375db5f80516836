// One reveal.js set-up for every page that shows slides (deck page, follower page, presenter
// previews, print view), so they all lay out a slide the same way.
import Reveal from 'reveal.js';
import type { RevealApi, RevealConfig } from 'reveal.js';
import 'reveal.js/reset.css';
import 'reveal.js/reveal.css';
import '@fontsource-variable/inter';
import '@fontsource-variable/jetbrains-mono';
import '../theme/lectern.css';
import { fitAllSlides, fitSlide } from './fit.ts';

export interface DeckGeometry {
  width: number;
  height: number;
  transition?: string;
}

export type { RevealApi };

export function isPrintView(): boolean {
  return /(^|[?&])view=print(&|$)/.test(window.location.search);
}

export async function startReveal(
  element: HTMLElement,
  geometry: DeckGeometry,
  overrides: RevealConfig = {},
): Promise<RevealApi> {
  const print = isPrintView();
  const deck = new Reveal(element, {
    width: geometry.width,
    height: geometry.height,
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
    transition: (geometry.transition as RevealConfig['transition']) ?? 'slide',
    // Phones keep the slide view (followers swipe slides); reveal would switch to scroll view.
    scrollActivationWidth: 0,
    pdfSeparateFragments: /(^|[?&])fragments=1(&|$)/.test(window.location.search),
    pdfMaxPagesPerSlide: 1,
    // PageUp/PageDown (clickers) already map to prev/next in reveal.js.
    ...overrides,
  });
  const fit = () => fitAllSlides(element, geometry.width, geometry.height);
  deck.on('ready', fit);
  deck.on('resize', fit);
  deck.on('slidechanged', (event) => {
    const current = (event as Event & { currentSlide?: HTMLElement }).currentSlide;
    if (current) fitSlide(current, geometry.width, geometry.height);
  });
  await deck.initialize();
  // Web fonts change line breaks: fit again once they are in.
  await document.fonts.ready;
  fit();
  deck.layout();
  return deck;
}

/** Replace the slides' markup (live reload), keeping the current position. */
export function replaceSlides(deck: RevealApi, element: HTMLElement, sectionsHtml: string, geometry: DeckGeometry): void {
  const { h, v, f } = deck.getIndices();
  const slides = element.querySelector<HTMLElement>('.slides');
  if (!slides) return;
  slides.innerHTML = sectionsHtml;
  deck.sync();
  const total = deck.getHorizontalSlides().length;
  deck.slide(Math.min(h, Math.max(total - 1, 0)), v, f);
  fitAllSlides(element, geometry.width, geometry.height);
  deck.layout();
}
