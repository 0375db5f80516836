// Deck settings: the front matter merged over reveal-md's config files (config-files.ts),
// checked and turned into DeckMeta. Problems that do not stop the deck become warnings: an
// unknown theme, a misspelt key, a reveal.js option reveal.js does not have, code that is not
// run. Problems with the deck's own front matter that make it wrong (a bad aspect) are errors.
import { LecternError } from '../../shared/errors.ts';
import { DEFAULT_QUESTION_MODE, QUESTION_MODES, isQuestionMode } from '../../shared/audience.ts';
import type { DeckMeta, DeckWarning } from './model.ts';
import { isPlainObject, type MergedSettings } from './config-files.ts';
import { REVEAL_OPTION_KEYS, validateRevealOptions, type RevealOptions } from './reveal-options.ts';
import { HIGHLIGHT_STYLES } from './highlight-styles.ts';
import { closestKey } from './typos.ts';
import { STRING_KEYS } from './frontmatter.ts';
import { validateMermaidConfig } from './mermaid.ts';
import { parseDuration } from './duration.ts';
import { DEFAULT_NOTES_SEPARATOR, DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR } from './separators.ts';

/** reveal.js 6's themes (dist/theme), and Lectern's own. */
export const THEMES = [
  'lectern', 'black', 'white', 'league', 'beige', 'night', 'serif', 'simple', 'solarized', 'blood', 'moon', 'dracula', 'sky',
  'black-contrast', 'white-contrast',
] as const;
const THEME_SET: ReadonlySet<string> = new Set(THEMES);
const TRANSITIONS = new Set(['none', 'fade', 'slide', 'convex', 'concave', 'zoom']);
/** reveal.js's slide size when a deck sets only one side. */
const REVEAL_DEFAULT_SIZE = { width: 960, height: 700 };
/** Height of a slide whose size comes from `aspect` (16:9 → 1280×720). */
const ASPECT_HEIGHT = 720;

/** Defaults for the keys of DeckMeta that have one (`title` falls back to the first slide). */
export const DEFAULT_META = Object.freeze({
  theme: 'lectern',
  transition: 'slide',
  aspect: '16:9',
  separator: DEFAULT_SEPARATOR,
  verticalSeparator: DEFAULT_VERTICAL_SEPARATOR,
  notesSeparator: DEFAULT_NOTES_SEPARATOR,
});

/** reveal-md's own keys: known, used or knowingly ignored. */
const REVEAL_MD_KEYS = [
  'highlightTheme', 'css', 'revealOptions', 'mermaid', 'customTheme', 'scripts', 'preprocessor', 'template',
  'listingTemplate', 'assetsDir', 'staticDirs', 'staticDir', 'static', 'glob', 'host', 'port', 'watch', 'base',
  'absoluteUrl', 'featuredSlide', 'disableAutoOpen', 'print', 'printSize', 'puppeteerLaunchArgs',
  'puppeteerChromiumExecutable', 'description', '_',
];
/** Lectern's own keys beyond the text ones: `questions` (live sessions' moderation mode), `duration` (the talk's length). */
const LECTERN_KEYS = ['questions', 'duration'];
const KNOWN_KEYS: ReadonlySet<string> = new Set([...STRING_KEYS, ...REVEAL_MD_KEYS, ...LECTERN_KEYS]);
/** Keys that make reveal-md run the deck's code: never run here. */
const CODE_KEYS = ['scripts', 'preprocessor', 'template', 'listingTemplate', 'plugins'];
/** reveal.js markdown attributes written as front-matter keys. */
const ALIASES: Record<string, string> = {
  'data-separator': 'separator',
  'data-separator-vertical': 'verticalSeparator',
  'data-separator-notes': 'notesSeparator',
};

const ASPECT = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/;

export interface BuiltMeta {
  meta: DeckMeta;
  warnings: DeckWarning[];
}

