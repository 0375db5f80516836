// Handout sheets (A4 or Letter, portrait): `notes`, each slide above its speaker notes and ruled lines;
// or 2, 3 or 6 slides to a sheet with ruled lines for the audience's own notes (beside each
// slide for 3, under it for 2 and 6). The slides are the laid-out print pages themselves, moved
// into the sheets and scaled with zoom.
import { HANDOUT_PAPERS, type PrintData } from '../../shared/print.ts';
import { el } from './dom.ts';

export type HandoutLayout = 'notes' | 2 | 3 | 6;

/** The handout the print page's URL asks for: `notes=1`, or `handout=2|3|6`. */
export function handoutLayout(search: string): HandoutLayout | undefined {
  if (/(^|[?&])notes=1(&|$)/.test(search)) return 'notes';
  const n = /(^|[?&])handout=([236])(&|$)/.exec(search)?.[2];
  return n ? (Number(n) as 2 | 3 | 6) : undefined;
}

function slideOf(page: Element): HTMLElement | null {
  return page.querySelector<HTMLElement>(':scope > section[data-lectern-h]');
}

/** The handout's paper: `paper=letter`, else A4. */
const paper = () => HANDOUT_PAPERS[/(^|[?&])paper=letter(&|$)/.test(window.location.search) ? 'letter' : 'a4'];

/** The sheet's size for printing, and the white page around the sheets. */
function setUpSheets(): void {
  const sheet = paper();
  document.documentElement.classList.add('lectern-handout');
  document.body.style.width = `${sheet.width}px`;
  document.body.style.height = `${sheet.height}px`;
  const pageRule = document.createElement('style');
  pageRule.textContent = `@page{size:${sheet.css.width} ${sheet.css.height};margin:0}`;
  document.head.append(pageRule);
}

function sheetWithHeader(data: PrintData | undefined): HTMLElement {
  const sheet = el('div', 'handout-page');
  sheet.style.width = `${paper().width}px`;
  sheet.style.height = `${paper().height}px`;
  const header = el('header', 'handout-header');
  header.append(el('span', 'handout-title', data?.heading.title ?? document.title), el('span', 'handout-detail', data?.heading.detail ?? ''));
  sheet.append(header);
  return sheet;
}

/** A printed page, scaled to `width` in a framed box. */
function slideFrame(page: Element, geometry: { width: number; height: number }, width: number): HTMLElement {
  const scale = width / geometry.width;
  const frame = el('div', 'handout-slide');
  frame.style.width = `${width}px`;
  frame.style.height = `${Math.round(geometry.height * scale)}px`;
  const scaler = el('div', 'handout-scale');
  scaler.style.width = `${geometry.width}px`;
  scaler.style.height = `${geometry.height}px`;
  // zoom, not transform: a transformed box keeps its slide-wide layout size, and Chromium
  // then lays the printed sheet out wider than the paper and shrinks it to two thirds.
  scaler.style.zoom = String(scale);
  scaler.append(page);
  frame.append(scaler);
  return frame;
}

/**
 * Lays the pages out on sheets; returns the pages on each sheet, in order (one each for
 * `notes`), for the exporter's page list.
 */
export function layoutHandout(pages: Element[], geometry: { width: number; height: number }, data: PrintData | undefined, layout: HandoutLayout): Element[][] {
  setUpSheets();
  if (layout === 'notes') {
    for (const page of pages) notesSheet(page, geometry, data);
    return pages.map((page) => [page]);
  }
  const sheets: Element[][] = [];
  for (let i = 0; i < pages.length; i += layout) sheets.push(pages.slice(i, i + layout));
  // Sheet content box 665 × 960 after the header; cells as the grid in print.css divides it.
  const width = layout === 2 ? 560 : layout === 3 ? 350 : 310;
  for (const group of sheets) {
    const sheet = sheetWithHeader(data);
    sheet.classList.add(`handout-up-${layout}`);
    const grid = el('div', 'handout-grid');
    group[0]!.replaceWith(sheet);
    for (const page of group) {
      const cell = el('div', 'handout-cell');
      cell.append(slideFrame(page, geometry, width), ruledLines(12));
      grid.append(cell);
    }
    sheet.append(grid);
  }
  return sheets;
}

/** The slide above, its notes below, ruled lines under them. */
function notesSheet(page: Element, geometry: { width: number; height: number }, data: PrintData | undefined): void {
  const section = slideOf(page);
  const sheet = sheetWithHeader(data);
  page.replaceWith(sheet);
  const frame = slideFrame(page, geometry, paper().width - 2 * 64);
  const number = page.querySelector(':scope > section > .slide-number-pdf')?.textContent ?? '';
  const heading = section?.querySelector('h1, h2, h3');
  const label = el('p', 'handout-label', `Slide ${number}${heading ? ` — ${heading.textContent!.trim()}` : ''}`);
  const notes = el('div', 'handout-notes');
  // The notes the server rendered after the slide's content, moved rather than re-parsed.
  const aside = section?.querySelector(':scope > aside.notes');
  if (aside?.hasChildNodes()) notes.append(...aside.childNodes);
  else notes.append(el('p', 'handout-empty', 'No notes for this slide.'));
  sheet.append(frame, label, notes, ruledLines(32));
  fitNotes(notes);
}

/**
 * Ruled lines for the reader's own notes, as real 1px borders: a repeating gradient came out of
 * Chromium's PDF as a pattern that viewers drew with lines missing and stopped short of the
 * sheet's bottom. The box clips whatever does not fit.
 */
function ruledLines(count: number): HTMLElement {
  const lines = el('div', 'handout-lines');
  lines.setAttribute('aria-hidden', 'true');
  for (let i = 0; i < count; i++) lines.append(el('span', 'handout-line'));
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
