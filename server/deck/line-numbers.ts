// Code line numbers, highlighted lines and highlight steps, as reveal.js's highlight plugin
// makes them in the browser, made here once on the server:
//
//   ```js [1|2-3|4,8-11]     line numbers; step 1 highlights line 1, step 2 lines 2-3, …
//   ```js [2-4]              line numbers, lines 2-4 highlighted
//   ```js []                 line numbers only
//   ```js [123: 1|2]         numbering starts at 123
//   <pre><code data-line-numbers="1|3" data-ln-start-from="10">   the same in raw HTML
//
// The markup is the plugin's (and highlightjs-line-numbers'), which reveal.css styles:
//
//   <pre><code class="hljs language-js has-highlights" data-line-numbers="1">
//     <table class="hljs-ln"><tbody>
//       <tr class="highlight-line"><td class="hljs-ln-line hljs-ln-numbers" data-line-number="1">
//         <div class="hljs-ln-n" data-line-number="1">1</div></td>
//         <td class="hljs-ln-line hljs-ln-code" data-line-number="1">…highlighted line…</td></tr>
//     …</tbody></table></code>
//     <code class="… fragment" data-line-numbers="2-3">…the same lines, step 2…</code>
//   </pre>
//
// Each step after the first is a copy of the block with class "fragment" (reveal.css stacks
// them on the first), so stepping, the PDF's one-page-per-fragment export and the live
// follower all use reveal.js's own fragment model. With `data-fragment-index` on the block the
// copies take the following indices, as the plugin does. Line numbers are text in the cell
// (the plugin draws them with CSS `content`), so they show without its stylesheet.

/** One highlight: a line, or a range of lines; `{}` highlights nothing. */
export interface Highlight {
  start?: number;
  end?: number;
}

/** reveal.js's CODE_LINE_NUMBER_REGEX: `[<offset>: <steps>]` in a fence's info string. */
export const LINE_SPEC = /\[\s*((\d*):)?\s*([\s\d,|-]*)\]/;

/** "1|2-3|4,8-11" → steps of highlights, as the plugin's deserializeHighlightSteps. */
export function parseSteps(spec: string): Highlight[][] {
  return spec
    .replace(/\s/g, '')
    .split('|')
    .map((step) =>
      step.split(',').map((part) => {
        if (!/^[\d-]+$/.test(part)) return {};
        const [start, end] = part.split('-').map((n) => Number.parseInt(n, 10));
        if (Number.isNaN(start)) return {};
        return end === undefined || Number.isNaN(end) ? { start } : { start, end };
      }),
    );
}

function serialize(step: Highlight[]): string {
  return step.map((h) => (h.end !== undefined ? `${h.start}-${h.end}` : h.start !== undefined ? `${h.start}` : '')).join(',');
}

/** Highlighted HTML (hljs spans) cut into lines, spans closed and reopened across line breaks. */
export function splitHighlightedLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  const token = /<span[^>]*>|<\/span>|\n/g;
  let last = 0;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    current += html.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else if (m[0] === '</span>') {
      open.pop();
      current += m[0];
    } else {
      open.push(m[0]);
      current += m[0];
    }
  }
  current += html.slice(last);
  lines.push(current);
  // A final line break ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function inStep(line: number, step: Highlight[]): boolean {
  return step.some((h) => h.start !== undefined && (h.end !== undefined ? line >= h.start && line <= h.end : line === h.start));
}

function table(lines: readonly string[], step: Highlight[], from: number): { html: string; highlighted: boolean } {
  let highlighted = false;
  const rows = lines.map((code, i) => {
    const n = i + 1;
    const mark = inStep(n, step);
    highlighted ||= mark;
    const number = from + i;
    return (
      `<tr${mark ? ' class="highlight-line"' : ''}><td class="hljs-ln-line hljs-ln-numbers" data-line-number="${number}">` +
      `<div class="hljs-ln-n" data-line-number="${number}">${number}</div></td>` +
      `<td class="hljs-ln-line hljs-ln-code" data-line-number="${number}">${code}</td></tr>`
    );
  });
  return { html: `<table class="hljs-ln"><tbody>${rows.join('')}</tbody></table>`, highlighted };
}

export interface CodeSteps {
  /** highlighted HTML of the code (hljs spans, escaped text) */
  highlighted: string;
  /** classes of the <code> ("hljs language-js") */
  className: string;
  /** the steps spec ("1|2-3"; "" for numbers only) */
  spec: string;
  /** first line number (data-ln-start-from), 1 by default */
  startFrom?: number;
  /** data-fragment-index of the block, if it has one */
  fragmentIndex?: number;
  /** other attributes of the <code>, already escaped ("data-id=\"x\"") */
  extraAttributes?: string;
}

/** The <code> elements (first step, then one fragment per further step) for a <pre>. */
export function codeWithSteps(code: CodeSteps): string {
  const lines = splitHighlightedLines(code.highlighted);
  const steps = parseSteps(code.spec);
  const from = code.startFrom ?? 1;
  const extra = code.extraAttributes ? ` ${code.extraAttributes}` : '';
  const start = code.startFrom !== undefined ? ` data-ln-start-from="${from}"` : '';
  let fragmentIndex = code.fragmentIndex;
  return steps
    .map((step, i) => {
      const { html, highlighted } = table(lines, step, from);
      const classes = [code.className, highlighted ? 'has-highlights' : '', i > 0 ? 'fragment' : ''].filter(Boolean).join(' ');
      let index = '';
      if (i > 0 && fragmentIndex !== undefined) index = ` data-fragment-index="${fragmentIndex++}"`;
      return `<code class="${classes}" data-line-numbers="${serialize(step)}"${start}${index}${extra}>${html}</code>`;
    })
    .join('');
}
