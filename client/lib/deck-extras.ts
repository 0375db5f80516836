// What a deck page adds to reveal.js for decks that need it: mermaid diagrams (drawn by a module
// loaded only for decks that have them: client/lib/diagrams.ts, built on its own), and the deck's
// stylesheets swapped in place when an edit changes them (live reload).
import type { DiagramConfig } from './diagrams.ts';

export interface DiagramsData {
  diagrams?: { src: string; config: DiagramConfig };
}

/**
 * Only Lectern's own built module, from this origin: under /assets/ on the server, under the
 * site's assets/ on a static site (relative to the page, or under --base).
 */
const MODULE_PATH = /\/assets\/chunks\/diagrams-[A-Z0-9]+\.js$/;

/** Draws the diagrams under `root` not drawn yet; resolves when they are (at once for decks without). */
export async function drawDeckDiagrams(root: HTMLElement, data: DiagramsData): Promise<number> {
  const diagrams = data.diagrams;
  if (!diagrams || !root.querySelector('pre.mermaid:not([data-lectern-drawn])')) return 0;
  // Resolved against the page: a classic script's import() would resolve against the script's own URL.
  const url = new URL(diagrams.src, document.baseURI);
  if (url.origin !== location.origin || url.search || url.hash || !MODULE_PATH.test(url.pathname)) return 0;
  const module = (await import(url.href)) as typeof import('./diagrams.ts');
  return module.drawDiagrams(root, diagrams.config);
}

/** Stylesheet URLs the server names (assets.ts deckStyles): Lectern's built styles, or a deck's own under /decks/. */
const STYLE_URL = /^\/(?:assets\/styles\/|decks\/[^/?#]+\/lectern-deck\.css\?v=)[\w./%?=-]+$/;

/**
 * Makes the page's deck stylesheets `hrefs`, in order: new ones are added (and waited for, so
 * slides are not fitted in the old styles), old ones removed once the new ones are in.
 */
export async function syncStyles(hrefs: readonly string[] | undefined): Promise<void> {
  if (!hrefs) return;
  const wanted = hrefs.filter((href) => STYLE_URL.test(href));
  const current = [...document.head.querySelectorAll<HTMLLinkElement>('link[data-lectern-style]')];
  if (current.map((link) => link.getAttribute('href')).join('\n') === wanted.join('\n')) return;
  const loads: Array<Promise<unknown>> = [];
  const links = wanted.map((href) => {
    const old = current.find((link) => link.getAttribute('href') === href);
    if (old) return old;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.setAttribute('data-lectern-style', '');
    loads.push(
      new Promise((resolve) => {
        link.addEventListener('load', resolve, { once: true });
        link.addEventListener('error', resolve, { once: true });
      }),
    );
    return link;
  });
  document.head.append(...links);
  await Promise.all(loads);
  for (const link of current) if (!links.includes(link)) link.remove();
}
