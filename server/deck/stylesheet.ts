// Author stylesheets (`css:`, `theme: style.css`, `customTheme:`) made safe to serve beside a
// deck. A deck's CSS is untrusted like its HTML: served as written it could restyle the page
// around the slides (the presenter's controls, the follower's "Back to live" button, the
// toolbar), fake them, or load things from elsewhere. So every rule is parsed (postcss) and:
//
// - scoped: each selector is rewritten to match inside the slides only (`.lectern-deck .slides
//   …`); selectors naming the page itself (`html`, `body`, `:root`, `.reveal`,
//   `.reveal-viewport`) are mapped onto the deck element, where only the properties a theme sets
//   there are kept (custom properties, colours, backgrounds, type); anything else is dropped;
// - stripped of what loads or registers things page-wide: @import, @charset, @namespace,
//   @property, @page, @layer and unknown at-rules; @font-face with a remote source or a family
//   the page's own text uses; @keyframes with a name the page's animations use;
// - limited in what it loads: url() to a file of a served type inside the deck's folder
//   (rewritten relative to the deck's root), to an https image, or to an inline image or font;
//   no escaped or string-smuggled URLs (a backslash outside a string, image-set(), src(), …).
//
// Pure: the parse worker runs it (server/decks/parse-worker.ts), within the pool's limits.
import postcss, { type AtRule, type ChildNode, type Container, type Declaration, type Rule } from 'postcss';
import type { DeckWarning } from './model.ts';
import { DECK_CLASS, scopeSelectors } from './stylesheet-selectors.ts';

export { DECK_CLASS, scopeSelectors };

export const MAX_STYLESHEET_BYTES = 256 * 1024;
export const MAX_STYLESHEETS_BYTES = 1024 * 1024;
/** Warnings kept per stylesheet; the rest are counted in one more. */
const MAX_WARNINGS = 20;

export interface StylesheetSource {
  /** Path relative to the deck's folder, with `/` ("css/theme.css"). */
  path: string;
  text: string;
}

export interface SafeStylesheet {
  /** The scoped rules of every source, in order. */
  css: string;
  warnings: DeckWarning[];
  /** Deck-relative files the rules load (images, fonts). */
  assets: string[];
}

const IMAGE_TYPES = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico'];
const FONT_TYPES = ['woff2', 'woff', 'ttf', 'otf'];
const INLINE_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|avif|svg\+xml)[;,]/i;
const INLINE_FONT = /^data:(?:font\/(?:woff2?|ttf|otf|sfnt)|application\/(?:font-woff2?|x-font-\w+|font-sfnt|vnd\.ms-opentype))[;,]/i;

/** Families the page's own text uses (client/theme/app.css, live.css): an author font of that name would replace it. */
const PAGE_FONTS = new Set(['inter variable', 'inter', 'jetbrains mono variable', 'jetbrains mono', 'segoe ui', 'roboto', 'system-ui', '-apple-system', 'ui-monospace']);
/** The page's own animations (live.css) and any name in Lectern's namespace. */
const PAGE_ANIMATION = /^(?:live-|lectern)/i;

/** At-rules whose contents are rules, scoped like any other. */
const BLOCK_AT_RULES = new Set(['media', 'supports', 'container']);
const KEYFRAMES = /^(?:-webkit-|-moz-)?keyframes$/i;

/** Properties a theme sets on the page itself, kept on the deck element (everything else there could hide or move it). */
const ROOT_PROPERTY = /^(?:--[\w-]+|color|background(?:-[a-z]+)*|font(?:-[a-z]+)*|line-height|letter-spacing|word-spacing|text-(?:align|transform|shadow|decoration(?:-[a-z]+)*|rendering|indent)|-webkit-font-smoothing|-moz-osx-font-smoothing)$/i;

