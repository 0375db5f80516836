// Draws a deck's mermaid diagrams: the server renders each ```mermaid block as a
// `<pre class="mermaid">` holding its source as text (server/deck/mermaid.ts), and this module
// (built on its own, loaded only by the pages of decks with diagrams) turns each into an SVG.
//
// The diagram source is the author's. mermaid runs with securityLevel "strict" (no click
// handlers, labels sanitized), and what it returns is sanitized again before it touches the page:
// DOMPurify with its SVG profiles (HTML allowed only inside the foreignObject labels mermaid
// draws), inserted as nodes, never as markup; and the diagram's own <style> keeps only rules
// under the diagram's id (mermaid scopes its CSS that way; a `%%{init}%%` directive's themeCSS
// may not), read with the browser's own CSS parser.
import mermaid from 'mermaid';
import DOMPurify from 'dompurify';

export type DiagramConfig = Record<string, unknown>;

/** mermaid's own list of keys a diagram's `%%{init}%%` may not change, and the ones that carry CSS. */
const SECURE_KEYS = ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges', 'themeCSS', 'dompurifyConfig'];

/** An instance of its own: mermaid configures and hooks the shared one while it draws. */
const purify = DOMPurify(window);

let initialized: string | undefined;
let counter = 0;

function initialize(config: DiagramConfig): void {
  const key = JSON.stringify(config);
  if (initialized === key) return;
  mermaid.initialize({
    ...config,
    startOnLoad: false,
    securityLevel: 'strict',
    secure: SECURE_KEYS,
    suppressErrorRendering: true,
  });
  initialized = key;
}

/** Rules of `css` that only reach inside `#id`; keyframes and media blocks kept when theirs do. */
export function scopedDiagramCss(css: string, id: string): string {
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(css); // @import rules are ignored by replaceSync
  } catch {
    return '';
  }
  const inside = (selectorText: string) =>
    splitSelectors(selectorText).every((s) => s.startsWith(`#${id}`) && (s.length === id.length + 1 || /[\s.:[>#+~]/.test(s[id.length + 1]!)));
  const keep = (rules: CSSRuleList): string[] => {
    const out: string[] = [];
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        if (inside(rule.selectorText)) out.push(rule.cssText);
      } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule) {
        const body = keep(rule.cssRules);
        if (body.length > 0) out.push(`@${rule instanceof CSSMediaRule ? 'media' : 'supports'} ${rule.conditionText}{${body.join('')}}`);
      } else if (rule instanceof CSSKeyframesRule) {
        if (!/^(?:live-|lectern)/i.test(rule.name)) out.push(rule.cssText);
      }
    }
    return out;
  };
  return keep(sheet.cssRules).join('\n');
}

/** Top-level selectors of a selector list (commas inside :is(…) or [attr="a,b"] do not split). */
function splitSelectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

/** mermaid's SVG as sanitized nodes (its <style> scoped to `id`). */
export function sanitizedDiagram(svg: string, id: string): DocumentFragment {
  const fragment = purify.sanitize(svg, {
    USE_PROFILES: { svg: true, svgFilters: true, html: true },
    // mermaid's labels are HTML inside <foreignObject>: allowed there (as mermaid itself configures DOMPurify).
    ADD_TAGS: ['foreignObject'],
    HTML_INTEGRATION_POINTS: { foreignobject: true },
    // Ids inside the diagram are mermaid's own (prefixed with the diagram's id).
    RETURN_DOM_FRAGMENT: true,
  });
  for (const style of fragment.querySelectorAll('style')) style.textContent = scopedDiagramCss(style.textContent ?? '', id);
  return fragment;
}

/**
 * Draws every diagram not drawn yet under `root`; resolves once all are (a diagram that does not
 * parse shows mermaid's message as text). Returns how many were drawn.
 */
export async function drawDiagrams(root: ParentNode, config: DiagramConfig = {}): Promise<number> {
  const pending = [...root.querySelectorAll<HTMLElement>('pre.mermaid:not([data-lectern-drawn])')];
  if (pending.length === 0) return 0;
  initialize(config);
  await document.fonts.ready;
  let drawn = 0;
  for (const pre of pending) {
    const source = pre.textContent ?? '';
    const id = `lectern-diagram-${++counter}`;
    pre.setAttribute('data-lectern-drawn', '');
    let svg: string | undefined;
    let failure: unknown;
    try {
      ({ svg } = await mermaid.render(id, source));
    } catch (err) {
      failure = err;
    } finally {
      // What mermaid left in the page while it drew (the drawn diagram takes the same id).
      document.getElementById(`d${id}`)?.remove();
      document.getElementById(id)?.remove();
    }
    if (svg !== undefined) {
      pre.replaceChildren(sanitizedDiagram(svg, id));
      pre.classList.add('mermaid-drawn');
      drawn++;
    } else {
      pre.classList.add('mermaid-error');
      pre.textContent = `${source}\n\n(mermaid: ${failure instanceof Error ? failure.message : String(failure)})`;
    }
  }
  return drawn;
}
