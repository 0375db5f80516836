// The last steps of reveal.js's print view before a PDF is made: wait for images,
// fit overflowing slides once more, number pages as on screen ("5/27"), lay out handout sheets
// for `?notes=1`, then flag the page ready and list which slide each page shows, for the
// exporter's outline. Runs after reveal's own print layout ("pdf-ready").
import '../theme/print.css';
import { fitAllSlides } from './fit.ts';
import { HANDOUT_PAGE, PRINT_PAGES_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, type PrintData } from '../../shared/print.ts';

export interface PrintGeometry {
  width: number;
  height: number;
}

const IMAGE_WAIT_MS = 10_000;

function wantsHandout(): boolean {
  return /(^|[?&])notes=1(&|$)/.test(window.location.search);
}

function slideOf(page: Element): HTMLElement | null {
  return page.querySelector<HTMLElement>(':scope > section[data-lectern-h]');
}

function keyOf(section: HTMLElement): string {
  return `${section.dataset.lecternH}.${section.dataset.lecternV}`;
}

/** Every <img> and CSS background image loaded (or failed), bounded so one dead URL cannot hang an export. */
async function imagesLoaded(root: HTMLElement): Promise<void> {
  const waits: Array<Promise<unknown>> = [];
  for (const img of root.querySelectorAll('img')) {
    img.loading = 'eager';
    // decode() settles once the image has loaded (or failed) and is ready to paint.
    waits.push(img.decode().catch(() => undefined));
  }
  // Background images, from the attribute reveal.js reads (no style recalculation needed).
  for (const section of root.querySelectorAll<HTMLElement>('section[data-background-image]')) {
    const img = new Image();
    img.src = section.dataset.backgroundImage!;
    waits.push(img.decode().catch(() => undefined));
  }
  await Promise.race([Promise.all(waits), new Promise((resolve) => setTimeout(resolve, IMAGE_WAIT_MS))]);
}

/**
 * The theme centres .slide-content with `top: 50%; transform: translateY(-50%)`. When printing,
 * Chromium splits the page flow at each page's bottom using the box *before* the transform: a
 * content box taller than about half a slide crosses that line, and whatever lies below it is
 * cut from the PDF (the rest is drawn shifted). Pin each box where the screen shows it, with
 * no transform, so its layout box is the painted one and stays inside its page.
 */
function pinContent(root: HTMLElement): void {
  const contents = [...root.querySelectorAll<HTMLElement>('.slides section > .slide-content')];
  const offset = (content: HTMLElement) => content.getBoundingClientRect().top - content.parentElement!.getBoundingClientRect().top;
  // Measure all, then write all, then check all: three layouts for the whole deck, not one per slide.
  const wanted = contents.map(offset);
  contents.forEach((content, i) => {
    content.style.transform = 'none';
    content.style.top = `${wanted[i]}px`;
  });
  // A zoomed box's own `top` is in its zoomed units in some Chromium versions: correct by what
  // shows. Only fitted (zoomed) boxes can be off, so only they are measured again: a deck with
  // none skips one more forced layout of every slide.
  const zoomed = contents.map((content, i) => [content, i] as const).filter(([content]) => content.style.zoom !== '');
  const shown = zoomed.map(([content]) => offset(content));
  zoomed.forEach(([content, i], k) => {
    const [at, want] = [shown[k]!, wanted[i]!]; // measured for these very boxes
    if (Math.abs(at - want) > 0.5 && at !== 0) content.style.top = `${(want * want) / at}px`;
  });
}

