// Selectors of an author stylesheet scoped to the slides (server/deck/stylesheet.ts): each one is
// rewritten to match inside `.lectern-deck .slides`; the page's own elements (`html`, `body`,
// `:root`, `.reveal`, `.reveal-viewport`, `.slides`) map onto the deck element; selectors that
// reach a sibling of the page, nest, or start with a combinator are dropped.
import selectorParser from 'postcss-selector-parser';

/** The class of the element reveal.js runs in (server/render/reveal.ts). */
export const DECK_CLASS = 'lectern-deck';

/** Classes Lectern sets on <html> for print: a rule under them is kept, still scoped. */
const PRINT_HTML_CLASSES = new Set(['print-pdf', 'reveal-print']);

interface ScopedSelectors {
  /** Selectors of elements inside the slides. */
  inside: string[];
  /** Selectors of the deck element itself (where the page's own selectors were). */
  root: string[];
  dropped: string[];
}

type SelectorNode = selectorParser.Node;

const isRootNode = (node: SelectorNode) =>
  (node.type === 'tag' && /^(?:html|body)$/i.test(node.value)) ||
  (node.type === 'pseudo' && node.value.toLowerCase() === ':root' && node.nodes.length === 0) ||
  (node.type === 'class' && /^(?:reveal|reveal-viewport|slides)$/.test(node.value));

/** Each selector of a rule, scoped to the slides (or the deck element), or dropped. */
export function scopeSelectors(selector: string): ScopedSelectors {
  const out: ScopedSelectors = { inside: [], root: [], dropped: [] };
  let parsed: selectorParser.Root;
  try {
    parsed = selectorParser().astSync(selector);
  } catch {
    out.dropped.push(selector);
    return out;
  }
  for (const sel of parsed.nodes) {
    const text = sel.toString().trim();
    const result = scopeOne(sel);
    const list = result === null ? out.dropped : result.root ? out.root : out.inside;
    const value = result === null ? text : result.selector;
    if (!list.includes(value)) list.push(value);
  }
  return out;
}

function scopeOne(sel: selectorParser.Selector): { selector: string; root: boolean } | null {
  let nesting = false;
  sel.walk((node) => {
    if (node.type === 'nesting') nesting = true;
  });
  if (nesting) return null;
  // Compounds and the combinators between them.
  const compounds: SelectorNode[][] = [[]];
  const combinators: string[] = [];
  for (const node of sel.nodes) {
    if (node.type === 'comment') continue;
    if (node.type === 'combinator') {
      combinators.push(node.value.trim() || ' ');
      compounds.push([]);
    } else compounds[compounds.length - 1]!.push(node);
  }
  if (compounds[0]!.length === 0) return null; // starts with a combinator: relative to nothing
  let htmlPrefix = '';
  let deckQualifiers = '';
  let i = 0;
  let lastWasSlides = false;
  for (; i < compounds.length; i++) {
    const compound = compounds[i]!;
    const roots = compound.filter(isRootNode);
    if (roots.length === 0) break;
    const others = compound.filter((n) => !isRootNode(n));
    if (i > 0 && combinators[i - 1] !== ' ' && combinators[i - 1] !== '>') return null; // a sibling of the page
    const kinds = new Set(roots.map((n) => (n.type === 'class' ? n.value : n.type === 'tag' ? n.value.toLowerCase() : 'html')));
    if (others.length > 0) {
      if (kinds.has('reveal') || kinds.has('reveal-viewport')) {
        // .reveal.has-dark-background: the deck element in a state reveal.js gives it.
        if (!others.every((n) => n.type === 'class' || n.type === 'attribute')) return null;
        deckQualifiers += others.map(String).join('');
      } else if (kinds.has('html') && others.every((n) => n.type === 'class' && PRINT_HTML_CLASSES.has(n.value))) {
        htmlPrefix = `html${others.map(String).join('')} `;
      } else return null;
    }
    lastWasSlides = kinds.has('slides');
  }
  // `.reveal + x`, `body ~ x`: a sibling of the page's own elements.
  if (i > 0 && i < compounds.length && combinators[i - 1] !== ' ' && combinators[i - 1] !== '>') return null;
  const prefix = `${htmlPrefix}.${DECK_CLASS}${deckQualifiers}`;
  if (i === compounds.length) return { selector: prefix, root: true };
  const joiner = i > 0 && lastWasSlides && combinators[i - 1] === '>' ? ' > ' : ' ';
  let rest = compounds[i]!.map(String).join('').trim();
  for (let k = i + 1; k < compounds.length; k++) {
    const comb = combinators[k - 1]!;
    rest += `${comb === ' ' ? ' ' : ` ${comb} `}${compounds[k]!.map(String).join('').trim()}`;
  }
  return { selector: `${prefix} .slides${joiner}${rest}`, root: false };
}
