// Server-rendered pages. Client scripts get their data from a JSON <script> block, never
// from inline code, so the Content-Security-Policy can forbid inline scripts entirely.
//
// Slides carry author HTML, and they come before the page's own elements. So that no author
// element can stand in for one of the page's: the data block is in <head> (author HTML is only
// ever in <body>), and every id the pages give their own elements starts with "lectern-", a
// namespace deck/sanitize.ts keeps authors out of.
import type { DeckSummary } from '../decks/store.ts';
import type { LoadedDeck } from '../decks/load.ts';
import { revealMarkup } from '../render/reveal.ts';
import { deckView } from '../render/page-data.ts';
import { escapeHtml, jsonForScript } from '../render/html.ts';
import { assetTags, bundleAssets, deckStyleAssets, deckStyles, diagramsSrc, ICON, styleTags, type AssetHref, type PageAsset } from './assets.ts';
import { PAGE_DATA_ID, type DeckPageData } from '../../shared/page-data.ts';

export interface PageOptions {
  title: string;
  /** Bundle name in dist/client: loads /assets/<name>.js and /assets/<name>.css. */
  bundle?: string;
  /** The page shows slides at once: preload what their first layout needs (see assets.ts). */
  slides?: boolean;
  /** Files the page loads after its bundle's (a deck's extras: deckAssets). */
  assets?: readonly PageAsset[];
  /** Where the page's files are: the server's URLs unless the page is written elsewhere (server/site/). */
  href?: AssetHref;
  /** A Content-Security-Policy as a <meta> tag, for pages no Lectern server sends (server/site/). */
  csp?: string;
  /** The tags that load the page's files, made by the caller instead (a single-file deck inlines them). */
  head?: string;
  body: string;
  data?: unknown;
  bodyClass?: string;
  /** The server's stylesheets of the deck on show (assets.ts deckStyles), marked for live reload to swap. */
  styles?: readonly string[];
}

export function layout({ title, bundle, slides, assets = [], href, csp, head, body, data, bodyClass, styles = [] }: PageOptions): string {
  const own = bundle ? bundleAssets(bundle, { slides }) : [{ kind: 'stylesheet', from: 'client', path: 'app.css' } satisfies PageAsset];
  const dataBlock = data === undefined ? '' : `<script type="application/json" id="${PAGE_DATA_ID}">${jsonForScript(data)}</script>`;
  // First in <head>: a policy given by <meta> covers only what comes after it.
  const policy = csp === undefined ? '' : `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${policy}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
${head ?? assetTags([ICON, ...own, ...assets], href)}${styles.length > 0 ? `\n${styleTags(styles)}` : ''}
${dataBlock}
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ''}>
${body}
</body>
</html>`;
}

/** "2013-07-02" → "2 July 2013"; anything else is shown as written. */
function displayDate(date: string | undefined): string | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(parsed);
}

function deckMetaLine(d: { event?: string; date?: string; author?: string }): string {
  const author = d.author ? `<span class="card__author">${escapeHtml(d.author)}</span>` : '';
  const when = [d.event, displayDate(d.date)].filter(Boolean).map((p) => `<span class="nowrap">${escapeHtml(p)}</span>`).join(' · ');
  return [author, when].filter(Boolean).join('<br>');
}

/** The most warnings a page or card lists (the JSON API has them all). */
export const SHOWN_WARNINGS = 50;

/** A deck's warnings on its card: a count that opens the list (a <details>, usable by keyboard and touch). */
function warningsBadge(d: DeckSummary): string {
  if (d.warnings.length === 0) return '';
  const n = d.warnings.length;
  const items = d.warnings
    .slice(0, SHOWN_WARNINGS)
    .map((w) => `<li>${w.file ? `<code>${escapeHtml(`${w.file}${w.line ? `:${w.line}` : ''}`)}</code> ` : ''}${escapeHtml(w.message)}</li>`)
    .join('');
  const more = n > SHOWN_WARNINGS ? `<li>… and ${n - SHOWN_WARNINGS} more (the deck's API lists them all)</li>` : '';
  return `
  <details class="card__warnings"><summary class="badge badge--warning"><span aria-hidden="true">⚠</span> ${n} warning${n === 1 ? '' : 's'}</summary>
  <ul class="card__warning-list">${items}${more}</ul></details>`;
}

/** Where an index card's links go, and what the index says of itself. */
export interface IndexLinks {
  deck(slug: string): string;
  /** The deck's PDF, or undefined where there is none. */
  pdf(slug: string): string | undefined;
  /** The line under the heading, for `count` decks. */
  lede(count: number): string;
}

const SERVER_LINKS: IndexLinks = {
  deck: (slug) => `/decks/${encodeURIComponent(slug)}`,
  pdf: (slug) => `/decks/${encodeURIComponent(slug)}.pdf`,
  lede: (count) => `${count} deck${count === 1 ? '' : 's'} ready to present, follow along or download.`,
};

