// Code blocks: fenced blocks from markdown (highlighted; ```mermaid as a diagram placeholder;
// line numbers and steps from `[…]` in the info string) and raw-HTML `<code data-line-numbers>`
// blocks, which reveal.js's highlight plugin would number and step in the browser.
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { textContent } from 'domutils';
import type { Element } from 'domhandler';
import { highlightCode } from './highlight.ts';
import { mermaidPlaceholder } from './mermaid.ts';
import { LINE_SPEC, codeWithSteps } from './line-numbers.ts';
import { escapeHtml } from './text.ts';
import { parsePollFence, pollMarkup } from './polls.ts';
import type { PollDefinition } from '../../shared/polls.ts';

/** What the code blocks of one render used. */
export interface CodeFeatures {
  mermaid: boolean;
  lineNumbers: boolean;
  /** ```poll fences, in order. */
  polls: PollDefinition[];
  /** What an author should know about them (a malformed poll stays a code block). */
  problems: string[];
}


/** Highlighted, escaped HTML of `code` in `lang` (escaped plain text for unknown languages). */
function highlighted(code: string, lang: string): string {
  const out = highlightCode(code, lang);
  return out === code ? escapeHtml(code) : out;
}

/** A fenced code block; `info` is the whole info string ("js [1|2-3]"). */
export function renderFence(text: string, info: string, features: CodeFeatures): string {
  const code = text.replace(/\n$/, '');
  const spec = LINE_SPEC.exec(info);
  // reveal.js's markdown plugin takes the line spec out of the info string before the language.
  const lang = (spec ? info.replace(LINE_SPEC, '') : info).trim().match(/^\S*/)?.[0] ?? '';
  if (lang.toLowerCase() === 'mermaid') {
    features.mermaid = true;
    return mermaidPlaceholder(code);
  }
  if (lang.toLowerCase() === 'poll') {
    const parsed = parsePollFence(code);
    if ('poll' in parsed) {
      features.polls.push(parsed.poll);
      return pollMarkup(parsed.poll);
    }
    features.problems.push(parsed.problem);
  }
  const className = lang ? `hljs language-${escapeHtml(lang)}` : 'hljs';
  if (!spec || !code.trim()) return `<pre><code class="${className}">${highlighted(code, lang)}\n</code></pre>\n`;
  features.lineNumbers = true;
  const startFrom = spec[2] ? Number.parseInt(spec[2], 10) : undefined;
  return `<pre>${codeWithSteps({ highlighted: highlighted(code, lang), className, spec: spec[3]!.trim(), startFrom })}</pre>\n`;
}

/** reveal.js's data-trim: no blank lines around, and no indentation all lines share. */
function trimCode(text: string): string {
  const lines = text.replace(/^\s*\n/, '').replace(/\n\s*$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

/** `<code data-line-numbers>` in raw HTML: numbered and stepped like a fenced block. */
export function applyRawLineNumbers(html: string, features: CodeFeatures): string {
  if (!html.includes('data-line-numbers')) return html;
  const doc = parseDocument(html);
  let changed = false;
  const visit = (element: Element) => {
    // A copy: replacing a <code> changes the list, and the new ones are already done.
    for (const child of [...element.children]) {
      if (child.type !== 'tag') continue;
      const el = child as Element;
      // A fenced block's <code> is numbered already (its first child is the table).
      const numbered = el.children.some((c) => c.type === 'tag' && (c as Element).name === 'table');
      if (el.name === 'code' && 'data-line-numbers' in el.attribs && !numbered && el.parent && (el.parent as Element).name === 'pre') {
        replaceCode(el);
        changed = true;
      } else {
        visit(el);
      }
    }
  };
  const replaceCode = (code: Element) => {
    const { 'data-line-numbers': spec, 'data-ln-start-from': from, 'data-fragment-index': index, class: cls = '', ...rest } = code.attribs;
    const raw = textContent(code);
    const text = 'data-trim' in code.attribs ? trimCode(raw) : raw;
    const classes = cls.split(/\s+/).filter((c) => c && c !== 'hljs');
    const lang = classes.find((c) => c.startsWith('language-'))?.slice(9) ?? classes.find((c) => c !== 'fragment') ?? '';
    const extra = Object.entries(rest)
      .filter(([name]) => name !== 'data-trim' && name !== 'data-noescape')
      .map(([name, value]) => (value ? `${name}="${escapeHtml(value)}"` : name))
      .join(' ');
    const markup = codeWithSteps({
      highlighted: highlighted(text, lang),
      className: ['hljs', ...classes].join(' '),
      spec: spec ?? '',
      startFrom: from && /^\d+$/.test(from) ? Number(from) : undefined,
      fragmentIndex: index && /^\d+$/.test(index) ? Number(index) : undefined,
      extraAttributes: extra,
    });
    const parsed = parseDocument(markup).children;
    const siblings = code.parent!.children;
    const at = siblings.indexOf(code);
    for (const node of parsed) node.parent = code.parent;
    siblings.splice(at, 1, ...parsed);
    for (let i = 0; i < siblings.length; i++) {
      siblings[i]!.prev = siblings[i - 1] ?? null;
      siblings[i]!.next = siblings[i + 1] ?? null;
    }
    features.lineNumbers = true;
  };
  for (const node of doc.children) if (node.type === 'tag') visit(node as Element);
  return changed ? render(doc, { encodeEntities: 'utf8' }) : html;
}
