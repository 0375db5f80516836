// Markdown -> sanitized HTML for one slide (or its notes). One Marked instance, built at module
// load, no global marked state touched.
import { Marked } from 'marked';
import { applyAttributeComments, type AttributePairs } from './attributes.ts';
import { sanitizeSlideHtml } from './sanitize.ts';
import { applyRawLineNumbers, renderFence, type CodeFeatures } from './code-blocks.ts';
import { renderMath } from './math.ts';
import { titleFromHtml } from './text.ts';
import { splitSections } from './sections.ts';
import type { PollDefinition } from '../../shared/polls.ts';

/** What the code blocks of the render under way used (marked renders synchronously). */
let codeFeatures: CodeFeatures = { mermaid: false, lineNumbers: false, polls: [], problems: [] };

// Code blocks are highlighted on the server (code-blocks.ts): <code class="hljs language-xx">.
const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({ renderer: { code: ({ text, lang }) => renderFence(text, lang ?? '', codeFeatures) } });

export interface RenderedMarkdown {
  /** Sanitized HTML. */
  readonly html: string;
  /** From `<!-- .slide: -->` comments (and top-level `.element` with nothing before), unsanitized. */
  readonly slideAttributes: Readonly<AttributePairs>;
  /** Sanitized inner HTML of `<aside class="notes">` blocks removed from the body. */
  readonly asideNotes: readonly string[];
  /** First heading, else first line of text (see text.ts); null when there is no text. */
  readonly title: string | null;
  /** What the page needs to load for it. */
  readonly features: Readonly<{ math: boolean; mermaid: boolean; lineNumbers: boolean }>;
  /** What an author should know (math KaTeX could not read, a malformed poll). */
  readonly problems: readonly string[];
  /** ```poll fences, in order. */
  readonly polls: readonly PollDefinition[];
  /** Top-level `<section>`s of the slide, which reveal.js makes slides of their own (sections.ts). */
  readonly sections: ReadonlyArray<{ html: string; attributes: Readonly<AttributePairs>; title: string | null }> | null;
}

const NO_FEATURES = Object.freeze({ math: false, mermaid: false, lineNumbers: false });
const EMPTY: RenderedMarkdown = Object.freeze({ html: '', slideAttributes: [], asideNotes: [], title: null, features: NO_FEATURES, problems: [], polls: [], sections: null });

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
/** Slides rendered since the cache was last emptied: what an edit costs, for tests and benchmarks. */
let renderCount = 0;

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
  renderCount++;
  const code: CodeFeatures = { mermaid: false, lineNumbers: false, polls: [], problems: [] };
  codeFeatures = code;
  const raw = applyRawLineNumbers(marked.parse(markdown, { async: false }), code);
  const applied = applyAttributeComments(raw);
  const math = renderMath(applied.html);
  const html = sanitizeSlideHtml(math.html).trim();
  const rendered: RenderedMarkdown = Object.freeze({
    html,
    slideAttributes: applied.slideAttributes,
    asideNotes: applied.notes.map((n) => sanitizeSlideHtml(renderMath(n).html).trim()).filter(Boolean),
    // The title is text: math in it reads as its TeX (the MathML annotation), not as KaTeX's layers.
    title: titleFromHtml(html),
    features: math.count > 0 || code.mermaid || code.lineNumbers ? Object.freeze({ math: math.count > 0, mermaid: code.mermaid, lineNumbers: code.lineNumbers }) : NO_FEATURES,
    problems: [...math.errors, ...code.problems],
    polls: Object.freeze(code.polls),
    sections: sectionsOf(math.html),
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

function sectionsOf(html: string): RenderedMarkdown['sections'] {
  const sections = splitSections(html);
  return sections
    ? sections.map((section) => {
        const clean = sanitizeSlideHtml(section.html).trim();
        return { html: clean, attributes: section.attributes, title: titleFromHtml(clean) };
      })
    : null;
}

/** Empties the render cache (for benchmarks and tests). */
export function clearRenderCache(): void {
  cache.clear();
  cachedChars = 0;
  renderCount = 0;
}

/** How many markdown texts were rendered (not taken from the cache) since clearRenderCache. */
export function renderedSinceClear(): number {
  return renderCount;
}