/** A stylesheet reference: a relative path to a .css, inside the deck's folder; else null. */
function cssPath(value: string): string | null {
  const path = value.trim().replace(/^\.\//, '');
  if (!/\.css$/i.test(path) || path.length > 300) return null;
  if (/^[a-z][a-z0-9+.-]*:|^\/|\\|[<>"'`]/i.test(path)) return null;
  if (path.split('/').some((part) => part === '..' || part === '')) return null;
  return path;
}

/**
 * DeckMeta from merged settings. `defaults` sit under everything (the server's own defaults);
 * `keyLines` locate front-matter keys.
 */
export function buildMeta(
  merged: MergedSettings,
  defaults: Partial<DeckMeta> | undefined,
  keyLines: Record<string, number>,
  file?: string,
): BuiltMeta {
  const warnings: DeckWarning[] = [];
  const { settings, settingSource } = merged;
  const lineOf = (key: string) => (settingSource[key] === 'front matter' ? keyLines[key] : undefined);
  const warn = (key: string, message: string) => warnings.push({ line: lineOf(key), message: `${settingSource[key] ?? 'front matter'} "${key}" ${message}` });

  const meta: DeckMeta = { ...DEFAULT_META, title: '', reveal: {}, css: [] };
  for (const layer of [defaults ?? {}, settings]) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined || key === '__proto__') continue;
      // Config files are JSON: a key that must be text and is not is ignored, with a warning.
      if ((STRING_KEYS as readonly string[]).includes(key) && typeof value !== 'string' && layer === settings && settingSource[key] !== 'front matter') {
        warn(key, 'must be text: ignored');
        continue;
      }
      meta[key] = value;
    }
  }
  meta.reveal = {};
  meta.css = [];

  const aspect = ASPECT.exec(String(meta.aspect));
  if (!aspect || Number(aspect[1]) <= 0 || Number(aspect[2]) <= 0) {
    throw new LecternError('front-matter', `front matter "aspect" must look like "16:9", not "${String(meta.aspect)}"`, { line: keyLines.aspect, file });
  }
  meta.aspect = `${aspect[1]}:${aspect[2]}`;

  themeSettings(meta, settings, warn);
  for (const key of Object.keys(settings)) checkKey(key, settings[key], warn);

  if (settings.revealOptions !== undefined && !isPlainObject(settings.revealOptions)) warn('revealOptions', 'must be a mapping of reveal.js options: ignored');
  const where = (key: string) => (merged.revealSource[key] === 'reveal.json' ? 'reveal.json' : `${merged.revealSource[key]} revealOptions`);
  const revealLine = (key: string) => (merged.revealSource[key] === 'front matter' ? keyLines.revealOptions : undefined);
  const reveal: RevealOptions = validateRevealOptions(merged.revealOptions, where, warnings, revealLine);

  const transition = reveal.transition ?? meta.transition;
  if (typeof transition !== 'string' || !TRANSITIONS.has(transition)) {
    if (transition !== 'default') warn('transition', `must be one of ${[...TRANSITIONS].join(', ')}, not "${String(transition)}": "slide" is used`);
    meta.transition = 'slide';
  } else {
    meta.transition = transition;
  }
  reveal.transition = meta.transition as RevealOptions['transition'];
  slideSize(meta, reveal, settingSource.aspect !== undefined, warn);
  meta.reveal = reveal;

  delete meta.duration;
  if (settings.duration !== undefined && settings.duration !== null) {
    const duration = parseDuration(settings.duration);
    if ('seconds' in duration) meta.duration = duration.seconds;
    else warn('duration', duration.problem);
  }

  if (settings.mermaid !== undefined && settings.mermaid !== false) {
    const mermaid = validateMermaidConfig(settings.mermaid, (message) => warn('mermaid', message));
    if (mermaid) meta.mermaid = mermaid;
    else delete meta.mermaid;
  }
  if (meta.questions !== undefined && !isQuestionMode(meta.questions)) {
    warn('questions', `must be one of ${QUESTION_MODES.join(', ')}, not "${String(meta.questions)}": "${DEFAULT_QUESTION_MODE}" is used`);
    delete meta.questions;
  }
  return { meta, warnings };
}

type Warn = (key: string, message: string) => void;

