// The PDF print page's fonts, made at build time (scripts/build-client.ts). Chromium embeds a
// variable font, a CFF-outline font, a colour-bitmap emoji font and any synthetic bold as Type 3
// fonts, which print shops and some viewers reject; a static TrueType-outline font it embeds as a
// CID TrueType subset. So the print bundle gets, in place of the variable Inter and JetBrains
// Mono the screen pages use:
// - static TrueType instances of both at every weight the theme CSS names (harfbuzz's instancer
//   through subset-font, all glyphs and layout features kept), under the same family names, so
//   a slide lays out exactly as on screen;
// - in both families, faces for the scripts the theme fonts lack, by unicode-range: static
//   TrueType Noto Sans Arabic, Hebrew and Devanagari, the outline Noto Emoji, and, for CJK,
//   TrueType system fonts by name (Debian's fonts-wqy-microhei, which the set-up installs, and
//   the usual Windows and macOS ones). Chromium picks the set of faces whose weight suits the
//   text best and looks only among those for a character, so each script face is declared at
//   every weight the family has (the 400 file below 550, the 700 one from there): a script is
//   found at every weight, and Chromium never synthesises bold (that would print as Type 3).
// Being in the theme's own families, they need no change to the font stacks at run time (which
// would cost a style recalculation of every slide). The script faces (~500 @font-face rules) go
// in a stylesheet of their own, print-scripts.css, which the print page links only when the
// deck has a character one of them covers (server/pdf/font-preloads.ts): every print page
// builds its font tables from the rules it is given, ~70 ms of a cold 200-slide export.
// Instances are cached in node_modules/.cache/lectern/print-fonts.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CJK_FAMILIES } from '../shared/print.ts';

/** Variable fonts the theme uses, replaced in the print bundle by static instances. */
export const VARIABLE_FONTS = [
  { module: '@fontsource-variable/inter', family: 'Inter Variable', files: 'inter', axis: { min: 100, max: 900 } },
  { module: '@fontsource-variable/jetbrains-mono', family: 'JetBrains Mono Variable', files: 'jetbrains-mono', axis: { min: 100, max: 800 } },
] as const;

/** Static fonts for other scripts: their own subset's faces only (the theme font has Latin). */
const SCRIPT_FONTS = [
  { module: '@fontsource/noto-sans-arabic', subset: 'arabic', weights: [400, 700] },
  { module: '@fontsource/noto-sans-hebrew', subset: 'hebrew', weights: [400, 700] },
  { module: '@fontsource/noto-sans-devanagari', subset: 'devanagari', weights: [400, 700] },
  // Outlines, not colour: Noto Color Emoji is a bitmap (Type 3) or COLRv1 (printed blank) font.
  { module: '@fontsource/noto-emoji', subset: '', weights: [400] },
] as const;

/** The code points each of CJK_FAMILIES' lists covers. */
const CJK_RANGES = {
  han: 'U+2E80-2FDF,U+2FF0-303F,U+3040-30FF,U+3100-312F,U+3190-31FF,U+3200-33FF,U+3400-4DBF,U+4E00-9FFF,U+F900-FAFF,U+FE30-FE4F,U+FF00-FFEF,U+20000-2FA1F',
  hangul: 'U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7FF',
};

/** Bump when the output changes for the same inputs. */
const FORMAT = 4;

interface Face {
  family: string;
  weight: string;
  unicodeRange?: string;
  /** A file next to the CSS, or local() names. */
  file?: string;
  local?: readonly string[];
}

/** The @font-face blocks of a fontsource CSS file: file name, weight and unicode-range. */
function fontsourceFaces(css: string): Array<{ file: string; weight: string; unicodeRange?: string }> {
  const faces = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] ?? '';
    const file = /url\(\.\/files\/([^)]+?\.woff2)\)/.exec(body)?.[1];
    const weight = /font-weight:\s*([^;]+);/.exec(body)?.[1]?.trim();
    if (!file || !weight || /font-style:\s*italic/.test(body)) continue;
    faces.push({ file, weight, unicodeRange: /unicode-range:\s*([^;]+);/.exec(body)?.[1]?.trim() });
  }
  return faces;
}

/** Every numeric font weight the theme stylesheets name, with 400 and 700 (normal, bold). */
export async function themeWeights(themeDir: string): Promise<number[]> {
  const weights = new Set([400, 700]);
  for (const file of await fs.readdir(themeDir)) {
    if (!file.endsWith('.css')) continue;
    const css = await fs.readFile(path.join(themeDir, file), 'utf8');
    for (const m of css.matchAll(/font-weight(?:\s*:|-?[\w-]*:)\s*(\d{3})\b/g)) weights.add(Number(m[1]));
  }
  return [...weights].filter((w) => w >= 100 && w <= 1000).sort((a, b) => a - b);
}

function faceCss(face: Face): string {
  const src = face.file ? `url(./${face.file})` : (face.local ?? []).map((name) => `local('${name}')`).join(', ');
  return `@font-face{font-family:'${face.family}';font-style:normal;font-display:block;font-weight:${face.weight};src:${src};${face.unicodeRange ? `unicode-range:${face.unicodeRange};` : ''}}`;
}

