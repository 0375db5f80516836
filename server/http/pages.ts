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
import { bundleTags, deckStyles, diagramsSrc, styleTags } from './assets.ts';
import { PAGE_DATA_ID, type DeckPageData } from '../../shared/page-data.ts';

export interface PageOptions {
  title: string;
  /** Bundle name in dist/client: loads /assets/<name>.js and /assets/<name>.css. */
  bundle?: string;
  /** The page shows slides at once: preload what their first layout needs (see assets.ts). */
  slides?: boolean;
  body: string;
  data?: unknown;
  bodyClass?: string;
  /** Stylesheets of the deck on show, after the bundle's (assets.ts deckStyles). */
  styles?: readonly string[];
}

export function layout({ title, bundle, slides, body, data, bodyClass, styles }: PageOptions): string {
  const assets = `${bundle ? bundleTags(bundle, { slides }) : '<link rel="stylesheet" href="/assets/app.css">'}${styles?.length ? `\n${styleTags(styles)}` : ''}`;
  const dataBlock = data === undefined ? '' : `<script type="application/json" id="${PAGE_DATA_ID}">${jsonForScript(data)}</script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
${assets}
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

/** A deck's warnings on its card: a count that opens the list (a <details>, usable by keyboard and touch). */
function warningsBadge(d: DeckSummary): string {
  if (d.warnings.length === 0) return '';
  const n = d.warnings.length;
  const items = d.warnings
    .slice(0, SHOWN_WARNINGS)
    .map((w) => `<li>${w.file ? `<code>${escapeHtml(`${w.file}${w.line ? `:${w.line}` : ''}`)}</code> ` : ''}${escapeHtml(w.message)}</li>`)
    .join('');
  const more = n > SHOWN_WARNINGS ? `<li>… and ${n - SHOWN_WARNINGS} more (<a href="/api/decks/${encodeURIComponent(d.slug)}">all of them</a>)</li>` : '';
  return `
  <details class="card__warnings"><summary class="badge badge--warning"><span aria-hidden="true">⚠</span> ${n} warning${n === 1 ? '' : 's'}</summary>
  <ul class="card__warning-list">${items}${more}</ul></details>`;
}

export function indexPage(decks: DeckSummary[]): string {
  const cards = decks
    .map((d) => {
      const search = escapeHtml([d.title, d.author, d.event, d.date, d.slug].filter(Boolean).join(' ').toLowerCase());
      if (d.error) {
        const where = `${d.error.file}${d.error.line ? `:${d.error.line}` : ''}`;
        return `<li class="card card--error" data-search="${search}">
  <a class="card__link" href="/decks/${encodeURIComponent(d.slug)}"><h2 class="card__title">${escapeHtml(d.slug)}</h2></a>
  <p class="badge badge--error" role="status">Error</p>
  <p class="card__error"><code>${escapeHtml(where)}</code> ${escapeHtml(d.error.message)}</p>
</li>`;
      }
      return `<li class="card" data-search="${search}">
  <a class="card__link" href="/decks/${encodeURIComponent(d.slug)}"><h2 class="card__title">${escapeHtml(d.title)}</h2></a>
  <p class="card__meta">${deckMetaLine(d)}</p>${warningsBadge(d)}
  <p class="card__footer"><span class="card__count">${d.slides} slide${d.slides === 1 ? '' : 's'}</span>
  <a class="button button--quiet" href="/decks/${encodeURIComponent(d.slug)}.pdf" download>Download PDF</a></p>
</li>`;
    })
    .join('\n');
  const body = `<header class="masthead">
  <p class="brand"><span class="brand__mark" aria-hidden="true">▤</span> Lectern</p>
  <h1>Decks</h1>
  <p class="masthead__lede">${decks.length} deck${decks.length === 1 ? '' : 's'} ready to present, follow along or download.</p>
  <label class="filter"><span class="visually-hidden">Filter decks</span>
    <input id="lectern-filter" type="search" placeholder="Filter by title, speaker, event…" autocomplete="off"></label>
</header>
<main>
  <ul class="cards" id="lectern-decks">
${cards || '<li class="empty">No decks yet: add a markdown file to the decks folder.</li>'}
  </ul>
  <p class="empty" id="lectern-no-match" hidden>No deck matches that filter.</p>
</main>`;
  return layout({ title: 'Lectern — decks', bundle: 'index', body, bodyClass: 'page-index' });
}

/** The most warnings a page or card lists (the JSON API has them all). */
export const SHOWN_WARNINGS = 50;

export function deckPage(loaded: LoadedDeck, options: { watch: boolean }): string {
  const data: DeckPageData = {
    slug: loaded.slug,
    ...deckView(loaded.deck, { diagramsSrc: diagramsSrc() }),
    watch: options.watch,
    warnings: loaded.deck.warnings.slice(0, SHOWN_WARNINGS),
  };
  const slug = encodeURIComponent(loaded.slug);
  const body = `${revealMarkup(loaded.deck, { id: 'lectern-deck' })}
<nav class="deck-toolbar" aria-label="Deck actions">
  <a class="toolbar-button" href="/" title="All decks">All decks</a>
  <button type="button" class="toolbar-button" id="lectern-present-live" data-slug="${escapeHtml(loaded.slug)}">Present live</button>
  <a class="toolbar-button" href="/decks/${slug}.pdf" download>Download PDF</a>
</nav>`;
  return layout({ title: data.title, bundle: 'deck', slides: true, body, data, bodyClass: 'page-deck', styles: deckStyles(loaded) });
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
