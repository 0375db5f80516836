// Links between slides in the PDF. reveal.js links to a slide by its hash route — `#/3`,
// `#/3/1`, `#/intro` — or by a `navigate-*` class, none of which mean anything in a PDF. Each
// such link is pointed at the id of the first printed page showing its target; Chromium prints a
// link to an element of the same document as a jump to that place in the PDF. External links
// Chromium makes clickable by itself.

/** The id of printed page `n` (1-based). */
export const pageId = (n: number) => `lectern-page-${n}`;

const NAVIGATE: Record<string, number> = { 'navigate-next': 1, 'navigate-right': 1, 'navigate-down': 1, 'navigate-prev': -1, 'navigate-left': -1, 'navigate-up': -1 };

/** The [h, v] route of `#/3/1`, or the id of `#/intro` or `#intro`; undefined for any other href. */
export function routeOf(href: string): { h: number; v: number } | { id: string } | undefined {
  if (!href.startsWith('#') || href.length < 2) return undefined;
  let path = href.slice(1);
  try {
    path = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/')) return { id: path };
  const [first = '', second = ''] = path.slice(1).split('/');
  if (/^\d+$/.test(first)) return { h: Number(first), v: /^\d+$/.test(second) ? Number(second) : 0 };
  return first ? { id: first } : { h: 0, v: 0 };
}

/**
 * Points every link to another slide at the page that prints it. `pages` are the printed pages
 * in order, `map` their slides' [h, v]. A link whose slide is not printed (a --slides range)
 * loses its href, rather than pointing nowhere.
 */
export function linkPages(pages: readonly Element[], map: ReadonlyArray<readonly [number, number]>): void {
  const byRoute = new Map<string, number>();
  const byId = new Map<string, number>();
  pages.forEach((page, i) => {
    page.id = pageId(i + 1);
    const [h, v] = map[i] ?? [-1, 0];
    if (!byRoute.has(`${h}/${v}`)) byRoute.set(`${h}/${v}`, i);
    for (const element of page.querySelectorAll('[id]')) if (!byId.has(element.id)) byId.set(element.id, i);
  });
  pages.forEach((page, i) => {
    for (const link of page.querySelectorAll<HTMLAnchorElement>('a[href]')) {
      const step = Object.entries(NAVIGATE).find(([name]) => link.classList.contains(name))?.[1];
      const href = link.getAttribute('href') ?? '';
      const route = step === undefined ? routeOf(href) : undefined;
      // A bare `#` goes nowhere in a deck; in a PDF it would jump to the first page.
      if (href === '#' && step === undefined) link.removeAttribute('href');
      if (step === undefined && !route) continue;
      const target =
        step !== undefined ? i + step : route && 'id' in route ? byId.get(route.id) : route ? byRoute.get(`${route.h}/${route.v}`) : undefined;
      // An in-page anchor (`#id` on the page itself) keeps its own target.
      if (route && 'id' in route && !href.startsWith('#/') && target === i) continue;
      if (target === undefined || target < 0 || target >= pages.length) link.removeAttribute('href');
      else link.setAttribute('href', `#${pageId(target + 1)}`);
    }
  });
}