/** The file of a script font for `weight`: its 400 one below 550, else its 700 one, else its only one. */
function scriptFile(files: ReadonlyMap<number, string>, weight: number): string | undefined {
  return files.get(weight < 550 ? 400 : 700) ?? [...files.values()][0];
}

export interface PrintFonts {
  /** The CSS file replacing each variable font module, by module name. */
  replacements: Record<string, string>;
  /** The CSS file of the script faces of both families: print-scripts.css. */
  scripts: string;
  dir: string;
}

/**
 * Writes the static instances, the fallback faces and one CSS file per replaced module into a
 * cache folder keyed by the inputs, and returns where; esbuild copies the files the CSS names.
 */
export async function printFonts(root: string): Promise<PrintFonts> {
  const weights = await themeWeights(path.join(root, 'client', 'theme'));
  // Packages by folder: fontsource's `exports` do not list package.json.
  const pkg = (module: string) => path.join(root, 'node_modules', module);
  const modules = [...VARIABLE_FONTS.map((f) => f.module), ...SCRIPT_FONTS.map((f) => f.module), 'subset-font', 'harfbuzzjs'];
  const versions = await Promise.all(
    modules.map(async (m) => `${m}@${(JSON.parse(await fs.readFile(path.join(pkg(m), 'package.json'), 'utf8')) as { version: string }).version}`),
  );
  const key = createHash('sha256').update(JSON.stringify({ FORMAT, weights, versions, CJK_FAMILIES, CJK_RANGES })).digest('hex').slice(0, 16);
  const dir = path.join(root, 'node_modules', '.cache', 'lectern', 'print-fonts', key);
  const replacements = Object.fromEntries(VARIABLE_FONTS.map((f) => [f.module, path.join(dir, `${f.files}.css`)]));
  const scriptsCss = path.join(dir, 'scripts.css');
  const done = path.join(dir, 'done');
  if (await fs.stat(done).then(() => true, () => false)) return { replacements, scripts: scriptsCss, dir };

  // Instances for other inputs (an older font package or theme) are stale: only these are kept.
  await fs.rm(path.dirname(dir), { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const { default: subsetFont } = await import('subset-font');

  // Each script subset's files by weight, and its unicode-range.
  const scripts: Array<{ unicodeRange?: string; files: Map<number, string> }> = [];
  for (const font of SCRIPT_FONTS) {
    const bySubset = new Map<string, { unicodeRange?: string; files: Map<number, string> }>();
    for (const weight of font.weights) {
      const css = await fs.readFile(path.join(pkg(font.module), `${weight}.css`), 'utf8');
      for (const face of fontsourceFaces(css)) {
        if (font.subset && !face.file.includes(`-${font.subset}-${weight}-`)) continue;
        await fs.copyFile(path.join(pkg(font.module), 'files', face.file), path.join(dir, face.file));
        const key = face.unicodeRange ?? '';
        const entry = bySubset.get(key) ?? bySubset.set(key, { unicodeRange: face.unicodeRange, files: new Map() }).get(key)!;
        entry.files.set(weight, face.file);
      }
    }
    scripts.push(...bySubset.values());
  }

  const scriptFaces: Face[] = [];
  for (const font of VARIABLE_FONTS) {
    const css = await fs.readFile(path.join(pkg(font.module), 'index.css'), 'utf8');
    const faces: Face[] = [];
    const instanceWeights = [...new Set(weights.map((w) => Math.min(font.axis.max, Math.max(font.axis.min, w))))];
    // Before the theme font's own (print-scripts.css is linked before print.css): for a
    // character in more than one face's unicode-range, the face declared last is tried first,
    // so the theme font's own faces keep their characters.
    for (const weight of instanceWeights) {
      for (const script of scripts) {
        const file = scriptFile(script.files, weight);
        if (file) scriptFaces.push({ family: font.family, weight: String(weight), unicodeRange: script.unicodeRange, file });
      }
      for (const [cjk, names] of Object.entries(CJK_FAMILIES)) {
        scriptFaces.push({ family: font.family, weight: String(weight), unicodeRange: CJK_RANGES[cjk as keyof typeof CJK_RANGES], local: names });
      }
    }
    for (const face of fontsourceFaces(css)) {
      const source = await fs.readFile(path.join(pkg(font.module), 'files', face.file));
      for (const weight of instanceWeights) {
        const file = face.file.replace(/-wght-normal\.woff2$/, `-${weight}-normal.ttf`);
        const instance = await subsetFont(source, null, { keepAllGlyphs: true, variationAxes: { wght: weight }, targetFormat: 'truetype' });
        await fs.writeFile(path.join(dir, file), instance);
        faces.push({ family: font.family, weight: String(weight), unicodeRange: face.unicodeRange, file });
      }
    }
    await fs.writeFile(path.join(dir, `${font.files}.css`), faces.map(faceCss).join('\n'));
  }
  await fs.writeFile(scriptsCss, scriptFaces.map(faceCss).join('\n'));
  await fs.writeFile(done, `${new Date().toISOString()}\n`);
  return { replacements, scripts: scriptsCss, dir };
}