function numberPages(pages: Element[], data: PrintData | undefined): void {
  const order = new Map<string, number>();
  for (const page of pages) {
    const section = slideOf(page);
    if (section && !order.has(keyOf(section))) order.set(keyOf(section), order.size + 1);
  }
  const total = data?.total ?? order.size;
  for (const page of pages) {
    const section = slideOf(page);
    // The page's own label, beside the slide: a slide's content may carry the same class.
    const label = page.querySelector(':scope > .slide-number-pdf');
    if (!section || !label) continue;
    const n = data?.numbers[keyOf(section)] ?? order.get(keyOf(section));
    // As on screen (`slideNumber: 'c/t'`): fragment steps of one slide share its number.
    label.replaceChildren(element('span', '', String(n)), element('span', 'slide-number-delimiter', '/'), element('span', '', String(total)));
    // Inside the slide, the number takes the slide's colours (light on title and divider slides).
    section.append(label);
  }
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Notes pages: the slide above, its notes below, on an A4 sheet. */
function layoutHandout(pages: Element[], geometry: PrintGeometry, data: PrintData | undefined): void {
  document.documentElement.classList.add('lectern-handout');
  document.body.style.width = `${HANDOUT_PAGE.width}px`;
  document.body.style.height = `${HANDOUT_PAGE.height}px`;
  const pageRule = document.createElement('style');
  pageRule.textContent = `@page{size:${HANDOUT_PAGE.css.width} ${HANDOUT_PAGE.css.height};margin:0}`;
  document.head.append(pageRule);

  const slideWidth = HANDOUT_PAGE.width - 2 * 64;
  const scale = slideWidth / geometry.width;
  const title = data?.heading.title ?? document.title;
  const detail = data?.heading.detail ?? '';
  for (const page of pages) {
    const section = slideOf(page);
    const sheet = element('div', 'handout-page');
    const header = element('header', 'handout-header');
    header.append(element('span', 'handout-title', title), element('span', 'handout-detail', detail));
    const frame = element('div', 'handout-slide');
    frame.style.width = `${slideWidth}px`;
    frame.style.height = `${Math.round(geometry.height * scale)}px`;
    const scaler = element('div', 'handout-scale');
    scaler.style.width = `${geometry.width}px`;
    scaler.style.height = `${geometry.height}px`;
    // zoom, not transform: a transformed box keeps its slide-wide layout size, and Chromium
    // then lays the printed sheet out wider than the paper and shrinks it to two thirds.
    scaler.style.zoom = String(scale);
    page.replaceWith(sheet);
    scaler.append(page);
    frame.append(scaler);
    const number = page.querySelector(':scope > section > .slide-number-pdf')?.textContent ?? '';
    const label = element('p', 'handout-label', `Slide ${number}${section?.querySelector('h1, h2, h3') ? ` — ${section.querySelector('h1, h2, h3')!.textContent!.trim()}` : ''}`);
    const notes = element('div', 'handout-notes');
    // The notes the server rendered after the slide's content, moved rather than re-parsed.
    const aside = section?.querySelector(':scope > aside.notes');
    if (aside?.hasChildNodes()) notes.append(...aside.childNodes);
    else notes.append(element('p', 'handout-empty', 'No notes for this slide.'));
    sheet.append(header, frame, label, notes, ruledLines());
    fitNotes(notes);
  }
}

/**
 * Ruled lines under the notes for the speaker's own, as real 1px borders: a repeating gradient
 * came out of Chromium's PDF as a pattern that viewers drew with lines missing and stopped short
 * of the sheet's bottom. The box clips whatever does not fit.
 */
function ruledLines(): HTMLElement {
  const lines = element('div', 'handout-lines');
  lines.setAttribute('aria-hidden', 'true');
  for (let i = 0; i < 32; i++) lines.append(element('span', 'handout-line'));
  return lines;
}

/** Long notes get smaller type rather than a second sheet (a notes page is one sheet). */
function fitNotes(notes: HTMLElement): void {
  for (let attempt = 0; attempt < 4; attempt++) {
    const overflow = notes.scrollHeight / Math.max(notes.clientHeight, 1);
    if (overflow <= 1.01) return;
    const current = Number(notes.style.zoom || 1);
    notes.style.zoom = String(Math.max(0.5, (current / overflow) * 0.98));
  }
}

/** Flags the print view as failed, for the exporter (it reports the message). */
export function printFailed(err: unknown): void {
  document.documentElement.setAttribute(PRINT_STATE_ATTRIBUTE, `error: ${err instanceof Error ? err.message : String(err)}`);
}

/** Called once reveal.js has laid out the print view; resolves when the page can be printed. */
export async function finishPrintLayout(root: HTMLElement, geometry: PrintGeometry, data?: PrintData): Promise<void> {
  const html = document.documentElement;
  try {
    await imagesLoaded(root);
    await document.fonts.ready;
    fitAllSlides(root, geometry.width, geometry.height);
    pinContent(root);
    // Direct children: a slide's own element may carry the class too.
    const pages = [...root.querySelectorAll('.slides > .pdf-page')];
    numberPages(pages, data);
    if (wantsHandout()) layoutHandout(pages, geometry, data);
    const map = pages.map((page) => {
      const section = slideOf(page);
      return [Number(section?.dataset.lecternH ?? -1), Number(section?.dataset.lecternV ?? 0)];
    });
    html.setAttribute(PRINT_PAGES_ATTRIBUTE, JSON.stringify(map));
    html.setAttribute(PRINT_STATE_ATTRIBUTE, 'ready');
  } catch (err) {
    printFailed(err);
    throw err;
  }
}
