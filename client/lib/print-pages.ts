// The PDF print view without reveal.js: the same page markup reveal.js's print view builds —
// each slide in a `.pdf-page`, its background and page number beside it, the `reveal-print
// print-pdf` classes that switch on reveal's own print styles — made in one pass over the
// server-rendered slides, before the first layout. Starting reveal.js only to have it lay every
// slide out for the screen, then again for print across three animation frames, is most of the
// print page's time: `npm run bench:export` holds the two side by side (its "reveal print view"
// rows). test/pdf/print-views.test.ts exports every showcase deck and a deck of tricky pages
// through both and requires the same pages, pixel for pixel within a small tolerance.
//
// The exporter uses it for decks that need nothing only reveal.js's code does (r-fit-text,
// r-stretch, video or iframe backgrounds): server/pdf/print-page.ts decides, and sends other
// decks through reveal's print view (client/deck.ts).

export interface PageGeometry {
  width: number;
  height: number;
  /** The deck's reveal.js options: `center: false` starts slides at the top, as on screen. */
  reveal?: { center?: unknown };
}

/** Marks the layers of a stack that a later layer covers (styled away in client/theme/frame.css). */
const COVERED = 'lectern-covered';

/** Fragment styles shown only while theirs is the current step, and the ones a step hides. */
const CURRENT_ONLY = ['fade-in-then-out', 'fade-in-then-semi-out', 'current-visible'];
const HIDDEN_ONCE_SHOWN = ['fade-out'];

/** A layer's fragment: the layer itself, or its only child (`![](a.svg) <!-- .element: class="fragment" -->` is a <p> around it). */
function fragmentOf(layer: Element): Element | undefined {
  if (layer.classList.contains('fragment')) return layer;
  const only = layer.children.length === 1 ? layer.firstElementChild : null;
  return only?.classList.contains('fragment') ? only : undefined;
}

/** Step order as reveal.js counts it: data-fragment-index, the unnumbered after the numbered. */
const stepOf = (fragment: Element) => {
  const index = Number.parseInt(fragment.getAttribute('data-fragment-index') ?? '', 10);
  return Number.isInteger(index) ? index : Number.POSITIVE_INFINITY;
};

/**
 * With every fragment shown, a stack prints its last state, as the deck looks after its last
 * step: a `fade-out` layer is gone, a `fade-in-then-out` one shows only if its step is the last,
 * and of the fragment layers still showing only the last (it covers the ones before it); a layer
 * that is no fragment stays, as on screen. A code block prints its last line-step copy. Without
 * it the layers print on top of one another.
 */
export function showLastLayers(root: ParentNode): void {
  for (const stack of root.querySelectorAll('pre:has(> code.fragment)')) {
    for (const layer of [...stack.children].slice(0, -1)) layer.classList.add(COVERED);
  }
  for (const stack of root.querySelectorAll('.r-stack')) {
    const layers = [...stack.children].flatMap((layer) => {
      const fragment = fragmentOf(layer);
      return fragment ? [{ layer, fragment }] : [];
    });
    const lastStep = Math.max(Number.NEGATIVE_INFINITY, ...layers.map(({ fragment }) => stepOf(fragment)));
    const endsShown = ({ fragment }: { fragment: Element }) =>
      !HIDDEN_ONCE_SHOWN.some((c) => fragment.classList.contains(c)) && (!CURRENT_ONLY.some((c) => fragment.classList.contains(c)) || stepOf(fragment) === lastStep);
    const kept = layers.filter(endsShown).at(-1);
    for (const { layer } of layers) if (layer !== kept?.layer) layer.classList.add(COVERED);
    kept?.fragment.classList.add('visible', 'current-fragment');
  }
}

const BACKGROUND_ATTRIBUTES = ['size', 'repeat', 'position', 'opacity'] as const;
const IMAGE = /^(http|file|\/\/)|\.(svg|png|jpg|jpeg|gif|bmp|webp)([?#\s]|$)/i;

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}

/** As reveal's backgrounds controller: a `.slide-background` with the slide's classes and data-background-* applied. */
function background(slide: HTMLElement): HTMLDivElement {
  const element = div(`slide-background ${slide.className.replace(/present|past|future/, '')}`.trim());
  const content = div('slide-background-content');
  element.append(content);
  const data = (name: string) => slide.getAttribute(`data-background${name ? `-${name}` : ''}`);
  const shorthand = data('');
  if (shorthand) {
    if (IMAGE.test(shorthand)) slide.setAttribute('data-background-image', shorthand);
    else element.style.background = shorthand;
  }
  const color = data('color');
  const gradient = data('gradient');
  const image = data('image');
  if (color) element.style.backgroundColor = color;
  if (gradient) element.style.backgroundImage = gradient;
  if (image) {
    // Several images, comma-separated, as reveal.js allows; each URL quoted and encoded.
    content.style.backgroundImage = image
      .split(',')
      .map((url) => `url("${encodeURI(url.trim()).replace(/"/g, '%22')}")`)
      .join(',');
  }
  const size = data('size');
  if (size) element.setAttribute('data-background-size', size);
  for (const name of BACKGROUND_ATTRIBUTES) {
    const value = data(name);
    if (!value) continue;
    if (name === 'opacity') content.style.opacity = value;
    else content.style.setProperty(`background-${name}`, value);
  }
  return element;
}

/** `rgb(…)`, `rgba(…)` or `#rgb`/`#rrggbb` → 0–255 brightness, as reveal computes it; null if none or transparent. */
export function brightness(color: string): number | null {
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const digits = hex[1]!.length === 3 ? [...hex[1]!].map((d) => d + d) : hex[1]!.match(/../g)!;
    rgb = digits.map((d) => parseInt(d, 16));
  } else {
    const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(color.trim());
    if (fn) {
      const alpha = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
      if (alpha === 0) return null;
      rgb = [fn[1], fn[2], fn[3]].map(Number);
    }
  }
  // Three channels either way: three hex pairs or digits, or the three numbers rgb() requires.
  return rgb ? (rgb[0]! * 299 + rgb[1]! * 587 + rgb[2]! * 114) / 1000 : null;
}

