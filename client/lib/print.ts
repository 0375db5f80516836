// The last steps of reveal.js's print view before a PDF is made: wait for images,
// fit overflowing slides once more, number pages as on screen ("5/27"), lay out handout sheets
// for `?notes=1` and `?handout=2|3|6` (print-handout.ts), point links between slides at their
// pages (print-links.ts), check every character has a font (print-fonts.ts), then flag the page
// ready and list which slide each page shows, for the exporter's outline. Runs after reveal's own print layout ("pdf-ready").
import '../theme/print.css';
import { fitAllSlides } from './fit.ts';
import { PRINT_MISSING_ATTRIBUTE, PRINT_PAGES_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, type PrintData } from '../../shared/print.ts';
import { missingGlyphs } from './print-fonts.ts';
import { linkPages } from './print-links.ts';
import { handoutLayout, layoutHandout } from './print-handout.ts';
import { el } from './dom.ts';
import { printableMedia } from './print-media.ts';
import { drawResults } from '../audience/poll-results.ts';

export interface PrintGeometry {
  width: number;
  height: number;
}

const IMAGE_WAIT_MS = 10_000;

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
    label.replaceChildren(el('span', '', String(n)), el('span', 'slide-number-delimiter', '/'), el('span', '', String(total)));
    // Inside the slide, the number takes the slide's colours (light on title and divider slides).
    section.append(label);
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
    // Poll results (--poll-results) drawn as the live page reveals them, before slides are fitted.
    for (const [poll, { counts, correct }] of Object.entries(data?.polls ?? {})) {
      drawResults(root, { poll, open: false, revealed: true, counts, correct, total: counts.reduce((sum, n) => sum + n, 0) });
    }
    await printableMedia(root, IMAGE_WAIT_MS);
    await imagesLoaded(root);
    await document.fonts.ready;
    fitAllSlides(root, geometry.width, geometry.height);
    pinContent(root);
    // Direct children: a slide's own element may carry the class too.
    const pages = [...root.querySelectorAll('.slides > .pdf-page')];
    numberPages(pages, data);
    const map = pages.map((page): [number, number] => {
      const section = slideOf(page);
      return [Number(section?.dataset.lecternH ?? -1), Number(section?.dataset.lecternV ?? 0)];
    });
    linkPages(pages, map);
    const handout = handoutLayout(window.location.search);
    // Each printed sheet listed by the first slide on it.
    const sheets = handout ? layoutHandout(pages, geometry, data, handout).map((group) => map[pages.indexOf(group[0]!)]!) : map;
    html.setAttribute(PRINT_PAGES_ATTRIBUTE, JSON.stringify(sheets));
    const printed = [...root.querySelectorAll(':scope > .slides > *')];
    const check = () =>
      missingGlyphs(printed, (page) => {
        const section = page.querySelector<HTMLElement>('section[data-lectern-h]');
        return section ? data?.numbers[keyOf(section)] : undefined;
      });
    let missing = check();
    // Handout notes, or the probe itself, may have asked for a face not loaded yet: wait, look again.
    if (missing.length > 0 && document.fonts.status === 'loading') {
      await document.fonts.ready;
      missing = check();
    }
    if (missing.length > 0) html.setAttribute(PRINT_MISSING_ATTRIBUTE, JSON.stringify(missing.map((m) => [m.char, m.slides])));
    html.setAttribute(PRINT_STATE_ATTRIBUTE, 'ready');
  } catch (err) {
    printFailed(err);
    throw err;
  }
}
