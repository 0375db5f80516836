// The scripts the exporter evaluates in the print page: plain strings, as the server program
// has no DOM types (tsconfig.server.json), each one evaluate() call.
import { PRINT_MISSING_ATTRIBUTE, PRINT_PAGES_ATTRIBUTE, PRINT_STATE_ATTRIBUTE, SMALL_FIT } from '../../shared/print.ts';

/** In the page, once laid out: JSON `[h, v, zoom][]` of the slides fitted below SMALL_FIT (each once). */
export const SHRUNK_SLIDES = `JSON.stringify([...new Map([...document.querySelectorAll('.slides section[data-lectern-h] > .slide-content[data-fit]')]
  .filter((c) => Number(c.dataset.fit) < ${SMALL_FIT})
  .map((c) => [c.parentElement.dataset.lecternH + '.' + c.parentElement.dataset.lecternV, [Number(c.parentElement.dataset.lecternH), Number(c.parentElement.dataset.lecternV || 0), Number(c.dataset.fit)]])).values()])`;

/**
 * In the page: resolves with [state, pages, missing glyphs, SHRUNK_SLIDES] once the print layout
 * flags itself done: what the exporter reads of the page, in one round trip.
 */
export const whenLaidOut = `new Promise((resolve) => {
  const html = document.documentElement;
  const done = () => html.hasAttribute('${PRINT_STATE_ATTRIBUTE}') && (resolve([html.getAttribute('${PRINT_STATE_ATTRIBUTE}'), html.getAttribute('${PRINT_PAGES_ATTRIBUTE}'), html.getAttribute('${PRINT_MISSING_ATTRIBUTE}'), ${SHRUNK_SLIDES}]), true);
  if (!done()) new MutationObserver(done).observe(html, { attributes: true, attributeFilter: ['${PRINT_STATE_ATTRIBUTE}'] });
})`;
