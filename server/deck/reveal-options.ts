// reveal.js options a deck may set (front matter `revealOptions:`, reveal-md.json's
// `revealOptions`, reveal.json), checked one by one against what reveal.js 6 accepts
// (node_modules/reveal.js/js/config.ts) with their value types. Anything that is or loads code
// (plugins, dependencies, functions, keyboard bindings, markdown/highlight/math plugin settings)
// is never accepted; unknown keys and wrong values are dropped with a warning.
import { hasScriptScheme } from './sanitize.ts';
import { closestKey } from './typos.ts';
import type { DeckWarning } from './model.ts';

type Transition = 'none' | 'fade' | 'slide' | 'convex' | 'concave' | 'zoom';

/** The options pages hand to `Reveal.initialize` (plain data; JSON-safe). */
export interface RevealOptions {
  width?: number | string;
  height?: number | string;
  margin?: number;
  minScale?: number;
  maxScale?: number;
  controls?: boolean | 'speaker' | 'speaker-only';
  controlsTutorial?: boolean;
  controlsLayout?: 'edges' | 'bottom-right';
  controlsBackArrows?: 'faded' | 'hidden' | 'visible';
  progress?: boolean;
  slideNumber?: boolean | 'h.v' | 'h/v' | 'c' | 'c/t';
  showSlideNumber?: 'all' | 'print' | 'speaker';
  hashOneBasedIndex?: boolean;
  hash?: boolean;
  respondToHashChanges?: boolean;
  jumpToSlide?: boolean;
  history?: boolean;
  keyboard?: boolean;
  disableLayout?: boolean;
  overview?: boolean;
  center?: boolean;
  touch?: boolean;
  loop?: boolean;
  rtl?: boolean;
  navigationMode?: 'default' | 'linear' | 'grid';
  shuffle?: boolean;
  fragments?: boolean;
  fragmentInURL?: boolean;
  embedded?: boolean;
  help?: boolean;
  pause?: boolean;
  showNotes?: boolean;
  showHiddenSlides?: boolean;
  autoPlayMedia?: boolean | null;
  preloadIframes?: boolean | null;
  preventIframeAutoFocus?: boolean;
  autoAnimate?: boolean;
  autoAnimateEasing?: string;
  autoAnimateDuration?: number;
  autoAnimateUnmatched?: boolean;
  autoAnimateStyles?: string[];
  autoSlide?: number | false;
  autoSlideStoppable?: boolean;
  defaultTiming?: number | null;
  totalTime?: number;
  minimumTimePerSlide?: number;
  mouseWheel?: boolean;
  previewLinks?: boolean;
  postMessage?: boolean;
  postMessageEvents?: boolean;
  focusBodyOnPageVisibilityChange?: boolean;
  transition?: Transition;
  transitionSpeed?: 'default' | 'fast' | 'slow';
  backgroundTransition?: Transition;
  parallaxBackgroundImage?: string;
  parallaxBackgroundSize?: string;
  parallaxBackgroundRepeat?: string;
  parallaxBackgroundPosition?: string;
  parallaxBackgroundHorizontal?: number | null;
  parallaxBackgroundVertical?: number | null;
  view?: 'print' | 'scroll' | null;
  scrollLayout?: 'full' | 'compact';
  scrollSnap?: false | 'proximity' | 'mandatory';
  scrollProgress?: 'auto' | boolean;
  scrollActivationWidth?: number;
  pdfMaxPagesPerSlide?: number;
  pdfSeparateFragments?: boolean;
  pdfPageHeightOffset?: number;
  viewDistance?: number;
  mobileViewDistance?: number;
  display?: string;
  hideInactiveCursor?: boolean;
  hideCursorTime?: number;
  sortFragmentsOnSync?: boolean;
}

/** A value check: the accepted value, or `INVALID` with what was expected. */
const INVALID = Symbol('invalid');
type Check = { expects: string; accept: (value: unknown) => unknown };