/** reveal's fragment order: by data-fragment-index, then the unnumbered ones in document order. */
function fragmentGroups(page: HTMLElement): HTMLElement[][] {
  const ordered: HTMLElement[][] = [];
  const unordered: HTMLElement[][] = [];
  for (const fragment of page.querySelectorAll<HTMLElement>('.fragment')) {
    const index = Number.parseInt(fragment.dataset.fragmentIndex ?? '', 10);
    if (Number.isInteger(index) && index >= 0) (ordered[index] ??= []).push(fragment);
    else unordered.push([fragment]);
  }
  return [...ordered, ...unordered].filter((group): group is HTMLElement[] => Boolean(group));
}

/**
 * Moves every slide of `root` (a `.reveal` with server-rendered `<section>`s) into its own PDF
 * page, as reveal.js's print view does; with `fragments`, one page per fragment step.
 */
export function layOutPrintPages(root: HTMLElement, geometry: PageGeometry, options: { fragments: boolean }): void {
  const { width, height } = geometry;
  const viewport = document.body;
  document.documentElement.classList.add('reveal-full-page', 'reveal-print', 'print-pdf');
  viewport.classList.add('reveal-viewport');
  viewport.style.setProperty('--slide-width', `${width}px`);
  viewport.style.setProperty('--slide-height', `${height}px`);
  viewport.style.width = `${width}px`;
  viewport.style.height = `${height}px`;
  const slidesElement = root.querySelector<HTMLElement>(':scope > .slides')!;
  const sections = [...slidesElement.querySelectorAll<HTMLElement>('section')];
  const slides = sections.filter((section) => !section.querySelector(':scope > section'));
  root.classList.add('ready', 'has-horizontal-slides');
  if (geometry.reveal?.center !== false) root.classList.add('center');
  if (slides.length !== sections.length) root.classList.add('has-vertical-slides');

  const style = document.createElement('style');
  style.textContent =
    `@page{size:${width}px ${height}px;margin:0}` +
    `.reveal section>img,.reveal section>video,.reveal section>iframe{max-width:${width}px;max-height:${height}px}`;
  document.head.append(style);

  // reveal.js loads lazy media (`data-src`) as their slide comes near; in print every slide is.
  for (const media of slidesElement.querySelectorAll<HTMLElement>('img[data-src], video[data-src], audio[data-src], iframe[data-src]')) {
    if (!media.hasAttribute('src')) media.setAttribute('src', media.getAttribute('data-src')!);
  }

  // 1. A page per slide: its background, the slide, its page number.
  const pages = slides.map((slide) => {
    const page = div('pdf-page');
    page.style.height = `${height}px`;
    slide.style.left = '0px';
    slide.style.top = '0px';
    slide.style.width = `${width}px`;
    page.append(background(slide), slide, div('slide-number slide-number-pdf'));
    return page;
  });
  slidesElement.append(...pages);

  // 2. One style pass for all slides: each slide's contrast class from its background colour,
  // and the viewport's background copied onto every page (reveal does both the same way).
  const pageBackground = getComputedStyle(viewport).background;
  const contrast = pages.map((page, i) => {
    const level = brightness(slides[i]!.getAttribute('data-background-color') ?? '') ?? brightness(getComputedStyle(page.firstElementChild!).backgroundColor);
    return level === null ? undefined : level < 128 ? 'has-dark-background' : 'has-light-background';
  });
  pages.forEach((page, i) => {
    if (pageBackground) page.style.background = pageBackground;
    if (contrast[i]) slides[i]!.classList.add(contrast[i]!); // a page per slide
  });
  if (contrast[0]) {
    root.classList.add(contrast[0]);
    viewport.classList.add(contrast[0]);
  }

  // 3. Fragments: all shown, or (--fragments) a copy of the page per step, after the slide's
  // own page, which shows it before its first fragment.
  for (const page of pages) {
    if (!options.fragments) {
      for (const fragment of page.querySelectorAll('.fragment:not(.fade-out)')) fragment.classList.add('visible');
      showLastLayers(page);
      continue;
    }
    const steps: HTMLElement[] = [];
    let previous: HTMLElement[] = [];
    for (const group of fragmentGroups(page)) {
      for (const fragment of previous) fragment.classList.remove('current-fragment');
      for (const fragment of group) fragment.classList.add('visible', 'current-fragment');
      steps.push(page.cloneNode(true) as HTMLElement);
      previous = group;
    }
    for (const fragment of page.querySelectorAll('.fragment')) fragment.classList.remove('visible', 'current-fragment');
    page.after(...steps);
  }
}