function themeSettings(meta: DeckMeta, settings: Record<string, unknown>, warn: Warn): void {
  const theme = String(meta.theme).trim();
  meta.theme = 'lectern';
  if (THEME_SET.has(theme.toLowerCase())) {
    meta.theme = theme.toLowerCase();
  } else if (/\.css$/i.test(theme)) {
    const path = cssPath(theme);
    if (path) meta.themeCss = path;
    else warn('theme', `"${theme}" is not a stylesheet inside the deck's folder (Lectern loads nothing from elsewhere): the Lectern theme is used`);
  } else {
    const near = closestKey(theme, THEMES);
    warn('theme', `"${theme}" is not a theme (${THEMES.join(', ')}, or a .css file)${near ? `; did you mean "${near}"?` : ''}: the Lectern theme is used`);
  }
  if (typeof settings.customTheme === 'string' && !meta.themeCss) {
    const path = cssPath(settings.customTheme.endsWith('.css') ? settings.customTheme : `${settings.customTheme}.css`);
    if (path) meta.themeCss = path;
    else warn('customTheme', 'is not a stylesheet inside the deck\'s folder: ignored');
  }

  const highlight = settings.highlightTheme;
  delete meta.highlightTheme;
  if (typeof highlight === 'string' && highlight.trim()) {
    const name = highlight.trim().replace(/(?:\.min)?\.css$/i, '');
    if (HIGHLIGHT_STYLES.has(name)) meta.highlightTheme = name;
    else if (HIGHLIGHT_STYLES.has(`base16/${name}`)) {
      meta.highlightTheme = `base16/${name}`;
      warn('highlightTheme', `"${name}" is called "base16/${name}" since highlight.js 11: that style is used`);
    } else {
      const near = closestKey(name, HIGHLIGHT_STYLES);
      warn('highlightTheme', `"${name}" is not a highlight.js style${near ? ` (did you mean "${near}"?)` : ''}: the theme's own code colours are used`);
    }
  } else if (highlight !== undefined && highlight !== null) {
    warn('highlightTheme', 'must be the name of a highlight.js style: ignored');
  }

  // reveal-md takes `css` as a list or as a comma-separated string.
  const css = settings.css;
  const list = typeof css === 'string' ? css.split(',') : Array.isArray(css) ? css : css === undefined || css === null ? [] : null;
  if (list === null) warn('css', 'must be a stylesheet path or a list of them: ignored');
  for (const entry of list ?? []) {
    const path = typeof entry === 'string' ? cssPath(entry) : null;
    if (path) meta.css.push(path);
    else if (typeof entry !== 'string' || entry.trim()) warn('css', `${JSON.stringify(entry)} is not a .css file inside the deck's folder: ignored`);
  }
}

function checkKey(key: string, value: unknown, warn: Warn): void {
  if (CODE_KEYS.includes(key)) {
    const empty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) warn(key, 'is not run: Lectern never runs code from a deck (scripts, preprocessors, templates); the deck is shown without it');
    return;
  }
  if (KNOWN_KEYS.has(key)) return;
  const alias = ALIASES[key.toLowerCase()];
  if (alias) return warn(key, `is reveal.js's HTML attribute: write "${alias}" (this key is ignored, as reveal-md ignores it)`);
  if (REVEAL_OPTION_KEYS.includes(key)) return warn(key, 'is a reveal.js option: put it under "revealOptions" (here it is ignored, as reveal-md ignores it)');
  const near = closestKey(key, KNOWN_KEYS);
  if (near) warn(key, `is not a setting; did you mean "${near}"? (ignored)`);
}

/**
 * The slide size: reveal.js's width/height when the deck gives them in pixels (the other side
 * from reveal.js's default when only one is given), else from `aspect`. `aspect` always agrees.
 */
function slideSize(meta: DeckMeta, reveal: RevealOptions, aspectGiven: boolean, warn: Warn): void {
  const w = typeof reveal.width === 'number' ? reveal.width : undefined;
  const h = typeof reveal.height === 'number' ? reveal.height : undefined;
  if (w !== undefined || h !== undefined) {
    const width = w ?? (typeof reveal.width === 'string' ? undefined : REVEAL_DEFAULT_SIZE.width);
    const height = h ?? (typeof reveal.height === 'string' ? undefined : REVEAL_DEFAULT_SIZE.height);
    if (width !== undefined && height !== undefined) {
      const aspect = `${width}:${height}`;
      const [aw, ah] = meta.aspect.split(':').map(Number) as [number, number]; // "W:H", as buildMeta checked
      if (aspectGiven && Math.abs(aw / ah - width / height) > 0.01) warn('aspect', `"${meta.aspect}" disagrees with the reveal.js size ${width}×${height}: the size wins`);
      meta.aspect = aspect;
      reveal.width = width;
      reveal.height = height;
      return;
    }
  }
  if (typeof reveal.width === 'string' || typeof reveal.height === 'string') return;
  const [aw, ah] = meta.aspect.split(':').map(Number) as [number, number];
  reveal.width = Math.round((ASPECT_HEIGHT * aw) / ah);
  reveal.height = ASPECT_HEIGHT;
}