/** The index page's <body>: a card per deck, a filter box. */
export function indexBody(decks: DeckSummary[], links: IndexLinks = SERVER_LINKS): string {
  const cards = decks
    .map((d) => {
      const search = escapeHtml([d.title, d.author, d.event, d.date, d.slug].filter(Boolean).join(' ').toLowerCase());
      const href = escapeHtml(links.deck(d.slug));
      if (d.error) {
        const where = `${d.error.file}${d.error.line ? `:${d.error.line}` : ''}`;
        return `<li class="card card--error" data-search="${search}">
  <a class="card__link" href="${href}"><h2 class="card__title">${escapeHtml(d.slug)}</h2></a>
  <p class="badge badge--error" role="status">Error</p>
  <p class="card__error"><code>${escapeHtml(where)}</code> ${escapeHtml(d.error.message)}</p>
</li>`;
      }
      const pdf = links.pdf(d.slug);
      const download = pdf === undefined ? '' : `\n  <a class="button button--quiet" href="${escapeHtml(pdf)}" download>Download PDF</a>`;
      return `<li class="card" data-search="${search}">
  <a class="card__link" href="${href}"><h2 class="card__title">${escapeHtml(d.title)}</h2></a>
  <p class="card__meta">${deckMetaLine(d)}</p>${warningsBadge(d)}
  <p class="card__footer"><span class="card__count">${d.slides} slide${d.slides === 1 ? '' : 's'}</span>${download}</p>
</li>`;
    })
    .join('\n');
  return `<header class="masthead">
  <p class="brand"><span class="brand__mark" aria-hidden="true">▤</span> Lectern</p>
  <h1>Decks</h1>
  <p class="masthead__lede">${escapeHtml(links.lede(decks.length))}</p>
  <label class="filter"><span class="visually-hidden">Filter decks</span>
    <input id="lectern-filter" type="search" placeholder="Filter by title, speaker, event…" autocomplete="off"></label>
</header>
<main>
  <ul class="cards" id="lectern-decks">
${cards || '<li class="empty">No decks yet: add a markdown file to the decks folder.</li>'}
  </ul>
  <p class="empty" id="lectern-no-match" hidden>No deck matches that filter.</p>
</main>`;
}

export function indexPage(decks: DeckSummary[]): string {
  return layout({ title: INDEX_TITLE, bundle: 'index', body: indexBody(decks), bodyClass: 'page-index' });
}

export const INDEX_TITLE = 'Lectern — decks';

/** What a deck page's script is told: the same on the server's deck page and the static site's. */
export function deckPageData(loaded: LoadedDeck, options: { watch: boolean }): DeckPageData {
  const { duration } = loaded.deck.meta;
  return { slug: loaded.slug, ...deckView(loaded.deck), watch: options.watch, ...(duration === undefined ? {} : { duration }) };
}

/**
 * What a deck's page loads beyond its bundle, for this deck: the server's deck page, the static
 * site's (which copies each file) and a single-file deck (which inlines each) all take this list.
 */
export function deckAssets(loaded: LoadedDeck): PageAsset[] {
  return deckStyleAssets(loaded.deck);
}

/**
 * Where the server serves a deck's own files (decks-routes.ts), for pages and markup that are not
 * at the deck's URL (the live pages, live reload); undefined for a deck without a folder of files.
 */
export function deckAssetBase(loaded: Pick<LoadedDeck, 'slug' | 'assetDir'>): string | undefined {
  return loaded.assetDir === undefined ? undefined : `/decks/${encodeURIComponent(loaded.slug)}/`;
}

export function deckPage(loaded: LoadedDeck, options: { watch: boolean }): string {
  // The server's page adds what needs the server: the diagram module, the author's warnings.
  const data: DeckPageData = { ...deckPageData(loaded, options), ...deckView(loaded.deck, { diagramsSrc: diagramsSrc() }), warnings: loaded.deck.warnings.slice(0, SHOWN_WARNINGS) };
  const slug = encodeURIComponent(loaded.slug);
  const body = `${revealMarkup(loaded.deck, { id: 'lectern-deck' })}
<nav class="deck-toolbar" aria-label="Deck actions">
  <a class="toolbar-button" href="/" title="All decks">All decks</a>
  <button type="button" class="toolbar-button" id="lectern-present-live" data-slug="${escapeHtml(loaded.slug)}">Present live</button>
  <button type="button" class="toolbar-button" id="lectern-speaker-open" aria-keyshortcuts="S">Speaker view</button>
  <button type="button" class="toolbar-button" id="lectern-rehearse-open">Rehearse</button>
  <a class="toolbar-button" href="/decks/${slug}.pdf" download>Download PDF</a>
</nav>`;
  // deckStyles: deckAssets's stylesheets and the deck's own, marked so live reload can swap them.
  return layout({ title: data.title, bundle: 'deck', slides: true, styles: deckStyles(loaded), body, data, bodyClass: 'page-deck' });
}

export function errorPage(
  status: number,
  heading: string,
  detail: string,
  location?: string,
  excerpt?: Array<{ line: number; text: string }>,
  errorLine?: number,
): string {
  const where = location ? `<p class="error__where"><code>${escapeHtml(location)}</code></p>` : '';
  const source = excerpt?.length
    ? `<pre class="error__source" aria-label="The lines around the error">${excerpt
        .map(({ line, text }) => `<span class="error__line${line === errorLine ? ' error__line--bad' : ''}"><span class="error__num">${line}</span>${escapeHtml(text) || ' '}</span>`)
        .join('')}</pre>`
    : '';
  const body = `<main class="error-page">
  <p class="brand"><span class="brand__mark" aria-hidden="true">▤</span> Lectern</p>
  <h1>${escapeHtml(heading)}</h1>
  ${where}
  <p class="error__detail">${escapeHtml(detail)}</p>
  ${source}
  <p><a class="button" href="/">All decks</a></p>
</main>`;
  return layout({ title: `${status} — ${heading}`, body, bodyClass: 'page-error' });
}
