// A slide as reflowed text: a copy of the slide's own nodes (the server sanitized them, and
// nothing here goes through innerHTML) without reveal.js's layout — no inline sizes, no
// positions, no fragments that are not shown yet — so the page's reading styles lay it out at
// the reader's font size and the phone's width. Images become figures captioned with their alt
// text; embedded pages become a line that says so, rather than a second copy of the page.

/** What a reader never sees on the slide at this step, or what only reveal.js's layout uses. */
const DROPPED = [
  'aside.notes', 'script', 'style', 'template', 'link', 'meta', 'canvas', '[hidden]',
  '.slide-background', '.slide-footer',
  '.fragment:not(.visible)', '.fragment.visible.fade-out', '.fragment.visible.semi-fade-out',
  '.fragment.current-visible:not(.current-fragment)',
].join(', ');

/** Attributes that size or place a node, or that would clash with the page (ids, tab stops). */
const STRIPPED = ['style', 'id', 'tabindex', 'contenteditable', 'data-id', 'data-fragment-index', 'data-auto-animate-target'];

/** Data attributes the copy keeps: a lazy image's source, a poll's results and correct choices (styled). */
const KEPT_DATA = new Set(['data-src', 'data-results', 'data-correct']);

/** reveal.js's own classes: the reading view's copy is not a slide. */
const REVEAL_CLASSES = /^(fragment|visible|current-fragment|present|past|future|stack|r-fit-text|r-stretch|r-stack|r-hstack|r-vstack|fade-\S+|grow|shrink|strike|highlight-\S+|semi-fade-out|current-visible)$/;

function clean(element: Element): void {
  // Inside an SVG, ids and styles are the drawing's own (a diagram's CSS refers to them).
  const inSvg = element.closest('svg') !== null;
  if (!inSvg) for (const name of STRIPPED) element.removeAttribute(name);
  for (const name of [...element.getAttributeNames()]) {
    if (name.startsWith('data-') && !KEPT_DATA.has(name) && !inSvg) element.removeAttribute(name);
  }
  if (element.classList.length > 0) {
    for (const name of [...element.classList]) if (REVEAL_CLASSES.test(name)) element.classList.remove(name);
    if (element.classList.length === 0) element.removeAttribute('class');
  }
}

/** An image as a full-width figure captioned with its alt text (read out once, from the alt). */
function figureFor(image: HTMLImageElement, doc: Document): HTMLElement {
  const lazy = image.getAttribute('data-src');
  if (lazy && !image.getAttribute('src')) image.setAttribute('src', lazy);
  image.removeAttribute('data-src');
  image.removeAttribute('width');
  image.removeAttribute('height');
  image.loading = 'lazy';
  const host = image.closest('picture') ?? (image.parentElement?.tagName === 'A' ? image.parentElement : image);
  const figure = doc.createElement('figure');
  figure.className = 'rd-figure';
  const alt = image.alt.trim();
  host.replaceWith(figure);
  figure.append(host);
  if (alt) {
    const caption = doc.createElement('figcaption');
    caption.textContent = alt;
    // Screen readers have the alt already: the caption is for eyes.
    caption.setAttribute('aria-hidden', 'true');
    figure.append(caption);
  }
  return figure;
}

/** A paragraph holding nothing but figures gives way to them (a <p> cannot hold a <figure>). */
function unwrapFigureParagraphs(root: Element): void {
  for (const paragraph of [...root.querySelectorAll('p')]) {
    const children = [...paragraph.childNodes].filter((node) => !(node.nodeType === Node.TEXT_NODE && !node.textContent?.trim()));
    if (children.length > 0 && children.every((node) => node instanceof HTMLElement && node.classList.contains('rd-figure'))) {
      paragraph.replaceWith(...children);
    }
  }
}

function embedNote(frame: Element, doc: Document): HTMLElement {
  const note = doc.createElement('p');
  note.className = 'rd-embed';
  const title = frame.getAttribute('title')?.trim();
  note.textContent = title ? `Embedded page: ${title} (shown in the slide view)` : 'An embedded page, shown in the slide view.';
  return note;
}

/** Scrollable blocks are reachable by keyboard, and named for screen readers. */
function scroller(block: Element, label: string, doc: Document): void {
  const wrap = doc.createElement('div');
  wrap.className = 'rd-scroll';
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', label);
  block.replaceWith(wrap);
  wrap.append(block);
}

/**
 * The reading copy of `slide` (a reveal.js <section>) as it shows now: shown fragments only.
 * The copy is detached: the caller puts it in the page.
 */
export function readingCopy(slide: Element): HTMLElement {
  const doc = slide.ownerDocument;
  const root = doc.createElement('div');
  root.className = 'rd-slide';
  for (const child of slide.childNodes) {
    // A stack's inner sections are other slides.
    if (child instanceof Element && child.tagName === 'SECTION') continue;
    // The slide's content box (server/render/reveal.ts) is for fitting the slide: its children are the text.
    if (child instanceof Element && child.classList.contains('slide-content')) {
      for (const inner of child.childNodes) root.append(inner.cloneNode(true));
    } else root.append(child.cloneNode(true));
  }
  for (const dropped of [...root.querySelectorAll(DROPPED)]) dropped.remove();
  for (const element of [...root.querySelectorAll('*')]) clean(element);
  for (const frame of [...root.querySelectorAll('iframe, object, embed')]) frame.replaceWith(embedNote(frame, doc));
  for (const media of root.querySelectorAll('video, audio')) {
    media.removeAttribute('autoplay');
    media.setAttribute('controls', '');
  }
  for (const image of [...root.querySelectorAll('img')]) figureFor(image, doc);
  unwrapFigureParagraphs(root);
  for (const table of [...root.querySelectorAll('table')]) scroller(table, 'Table', doc);
  return root;
}

/** The slide's first heading's text, for the reading view's label ("Slide 3: Pictures"). */
export function slideTitle(slide: Element): string | undefined {
  return slide.querySelector('h1, h2, h3, h4, h5, h6')?.textContent?.replace(/\s+/g, ' ').trim() || undefined;
}