const bool: Check = { expects: 'true or false', accept: (v) => (typeof v === 'boolean' ? v : INVALID) };
const number = (min: number, max: number): Check => ({
  expects: `a number from ${min} to ${max}`,
  accept: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : INVALID),
});
const oneOf = (...values: Array<string | boolean | null>): Check => ({
  expects: values.map((v) => JSON.stringify(v)).join(', '),
  accept: (v) => (values.includes(v as string) ? v : INVALID),
});
const either = (a: Check, b: Check): Check => ({
  expects: `${a.expects}, or ${b.expects}`,
  accept: (v) => {
    const first = a.accept(v);
    return first === INVALID ? b.accept(v) : first;
  },
});
/** Pixels, or a percentage of the window (reveal.js's `width: "100%"`); numeric strings as numbers. */
const size: Check = {
  expects: 'a number of pixels (1 to 10000) or a percentage such as "100%"',
  accept: (v) => {
    const n = typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*(?:px)?\s*$/.test(v) ? Number.parseFloat(v) : v;
    if (typeof n === 'number') return Number.isFinite(n) && n >= 1 && n <= 10000 ? n : INVALID;
    return typeof v === 'string' && /^\d{1,3}(?:\.\d+)?%$/.test(v.trim()) ? v.trim() : INVALID;
  },
};
/** A short CSS value with nothing that loads or runs anything. */
const cssValue: Check = {
  expects: 'a short CSS value',
  accept: (v) => (typeof v === 'string' && /^[\w\s.,%#()/-]{0,100}$/.test(v) && !/url\(|expression/i.test(v) ? v : INVALID),
};
const imageUrl: Check = {
  expects: 'an image path or http(s) URL',
  accept: (v) =>
    typeof v === 'string' && v.length <= 2000 && !hasScriptScheme(v) && !/^\s*data:(?!image\/)/i.test(v) && !/[<>"'\\]/.test(v) ? v : INVALID,
};
const easing: Check = {
  expects: 'a CSS easing such as "ease" or "cubic-bezier(0.77, 0, 0.175, 1)"',
  accept: (v) =>
    typeof v === 'string' && /^(?:ease|ease-in|ease-out|ease-in-out|linear|step-start|step-end|cubic-bezier\(\s*[-\d.]+(?:\s*,\s*[-\d.]+){3}\s*\))$/.test(v.trim())
      ? v.trim()
      : INVALID,
};
const cssProperties: Check = {
  expects: 'a list of CSS property names',
  accept: (v) => (Array.isArray(v) && v.length <= 50 && v.every((p) => typeof p === 'string' && /^[a-z-]{1,40}$/.test(p)) ? [...v] : INVALID),
};
const transition = oneOf('none', 'fade', 'slide', 'convex', 'concave', 'zoom');

const CHECKS: Record<keyof RevealOptions, Check> = {
  width: size,
  height: size,
  margin: number(0, 1),
  minScale: number(0, 10),
  maxScale: number(0, 10),
  controls: either(bool, oneOf('speaker', 'speaker-only')),
  controlsTutorial: bool,
  controlsLayout: oneOf('edges', 'bottom-right'),
  controlsBackArrows: oneOf('faded', 'hidden', 'visible'),
  progress: bool,
  slideNumber: either(bool, oneOf('h.v', 'h/v', 'c', 'c/t')),
  showSlideNumber: oneOf('all', 'print', 'speaker'),
  hashOneBasedIndex: bool,
  hash: bool,
  respondToHashChanges: bool,
  jumpToSlide: bool,
  history: bool,
  keyboard: bool,
  disableLayout: bool,
  overview: bool,
  center: bool,
  touch: bool,
  loop: bool,
  rtl: bool,
  navigationMode: oneOf('default', 'linear', 'grid'),
  shuffle: bool,
  fragments: bool,
  fragmentInURL: bool,
  embedded: bool,
  help: bool,
  pause: bool,
  showNotes: bool,
  showHiddenSlides: bool,
  autoPlayMedia: oneOf(true, false, null),
  preloadIframes: oneOf(true, false, null),
  preventIframeAutoFocus: bool,
  autoAnimate: bool,
  autoAnimateEasing: easing,
  autoAnimateDuration: number(0, 60),
  autoAnimateUnmatched: bool,
  autoAnimateStyles: cssProperties,
  autoSlide: either(number(0, 86_400_000), oneOf(false)),
  autoSlideStoppable: bool,
  defaultTiming: either(number(0, 86_400), oneOf(null)),
  totalTime: number(0, 86_400),
  minimumTimePerSlide: number(0, 86_400),
  mouseWheel: bool,
  previewLinks: bool,
  postMessage: bool,
  postMessageEvents: bool,
  focusBodyOnPageVisibilityChange: bool,
  transition,
  transitionSpeed: oneOf('default', 'fast', 'slow'),
  backgroundTransition: transition,
  parallaxBackgroundImage: imageUrl,
  parallaxBackgroundSize: cssValue,
  parallaxBackgroundRepeat: cssValue,
  parallaxBackgroundPosition: cssValue,
  parallaxBackgroundHorizontal: either(number(-100_000, 100_000), oneOf(null)),
  parallaxBackgroundVertical: either(number(-100_000, 100_000), oneOf(null)),
  view: oneOf('print', 'scroll', null),
  scrollLayout: oneOf('full', 'compact'),
  scrollSnap: oneOf(false, 'proximity', 'mandatory'),
  scrollProgress: either(bool, oneOf('auto')),
  scrollActivationWidth: number(0, 100_000),
  pdfMaxPagesPerSlide: number(1, 1000),
  pdfSeparateFragments: bool,
  pdfPageHeightOffset: number(-1000, 1000),
  viewDistance: number(0, 100),
  mobileViewDistance: number(0, 100),
  display: oneOf('block', 'flex', 'grid', 'inline-block'),
  hideInactiveCursor: bool,
  hideCursorTime: number(0, 3_600_000),
  sortFragmentsOnSync: bool,
};

export const REVEAL_OPTION_KEYS: readonly string[] = Object.keys(CHECKS);

/** reveal.js options that are code or load code: never taken from a deck. */
const CODE_OPTIONS = new Set([
  'dependencies', 'plugins', 'markdown', 'highlight', 'katex', 'mathjax2', 'mathjax3', 'mathjax4', 'math',
  'keyboardCondition', 'autoSlideMethod', 'autoAnimateMatcher', 'menu', 'chalkboard', 'multiplex',
]);

/**
 * Checks `options` key by key. `where` names each key's source for warnings ("revealOptions",
 * "reveal.json"). reveal-md's `transition: "default"` means reveal.js's default and is dropped.
 */
export function validateRevealOptions(
  options: Record<string, unknown>,
  where: (key: string) => string,
  warnings: DeckWarning[],
  lineOf: (key: string) => number | undefined = () => undefined,
): RevealOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const warn = (message: string) => warnings.push({ line: lineOf(key), message: `${where(key)} "${key}" ${message}` });
    if (key === '__proto__') continue;
    if ((key === 'transition' || key === 'backgroundTransition' || key === 'transitionSpeed') && value === 'default') continue;
    if (CODE_OPTIONS.has(key)) {
      warn('is not used: Lectern never runs code or plugins from a deck, and renders markdown, code and math itself');
      continue;
    }
    if (!Object.hasOwn(CHECKS, key)) {
      const near = closestKey(key, REVEAL_OPTION_KEYS);
      warn(`is not a reveal.js option${near ? ` (did you mean "${near}"?)` : ''}: ignored`);
      continue;
    }
    if (typeof value === 'function') continue;
    const check = CHECKS[key as keyof RevealOptions];
    const accepted = check.accept(value);
    if (accepted === INVALID) {
      warn(`must be ${check.expects}, not ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}: ignored`);
      continue;
    }
    out[key] = accepted;
  }
  return out as RevealOptions;
}
