// Mermaid diagrams: a ```mermaid fence becomes `<pre class="mermaid">` holding the diagram's
// source as escaped text (not highlighted), for the page to draw with mermaid in the browser,
// as reveal-md's template draws `code.mermaid`. The deck's `mermaid:` settings are kept when
// they are plain data under mermaid's own configuration keys; anything that changes what
// mermaid lets through (securityLevel, its sanitizer's settings, raw CSS) is dropped.
import { isPlainObject } from './config-files.ts';
import { escapeHtml } from './text.ts';

/** mermaid's configuration keys (mermaid 11 MermaidConfig) a deck may set. */
const MERMAID_KEYS = new Set([
  'theme', 'themeVariables', 'darkMode', 'fontFamily', 'fontSize', 'altFontFamily', 'logLevel', 'maxTextSize',
  'maxEdges', 'look', 'layout', 'handDrawnSeed', 'htmlLabels', 'wrap', 'markdownAutoWrap', 'arrowMarkerAbsolute',
  'deterministicIds', 'deterministicIDSeed', 'legacyMathML', 'forceLegacyMathML',
  'flowchart', 'sequence', 'gantt', 'journey', 'timeline', 'class', 'state', 'er', 'pie', 'quadrantChart',
  'xyChart', 'requirement', 'architecture', 'mindmap', 'kanban', 'gitGraph', 'c4', 'sankey', 'packet', 'block', 'radar',
]);
/** Keys that would weaken mermaid's own protections or inject CSS: never taken from a deck. */
const REFUSED_KEYS = new Set(['securityLevel', 'secure', 'dompurifyConfig', 'themeCSS', 'startOnLoad', 'elk']);

const MAX_DEPTH = 4;
const MAX_STRING = 500;

/** Plain JSON data (strings, numbers, booleans, lists, mappings) of bounded depth and size. */
function plainData(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.length <= MAX_STRING;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.length <= 100 && value.every((v) => plainData(v, depth + 1));
  if (isPlainObject(value)) return Object.entries(value).every(([k, v]) => k !== '__proto__' && !REFUSED_KEYS.has(k) && plainData(v, depth + 1));
  return false;
}

/** The deck's mermaid settings, known keys of plain data only; null when nothing is left. */
export function validateMermaidConfig(value: unknown, warn: (message: string) => void): Record<string, unknown> | null {
  if (!isPlainObject(value)) {
    warn('must be a mapping of mermaid settings: ignored');
    return null;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (REFUSED_KEYS.has(key)) warn(`"${key}" is not taken from a deck: mermaid runs with its strict security settings`);
    else if (!MERMAID_KEYS.has(key)) warn(`"${key}" is not a mermaid setting: ignored`);
    else if (!plainData(v, 1)) warn(`"${key}" must be plain data (text, numbers, lists, mappings; no securityLevel or CSS): ignored`);
    else out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The placeholder a page draws a diagram into. */
export function mermaidPlaceholder(source: string): string {
  return `<pre class="mermaid">${escapeHtml(source)}</pre>\n`;
}
