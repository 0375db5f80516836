// Markdown -> sanitized HTML for one slide (or its notes). One Marked instance, built at module
// load, no global marked state touched.
import { Marked } from 'marked';
import { markedHighlight } from 'marked-highlight';
import { applyAttributeComments, type AttributePairs } from './attributes.ts';
import { sanitizeSlideHtml } from './sanitize.ts';
import { highlightCode } from './highlight.ts';
import { titleFromHtml } from './text.ts';

// Server-side highlighting (highlight.ts); the <code> gets class "hljs language-xx" (or "hljs").
const marked = new Marked(
  markedHighlight({ langPrefix: 'hljs language-', emptyLangClass: 'hljs', highlight: highlightCode }),
  { gfm: true, breaks: false, async: false },
);

export interface RenderedMarkdown {
  /** Sanitized HTML. */
  readonly html: string;
  /** From `<!-- .slide: -->` comments (and top-level `.element` with nothing before), unsanitized. */
  readonly slideAttributes: Readonly<AttributePairs>;
  /** Sanitized inner HTML of `<aside class="notes">` blocks removed from the body. */
  readonly asideNotes: readonly string[];
  /** First heading, else first line of text (see text.ts); null when there is no text. */
  readonly title: string | null;
}

const EMPTY: RenderedMarkdown = Object.freeze({ html: '', slideAttributes: [], asideNotes: [], title: null });

// Rendering is a pure function of the markdown, and a deck is re-parsed on every save while
// most of its slides are unchanged: a bounded LRU of rendered slides makes re-parsing a
// 200-slide deck take a few ms instead of tens (marked + highlight.js + sanitize-html cost
// ~0.1-0.3 ms per slide). Entries are frozen; callers copy what they keep. The cache is bounded
// by characters as well as entries, so it stays a small part of the parse worker's memory limit
// (server/decks/parse-pool.ts) however large the slides it has seen.
const CACHE_ENTRIES = 2000;
const CACHE_MAX_SOURCE = 64 * 1024;
const CACHE_MAX_CHARS = 8 * 1024 * 1024;
const cache = new Map<string, RenderedMarkdown>();
let cachedChars = 0;

function size(markdown: string, rendered: RenderedMarkdown): number {
  return markdown.length + rendered.html.length + rendered.asideNotes.reduce((sum, n) => sum + n.length, 0);
}

/** Renders markdown (raw HTML allowed) to sanitized HTML, applying reveal.js attribute comments. */
export function renderMarkdown(markdown: string): RenderedMarkdown {
  if (!markdown.trim()) return EMPTY;
  const cached = cache.get(markdown);
  if (cached) {
    cache.delete(markdown);
    cache.set(markdown, cached);
    return cached;
  }
  const raw = marked.parse(markdown, { async: false });
  const applied = applyAttributeComments(raw);
  const html = sanitizeSlideHtml(applied.html).trim();
  const rendered: RenderedMarkdown = Object.freeze({
    html,
    slideAttributes: applied.slideAttributes,
    asideNotes: applied.notes.map((n) => sanitizeSlideHtml(n).trim()).filter(Boolean),
    title: titleFromHtml(html),
  });
  const chars = size(markdown, rendered);
  if (markdown.length <= CACHE_MAX_SOURCE && chars <= CACHE_MAX_CHARS / 16) {
    cache.set(markdown, rendered);
    cachedChars += chars;
    while (cache.size > CACHE_ENTRIES || cachedChars > CACHE_MAX_CHARS) {
      const [oldest, entry] = cache.entries().next().value as [string, RenderedMarkdown];
      cache.delete(oldest);
      cachedChars -= size(oldest, entry);
    }
  }
  return rendered;
}

/** Empties the render cache (for benchmarks and tests). */
export function clearRenderCache(): void {
  cache.clear();
  cachedChars = 0;
}