/** Functions that take a URL as a string, and old script hooks. */
const LOADING_FUNCTION = /(?:^|[^\w-])(?:-webkit-)?(?:image-set|image|cross-fade|element|src|paint|expression)\s*\(/i;
const SCRIPT_PROPERTY = /^(?:behavior|-moz-binding|-ms-behavior)$/i;

type Warn = (node: ChildNode | undefined, message: string) => void;

/** Sanitizes and scopes the deck's stylesheets (each located by `path` in its warnings). */
export function safeStylesheets(sources: StylesheetSource[]): SafeStylesheet {
  const warnings: DeckWarning[] = [];
  const assets = new Set<string>();
  const parts: string[] = [];
  let total = 0;
  for (const source of sources) {
    const fileWarnings: DeckWarning[] = [];
    let dropped = 0;
    const warn: Warn = (node, message) => {
      if (fileWarnings.length < MAX_WARNINGS) fileWarnings.push({ file: source.path, line: node?.source?.start?.line, message });
      else dropped++;
    };
    const bytes = Buffer.byteLength(source.text);
    if (bytes > MAX_STYLESHEET_BYTES || total + bytes > MAX_STYLESHEETS_BYTES) {
      const limit = bytes > MAX_STYLESHEET_BYTES ? `a stylesheet is limited to ${MAX_STYLESHEET_BYTES / 1024} KB` : `a deck's stylesheets are limited to ${MAX_STYLESHEETS_BYTES / 1024} KB together`;
      warnings.push({ file: source.path, message: `the stylesheet is ${Math.ceil(bytes / 1024)} KB and ${limit}: not loaded` });
      continue;
    }
    total += bytes;
    const css = scopeStylesheet(source, warn, assets);
    if (dropped > 0) fileWarnings.push({ file: source.path, message: `and ${dropped} more rules or values dropped the same way` });
    warnings.push(...fileWarnings);
    if (css !== null) parts.push(`/* ${source.path.replace(/\*\//g, '* /')} */\n${css}`);
  }
  return { css: parts.join('\n'), warnings, assets: [...assets] };
}

function scopeStylesheet(source: StylesheetSource, warn: Warn, assets: Set<string>): string | null {
  let root;
  try {
    root = postcss.parse(source.text.replace(/^\uFEFF/, ''), { from: undefined });
  } catch (err) {
    const e = err as { line?: number; reason?: string; message: string };
    warn(undefined, `is not valid CSS${e.line ? ` at line ${e.line}` : ''} (${e.reason ?? e.message}): not loaded`);
    return null;
  }
  const context: Context = { path: source.path, warn, assets };
  cleanContainer(root, context);
  return root.toString();
}

interface Context {
  path: string;
  warn: Warn;
  assets: Set<string>;
}

function cleanContainer(container: Container, context: Context): void {
  container.each((node) => {
    if (node.type === 'comment') return;
    if (node.type === 'decl') {
      context.warn(node, `"${node.prop}" outside any rule: dropped`);
      node.remove();
    } else if (node.type === 'atrule') {
      cleanAtRule(node, context);
    } else if (node.type === 'rule') {
      cleanRule(node, context);
    }
  });
}

function cleanAtRule(rule: AtRule, context: Context): void {
  const name = rule.name.toLowerCase();
  if (BLOCK_AT_RULES.has(name)) {
    if (hasSmuggling(rule.params)) return drop(rule, context, `@${name} with escapes or URLs`);
    cleanContainer(rule, context);
    return;
  }
  if (KEYFRAMES.test(name)) {
    const animation = rule.params.trim().replace(/^['"]|['"]$/g, '');
    if (PAGE_ANIMATION.test(animation)) return drop(rule, context, `@keyframes "${animation}" (the page's own animations use that name)`);
    rule.walkDecls((decl) => {
      cleanDeclaration(decl, context);
    });
    return;
  }
  if (name === 'font-face') return cleanFontFace(rule, context);
  const why: Record<string, string> = {
    import: 'Lectern loads no stylesheet from elsewhere: put its rules in this file, or list it under css:',
    charset: 'stylesheets are read as UTF-8',
    namespace: 'namespaces are not scoped to the slides',
    property: 'it registers a custom property for the whole page',
    page: "the PDF's page size is the deck's slide size",
    layer: 'cascade layers are not scoped to the slides',
  };
  drop(rule, context, `@${name}${why[name] ? ` (${why[name]})` : ''}`);
}

function drop(node: ChildNode, context: Context, what: string): void {
  context.warn(node, `${what}: dropped`);
  node.remove();
}

function cleanFontFace(rule: AtRule, context: Context): void {
  let family = '';
  let ok = true;
  rule.each((node) => {
    if (node.type !== 'decl') {
      if (node.type !== 'comment') node.remove();
      return;
    }
    const prop = node.prop.toLowerCase();
    if (prop === 'font-family') family = node.value.trim().replace(/^['"]|['"]$/g, '');
    if (prop === 'src') {
      if (!checkUrls(node, context, 'font')) ok = false;
    } else if (!cleanDeclaration(node, context)) ok = false;
  });
  if (PAGE_FONTS.has(family.toLowerCase())) return drop(rule, context, `@font-face "${family}" (the page's own text uses that font)`);
  if (!ok || !family) return drop(rule, context, '@font-face with a source other than a font file beside the deck');
}

function cleanRule(rule: Rule, context: Context): void {
  if (rule.parent?.type === 'rule' || (rule.parent?.type === 'atrule' && rule.parent.parent?.type === 'rule')) {
    return drop(rule, context, `nested rule "${rule.selector}" (CSS nesting is not scoped)`);
  }
  const scoped = scopeSelectors(rule.selector);
  for (const selector of scoped.dropped) context.warn(rule, `selector "${selector}" reaches outside the slides: dropped`);
  const selectors = [...scoped.inside, ...scoped.root];
  if (selectors.length === 0) return void rule.remove();
  // A rule with both kinds of selectors is split, so the root's property limits apply to the root only.
  if (scoped.root.length > 0 && scoped.inside.length > 0) {
    const rootRule = rule.clone({ selector: scoped.root.join(',\n') });
    rule.after(rootRule);
    rule.selector = scoped.inside.join(',\n');
    cleanDeclarations(rule, context, false);
    cleanDeclarations(rootRule, context, true);
    return;
  }
  rule.selector = selectors.join(',\n');
  cleanDeclarations(rule, context, scoped.root.length > 0);
}

function cleanDeclarations(rule: Rule, context: Context, onRoot: boolean): void {
  rule.each((node) => {
    if (node.type === 'decl') {
      if (onRoot && !ROOT_PROPERTY.test(node.prop)) {
        context.warn(node, `"${node.prop}" on the page itself (${rule.selector.split(',')[0]}) is not taken from a deck: dropped`);
        node.remove();
        return;
      }
      cleanDeclaration(node, context);
    } else if (node.type === 'rule' || node.type === 'atrule') {
      drop(node, context, node.type === 'rule' ? `nested rule "${node.selector}" (CSS nesting is not scoped)` : `@${node.name} inside a rule`);
    }
  });
  if (!rule.nodes.some((n) => n.type === 'decl')) rule.remove();
}

/** True when `value` could hide a function or URL from these checks (escapes) or loads by string. */
function hasSmuggling(value: string): boolean {
  return /\\/.test(value.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')) || LOADING_FUNCTION.test(value) || /url\s*\(/i.test(value);
}

/** Checks one declaration; removes it (with a warning) and returns false when it is not safe. */
function cleanDeclaration(decl: Declaration, context: Context): boolean {
  const remove = (why: string) => {
    context.warn(decl, `"${decl.prop}: ${decl.value.slice(0, 60)}" ${why}: dropped`);
    decl.remove();
    return false;
  };
  if (SCRIPT_PROPERTY.test(decl.prop) || /\\/.test(decl.prop)) return remove('is not CSS a deck may use');
  const outsideStrings = decl.value.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  if (/\\/.test(outsideStrings)) return remove('uses escapes outside a string');
  if (LOADING_FUNCTION.test(outsideStrings)) return remove('loads by a function Lectern does not check');
  if (/javascript:|vbscript:/i.test(decl.value)) return remove('names a script');
  if (/url\s*\(/i.test(outsideStrings)) return checkUrls(decl, context, 'image');
  return true;
}

/**
 * Rewrites each url() of `decl` (a file beside the deck → deck-relative; https and inline
 * images as written); removes the declaration when one is anything else.
 */
function checkUrls(decl: Declaration, context: Context, kind: 'image' | 'font'): boolean {
  let bad: string | undefined;
  const value = decl.value.replace(/url\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|([^)"'\s]*))\s*\)/gi, (match, dq?: string, sq?: string, bare?: string) => {
    const url = (dq ?? sq ?? bare ?? '').trim();
    const checked = checkUrl(url, context.path, kind);
    if (checked === null) {
      bad ??= url;
      return match;
    }
    if (checked.asset) context.assets.add(checked.asset);
    return `url("${checked.url}")`;
  });
  // A url( the pattern did not match is malformed or smuggled.
  if (bad === undefined && /url\s*\(/i.test(value.replace(/url\("[^"]*"\)/gi, ''))) bad = 'a malformed url()';
  if (bad !== undefined) {
    context.warn(decl, `"${decl.prop}" loads ${JSON.stringify(bad.slice(0, 80))}, which is not ${kind === 'font' ? 'a font file beside the deck' : 'an image beside the deck or an https image'}: dropped`);
    decl.remove();
    return false;
  }
  decl.value = value;
  return true;
}

/** A url() target: its rewritten form and the deck file it names, or null when refused. */
export function checkUrl(url: string, cssPath: string, kind: 'image' | 'font'): { url: string; asset?: string } | null {
  if (/[\\"'<>\s]/.test(url) || /javascript:|vbscript:/i.test(url)) return null;
  if (/^data:/i.test(url)) return (kind === 'font' ? INLINE_FONT : INLINE_IMAGE).test(url) ? { url } : null;
  if (/^#[A-Za-z][\w-]*$/.test(url) && !/^#lectern/i.test(url)) return kind === 'image' ? { url } : null;
  if (/^https:\/\//i.test(url)) return kind === 'image' ? { url } : null;
  if (/^[a-z][a-z0-9+.-]*:|^\/|^#/i.test(url)) return null;
  const path = url.replace(/[?#].*$/, '');
  const resolved = resolveInside(cssPath, path);
  if (!resolved) return null;
  const ext = resolved.slice(resolved.lastIndexOf('.') + 1).toLowerCase();
  if (!(kind === 'font' ? FONT_TYPES : [...IMAGE_TYPES, ...FONT_TYPES]).includes(ext)) return null;
  return { url: resolved.split('/').map(encodeURIComponent).join('/'), asset: resolved };
}

/** `target` relative to the folder of `from` (both deck-relative): the deck-relative path, or null outside the deck. */
export function resolveInside(from: string, target: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    return null;
  }
  const parts = from.split('/').slice(0, -1);
  for (const part of decoded.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else if (part.startsWith('.') || /[\0\\]/.test(part)) {
      return null;
    } else parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : null;
}
