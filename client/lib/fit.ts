// Slides whose content is taller (or wider) than the slide are scaled down to fit, on screen
// and in the print view alike, so no word is ever cut off or spilled onto an extra PDF page:
// as far as it takes (reveal.js's own 30% floor would clip a very long slide; the deck page
// warns its author about a slide below it: lib/warnings.ts).
// CSS `zoom` (not transform) so the scaled size takes part in layout and reveal.js still
// centres the slide vertically.

/** Below this a slide is unreadable anyway; it only keeps a runaway slide from vanishing. */
const MIN_ZOOM = 0.02;

function overflowRatio(section: HTMLElement, content: HTMLElement, width: number, height: number): number {
  const footer = section.querySelector<HTMLElement>(':scope > .slide-footer');
  const available = height - (footer ? footer.offsetHeight : 0);
  const zoom = Number(content.style.zoom || 1);
  // offsetHeight/scrollHeight are in the zoomed element's own (unzoomed) units in Chromium.
  const rect = content.getBoundingClientRect();
  const scaleOnScreen = section.getBoundingClientRect().width / Math.max(section.offsetWidth, 1) || 1;
  const shownHeight = Math.max(rect.height / scaleOnScreen, content.scrollHeight * zoom);
  const shownWidth = Math.max(rect.width / scaleOnScreen, content.scrollWidth * zoom);
  return Math.max(shownHeight / available, shownWidth / width);
}

/** Fits one slide; true when its scale changed (reveal must then centre it again: deck.layout()). */
export function fitSlide(section: HTMLElement, width: number, height: number): boolean {
  const content = section.querySelector<HTMLElement>(':scope > .slide-content');
  if (!content) return false;
  const before = content.style.zoom;
  content.style.zoom = '';
  let zoom = 1;
  for (let attempt = 0; attempt < 4; attempt++) {
    const ratio = overflowRatio(section, content, width, height);
    if (ratio <= 1.001) break;
    zoom = Math.max(MIN_ZOOM, (zoom / ratio) * 0.98);
    content.style.zoom = zoom.toFixed(4);
  }
  if (zoom < 1) content.dataset.fit = zoom.toFixed(3);
  else delete content.dataset.fit;
  return content.style.zoom !== before;
}

/**
 * Every slide at once: all reads, then all writes, per round, so a 200-slide print view is laid
 * out a handful of times rather than once or twice per slide (same result as fitSlide on each).
 */
export function fitAllSlides(root: ParentNode, width: number, height: number): boolean {
  const items: Array<{ section: HTMLElement; content: HTMLElement; zoom: number }> = [];
  for (const section of root.querySelectorAll<HTMLElement>('.slides section')) {
    if (section.querySelector(':scope > section')) continue; // a vertical stack, not a slide
    const content = section.querySelector<HTMLElement>(':scope > .slide-content');
    if (content) items.push({ section, content, zoom: 1 });
  }
  const before = items.map((item) => item.content.style.zoom);
  for (const item of items) item.content.style.zoom = '';
  let pending = items;
  for (let attempt = 0; attempt < 4 && pending.length > 0; attempt++) {
    const ratios = pending.map((item) => overflowRatio(item.section, item.content, width, height));
    pending = pending.filter((item, i) => {
      const ratio = ratios[i]!; // one per pending item, measured above
      if (ratio <= 1.001) return false;
      item.zoom = Math.max(MIN_ZOOM, (item.zoom / ratio) * 0.98);
      item.content.style.zoom = item.zoom.toFixed(4);
      return true;
    });
  }
  for (const { content, zoom } of items) {
    if (zoom < 1) content.dataset.fit = zoom.toFixed(3);
    else delete content.dataset.fit;
  }
  return items.some((item, i) => item.content.style.zoom !== before[i]);
}
