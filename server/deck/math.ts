// Math, rendered on the server with KaTeX, where reveal.js's math plugin (KaTeX or MathJax)
// would find it: in the text of the slide's HTML after markdown, outside code, pre, script,
// style and textarea, between `$…$` or `\(…\)` (inline) and `$$…$$` or `\[…\]` (display).
// Decks are written for that plugin, so their TeX has been through markdown first (`\\{` in the
// file is `\{` in the math), and it is read at the same point here. Code is not math, with one
// exception the plugin makes too (it does not skip <code>): a code span that holds one formula
// and nothing else (`` `$$ x_{n+1} $$` ``), the way decks keep markdown away from their TeX.
//
// A `$` opens inline math only when the `$…$` cannot be a price: no space after the opening
// `$` and none before the closing one (unless the text between is TeX, such as
// `$ \alpha $`), and the closing `$` is not followed by a digit. "$5 and $10" stays text.
//
// KaTeX runs with `trust: false` (\href, \url, \includegraphics, \htmlClass… render as plain
// red text), bounded `maxSize`/`maxExpand`, `output: 'htmlAndMathml'` (MathML for screen
// readers); its output still goes through the sanitizer like any HTML. KaTeX is loaded on the
// first deck that has math: decks without it never pay for it.
import { createRequire } from 'node:module';
import { parseDocument } from 'htmlparser2';
import render from 'dom-serializer';
import { isTag, isText, textContent } from 'domutils';
import { Text, type ChildNode, type ParentNode } from 'domhandler';

interface Katex {
  renderToString(tex: string, options: Record<string, unknown>): string;
}

let katex: Katex | null = null;
const requireModule = createRequire(import.meta.url);
function loadKatex(): Katex {
  katex ??= requireModule('katex') as Katex;
  return katex;
}

/** Elements whose text is never math (reveal.js's math plugin skips the same). */
const SKIP = new Set(['code', 'pre', 'script', 'style', 'textarea', 'noscript', 'option', 'svg', 'math']);
/** Longest formula rendered; longer ones stay text (KaTeX's time grows with the input). */
const MAX_TEX = 20_000;
const OPTIONS = { output: 'htmlAndMathml', trust: false, strict: 'ignore', maxSize: 50, maxExpand: 1000 } as const;

/** Private-use characters around placeholder numbers; removed from the input first. */
const OPEN = '\uE000';
const CLOSE = '\uE001';

export interface MathResult {
  html: string;
  /** Formulas rendered. */
  count: number;
  /** KaTeX's messages for formulas it could not parse (shown as red text on the slide). */
  errors: string[];
}

/** Cheap test: could `html` hold math at all? */
export function mayHaveMath(html: string): boolean {
  return html.includes('$') || html.includes('\\(') || html.includes('\\[');
}

interface Formula {
  tex: string;
  display: boolean;
}

/** A TeX-looking formula may have spaces inside its `$…$`. */
const TEXISH = /\\[a-zA-Z]|[\^_{}]/;

/** Splits text into plain pieces and formulas. */
export function findMath(text: string): Array<string | Formula> {
  const out: Array<string | Formula> = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    let formula: Formula | null = null;
    let end = -1;
    if (two === '$$') {
      end = text.indexOf('$$', i + 2);
      if (end > i + 2) formula = { tex: text.slice(i + 2, end), display: true };
      end += 2;
    } else if (two === '\\[' || two === '\\(') {
      end = text.indexOf(two === '\\[' ? '\\]' : '\\)', i + 2);
      if (end > i + 2) formula = { tex: text.slice(i + 2, end), display: two === '\\[' };
      end += 2;
    } else if (c === '$' && text[i - 1] !== '\\') {
      end = text.indexOf('$', i + 1);
      if (end > i + 1) {
        const tex = text.slice(i + 1, end);
        const tight = !/^\s/.test(tex) && !/\s$/.test(tex);
        if ((tight || TEXISH.test(tex)) && !/^\d/.test(text.slice(end + 1, end + 2)) && !tex.includes('\n\n')) formula = { tex, display: false };
      }
      end += 1;
    }
    if (formula && formula.tex.trim() && formula.tex.length <= MAX_TEX) {
      if (plain) out.push(plain);
      plain = '';
      out.push(formula);
      i = end;
    } else {
      plain += c;
      i++;
    }
  }
  if (plain) out.push(plain);
  return out;
}

/** The formula a code span holds when it holds exactly one and nothing else; else null. */
function wholeFormula(text: string): Formula | null {
  const trimmed = text.trim();
  if (!/^(?:\$|\\[([])/.test(trimmed)) return null;
  const parts = findMath(trimmed);
  const [only] = parts;
  return parts.length === 1 && only !== undefined && typeof only !== 'string' ? only : null;
}

function renderFormula(formula: Formula, errors: string[]): string {
  const tex = formula.tex.replace(/\\require\{[A-Za-z]+\}/g, '');
  const lib = loadKatex();
  try {
    return lib.renderToString(tex, { ...OPTIONS, displayMode: formula.display, throwOnError: true });
  } catch (err) {
    errors.push(`math KaTeX could not read: ${(err as Error).message.replace(/^KaTeX parse error: /, '').slice(0, 200)}`);
    return lib.renderToString(tex, { ...OPTIONS, displayMode: formula.display, throwOnError: false });
  }
}

/** Renders the math in `html` (unsanitized slide HTML); html as is when there is none. */
export function renderMath(html: string): MathResult {
  if (!mayHaveMath(html)) return { html, count: 0, errors: [] };
  const doc = parseDocument(html.replaceAll(OPEN, '').replaceAll(CLOSE, ''));
  const formulas: Formula[] = [];
  walk(doc, formulas);
  if (formulas.length === 0) return { html, count: 0, errors: [] };
  const errors: string[] = [];
  const rendered = formulas.map((f) => renderFormula(f, errors));
  const out = render(doc, { encodeEntities: 'utf8' }).replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, n: string) => rendered[Number(n)]!); // walk() numbered each placeholder
  return { html: out, count: formulas.length, errors };
}

function walk(parent: ParentNode, formulas: Formula[]): void {
  const children: ChildNode[] = [];
  let changed = false;
  for (const node of parent.children) {
    if (isTag(node)) {
      const formula = node.name === 'code' && !(isTag(parent) && parent.name === 'pre') ? wholeFormula(textContent(node)) : null;
      if (formula) {
        changed = true;
        children.push(new Text(`${OPEN}${formulas.length}${CLOSE}`));
        formulas.push(formula);
        continue;
      }
      if (!SKIP.has(node.name) && !/\bmermaid\b/.test(node.attribs.class ?? '')) walk(node, formulas);
      children.push(node);
    } else if (isText(node) && mayHaveMath(node.data)) {
      const parts = findMath(node.data);
      if (parts.length === 1 && typeof parts[0] === 'string') {
        children.push(node);
        continue;
      }
      changed = true;
      for (const part of parts) {
        if (typeof part === 'string') children.push(new Text(part));
        else {
          children.push(new Text(`${OPEN}${formulas.length}${CLOSE}`));
          formulas.push(part);
        }
      }
    } else {
      children.push(node);
    }
  }
  if (!changed) return;
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
  parent.children = children;
}
