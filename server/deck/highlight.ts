// Code highlighting for the parser. highlight.js's full build registers ~190 languages at
// import (~80 ms, on the critical path of a cold `npm run export`); its `common` build has the
// ~35 languages (with all their aliases: js, py, sh, yml…) that nearly every deck uses, in ~35
// ms. Any other language is loaded on first use from highlight.js's own per-language module,
// by its name (`dockerfile`, `nginx`, `puppet`…).
import { createRequire } from 'node:module';
import hljs from 'highlight.js/lib/common';
import type { LanguageFn } from 'highlight.js';

const requireModule = createRequire(import.meta.url);
/** Names tried and not found, so an unknown language costs one failed lookup per process. */
const missing = new Set<string>();

function language(name: string): boolean {
  if (hljs.getLanguage(name)) return true;
  const id = name.toLowerCase();
  // Only plain names reach require(): never a path.
  if (missing.has(id) || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(id)) return false;
  try {
    const mod = requireModule(`highlight.js/lib/languages/${id}`) as LanguageFn | { default: LanguageFn };
    hljs.registerLanguage(id, typeof mod === 'function' ? mod : mod.default);
    return true;
  } catch {
    missing.add(id);
    return false;
  }
}

/**
 * Highlighted HTML for a known language (or alias); an unknown language or none is left as it
 * is (no auto-detection: it is slow and guesses wrong on short snippets).
 */
export function highlightCode(code: string, lang: string): string {
  if (!lang || !language(lang)) return code;
  try {
    return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    return code;
  }
}
