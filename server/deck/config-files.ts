// Settings from reveal-md's config files, under the front matter, with reveal-md 6.1.4's
// precedence (its lib/config.js and lib/render.js):
//
//   deck settings   front matter  >  reveal-md.json  >  defaults      (lodash defaultsDeep)
//   reveal options  front matter `revealOptions`  >  reveal-md.json `revealOptions`  >  reveal.json
//
// reveal-md reads reveal-md.json(5) and reveal.json(5) from the folder it is run in, and only
// there (not from parent folders): that folder is the deck's root. The file-system boundary
// finds and parses the files; this module only merges what it is given. Pure.

/** Parsed config files for one deck (JSON5 already parsed). */
export interface DeckConfigFiles {
  /** reveal-md.json: reveal-md's options (separators, theme, highlightTheme, css, revealOptions…). */
  revealMd?: Record<string, unknown>;
  /** reveal.json: reveal.js options. */
  reveal?: Record<string, unknown>;
}

export type SettingSource = 'front matter' | 'reveal-md.json' | 'reveal.json';

export interface MergedSettings {
  /** Front matter over reveal-md.json; nested mappings merged key by key. */
  settings: Record<string, unknown>;
  /** Where each top-level key of `settings` comes from. */
  settingSource: Record<string, SettingSource>;
  /** The reveal.js options, before validation. */
  revealOptions: Record<string, unknown>;
  revealSource: Record<string, SettingSource>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * lodash's defaultsDeep for JSON data: keys of `lower` that `higher` lacks are added; mappings
 * on both sides merge recursively. Lists are taken whole from the higher layer (lodash merges
 * them index by index, which no author means).
 */
function defaultsDeep(higher: Record<string, unknown>, lower: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...higher };
  for (const [key, value] of Object.entries(lower)) {
    if (key === '__proto__' || value === undefined) continue;
    if (!Object.hasOwn(out, key) || out[key] === undefined) out[key] = value;
    else if (isPlainObject(out[key]) && isPlainObject(value)) out[key] = defaultsDeep(out[key] as Record<string, unknown>, value);
  }
  return out;
}

/** Merges the front matter with the config files, as reveal-md does. */
export function mergeConfigFiles(front: Record<string, unknown>, files: DeckConfigFiles = {}): MergedSettings {
  const revealMd = isPlainObject(files.revealMd) ? files.revealMd : {};
  const reveal = isPlainObject(files.reveal) ? files.reveal : {};
  const settings = defaultsDeep(front, revealMd);
  const settingSource: Record<string, SettingSource> = {};
  for (const key of Object.keys(settings)) settingSource[key] = Object.hasOwn(front, key) ? 'front matter' : 'reveal-md.json';

  const frontOptions = isPlainObject(front.revealOptions) ? front.revealOptions : {};
  const fileOptions = isPlainObject(revealMd.revealOptions) ? revealMd.revealOptions : {};
  // render.js: Object.assign({}, _.defaults({}, options.revealOptions, revealConfig), yamlOptions.revealOptions)
  const merged = defaultsDeep(frontOptions, fileOptions);
  const revealOptions: Record<string, unknown> = { ...merged };
  for (const [key, value] of Object.entries(reveal)) {
    if (key !== '__proto__' && !Object.hasOwn(revealOptions, key)) revealOptions[key] = value;
  }
  Object.assign(revealOptions, frontOptions);
  const revealSource: Record<string, SettingSource> = {};
  for (const key of Object.keys(revealOptions)) {
    revealSource[key] = Object.hasOwn(frontOptions, key) ? 'front matter' : Object.hasOwn(fileOptions, key) ? 'reveal-md.json' : 'reveal.json';
  }
  return { settings, settingSource, revealOptions, revealSource };
}
