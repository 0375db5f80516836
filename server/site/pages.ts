// The static site's pages (`lectern build`): the server's own index and deck pages (the same
// layout, cards, slides markup and page data), written for no server. Every link and file is
// relative to the page (or under --base), so the site works under any path and from file://;
// nothing live is offered, and the pages say so. No speaker notes: slides are rendered without.
import type { DeckSummary } from '../decks/store.ts';
import type { LoadedDeck } from '../decks/load.ts';
import { revealMarkup } from '../render/reveal.ts';
import { escapeHtml } from '../render/html.ts';
import { contentSecurityPolicy } from '../http/security.ts';
import { deckAssets, deckPageData, indexBody, INDEX_TITLE, layout, type IndexLinks } from '../http/pages.ts';
import { DECK_STYLESHEET, manifest, type AssetHref, type PageAsset } from '../http/assets.ts';
import { deckView } from '../render/page-data.ts';

/** What pages without a server cannot do, said where the server's pages offer it. */
export const LIVE_NOTE = 'Live features need the Lectern server';

/**
 * The pages' policy as a <meta> tag: the server's, without what a <meta> policy cannot carry
 * (frame-ancestors: browsers ignore it there, and say so in the console) and without sockets.
 */
export const SITE_CSP = contentSecurityPolicy({ 'frame-ancestors': undefined, 'connect-src': "'self'" });

/** Where the site's own files are seen from one of its pages. */
export interface SiteUrls {
  /** The site's root from this page: "", "../../", or --base. */
  root: string;
}

const encode = (slug: string) => encodeURIComponent(slug);

/** A deck's folder in the site, from the root. */
export const deckFolder = (slug: string) => `decks/${slug}`;
/** The PDF's file name inside the deck's folder. */
export const pdfName = (slug: string) => `${slug}.pdf`;

/** The client build under assets/, a deck's files beside its page. */
export function siteHref({ root }: SiteUrls): AssetHref {
  return (asset: PageAsset) => (asset.from === 'client' ? `${root}assets/${asset.path.split('/').map(encodeURIComponent).join('/')}` : asset.path.split('/').map(encodeURIComponent).join('/'));
}

/** A deck page's URL from the root: the folder under --base (a server adds index.html), the file itself relative (file:// does not). */
function deckHref(urls: SiteUrls, slug: string, base: boolean): string {
  return `${urls.root}${deckFolder(encode(slug))}/${base ? '' : 'index.html'}`;
}

export interface SitePageOptions {
  /** PDFs are written beside the decks. */
  pdf: boolean;
  /** --base: the site's URL path; relative URLs without it. */
  base?: string;
}

export function siteIndexPage(decks: DeckSummary[], options: SitePageOptions): string {
  const urls: SiteUrls = { root: options.base ?? '' };
  const links: IndexLinks = {
    deck: (slug) => deckHref(urls, slug, options.base !== undefined),
    pdf: (slug) => (options.pdf ? `${urls.root}${deckFolder(encode(slug))}/${encode(pdfName(slug))}` : undefined),
    lede: (count) => `${count} deck${count === 1 ? '' : 's'} to view${options.pdf ? ' or download' : ''}. ${LIVE_NOTE} (presenting live, following on phones).`,
  };
  return layout({ title: INDEX_TITLE, bundle: 'index', href: siteHref(urls), csp: SITE_CSP, body: indexBody(decks, links), bodyClass: 'page-index' });
}

/** The toolbar of a deck page without a server: back to the index, the PDF, and what is missing. */
export function siteToolbar(links: { index?: string; pdf?: string }): string {
  const index = links.index === undefined ? '' : `\n  <a class="toolbar-button" href="${escapeHtml(links.index)}" title="All decks">All decks</a>`;
  const pdf = links.pdf === undefined ? '' : `\n  <a class="toolbar-button" href="${escapeHtml(links.pdf)}" download>Download PDF</a>`;
  return `<nav class="deck-toolbar" aria-label="Deck actions">${index}${pdf}
  <span class="toolbar-note">${LIVE_NOTE}</span>
</nav>`;
}

/**
 * The deck's own stylesheet (sanitized and scoped, as the server serves it), written beside the
 * page under the server's name: its url()s are relative to the deck's folder, which the page's is.
 */
export function deckStylesheetAsset(loaded: Pick<LoadedDeck, 'stylesheet'>): PageAsset[] {
  return loaded.stylesheet ? [{ kind: 'stylesheet', from: 'deck', path: DECK_STYLESHEET }] : [];
}

/** The built diagram module (manifest "diagrams") for a deck with mermaid diagrams: the site copies it under assets/. */
export function siteDiagrams(loaded: Pick<LoadedDeck, 'deck'>): PageAsset | undefined {
  const file = manifest().scripts.diagrams;
  return loaded.deck.features.mermaid && file ? { kind: 'module', from: 'client', path: file } : undefined;
}

export function siteDeckPage(loaded: LoadedDeck, options: SitePageOptions): string {
  const urls: SiteUrls = { root: options.base ?? '../../' };
  const index = options.base === undefined ? `${urls.root}index.html` : urls.root;
  const pdf = options.pdf ? encode(pdfName(loaded.slug)) : undefined;
  const body = `${revealMarkup(loaded.deck, { id: 'lectern-deck' })}\n${siteToolbar({ index, pdf })}`;
  // The diagram module is imported when the deck has diagrams, from the URL the page data names.
  const diagrams = siteDiagrams(loaded);
  const data = { ...deckPageData(loaded, { watch: false }), ...deckView(loaded.deck, { diagramsSrc: diagrams && siteHref(urls)(diagrams) }) };
  // No font preloads: a preload is a CORS request, which file:// (a site on a USB stick) refuses,
  // while the stylesheet's own @font-face loads work there.
  return layout({ title: data.title, bundle: 'static', assets: [...deckAssets(loaded), ...deckStylesheetAsset(loaded)], href: siteHref(urls), csp: SITE_CSP, body, data, bodyClass: 'page-deck' });
}
