// Plain text out of (sanitized) slide HTML: slide titles for overviews, tables of contents
// and the deck title fallback.
import { parseDocument } from 'htmlparser2';
import { findAll, isTag, isText, textContent } from 'domutils';
import type { AnyNode } from 'domhandler';

/** Longest title taken from body text (headings are kept whole). */
export const MAX_TEXT_TITLE = 80;

const HEADING = /^h[1-6]$/;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML, as an element's content or a quoted attribute value. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Elements that start a new line of text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "a very long line ..." -> at most `max` characters, cut at a word boundary when one is near. */
export function truncate(text: string, max = MAX_TEXT_TITLE): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

function findHeading(nodes: AnyNode[]): string | null {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (HEADING.test(node.name)) {
      const parts: string[] = [];
      collectText(node.children, parts);
      const text = collapse(parts.join(''));
      if (text) return text;
      continue;
    }
    const inner = findHeading(node.children);
    if (inner) return inner;
  }
  return null;
}

/** Text of a node for titles: a formula reads as its TeX, KaTeX's drawn layer (aria-hidden) not at all. */
function readable(node: AnyNode, out: string[]): boolean {
  if (!isTag(node)) return false;
  if (node.attribs['aria-hidden'] === 'true') return true;
  if (node.name !== 'math') return false;
  const tex = findAll((n) => n.name === 'annotation', node.children)[0];
  out.push(collapse(textContent(tex ?? node)));
  return true;
}

function collectText(nodes: AnyNode[], out: string[]): void {
  for (const node of nodes) {
    if (isText(node)) out.push(node.data);
    else if (readable(node, out)) continue;
    else if (isTag(node)) {
      const block = BLOCK.has(node.name);
      if (block) out.push('\n');
      collectText(node.children, out);
      if (block) out.push('\n');
    }
  }
}

/**
 * The title of a slide from its HTML: the text of the first h1–h6 that has any, else the
 * first non-empty line of text (truncated to ~80 characters), else null.
 */
export function titleFromHtml(html: string): string | null {
  if (!html.trim()) return null;
  const doc = parseDocument(html);
  const heading = findHeading(doc.children);
  if (heading) return heading;
  const parts: string[] = [];
  collectText(doc.children, parts);
  for (const line of parts.join('').split('\n')) {
    const text = collapse(line);
    if (text) return truncate(text);
  }
  return null;
}
