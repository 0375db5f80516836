// The stylesheets a deck page loads beside its bundle, one of each kind a deck asks for, built
// into dist/client/styles/ with content hashes in their names (cached for good):
//
//   styles/themes/<name>-<hash>.css      the slide theme: Lectern's (client/theme/lectern.css)
//                                        or one of reveal.js's own (reveal.js/dist/theme)
//   styles/highlight/<name>-<hash>.css   a highlight.js style (`highlightTheme:`)
//   styles/math/katex-<hash>.css         KaTeX's stylesheet, for decks with math
//
// Everything they load is served by Lectern: reveal's themes import their web fonts from Google
// Fonts, which are swapped for the same families from @fontsource packages, and inline their own
// fonts as base64, which are written out as font files (fetched only by the pages that use them).
// highlight.js's styles are put under `.reveal` so they outrank the theme's own code colours.
import { build, type BuildOptions, type Metafile } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import postcss from 'postcss';
import { PRINT_THEME } from '../server/http/assets.ts';

/** Google Fonts families reveal.js 6's themes import → the @fontsource stylesheets of the same faces. */
const GOOGLE_FONTS: Record<string, string[]> = {
  Lato: ['lato/400.css', 'lato/400-italic.css', 'lato/700.css', 'lato/700-italic.css'],
  Ubuntu: ['ubuntu/300.css', 'ubuntu/300-italic.css', 'ubuntu/700.css', 'ubuntu/700-italic.css'],
  Montserrat: ['montserrat/700.css'],
  'Open Sans': ['open-sans/400.css', 'open-sans/400-italic.css', 'open-sans/700.css', 'open-sans/700-italic.css'],
  'News Cycle': ['news-cycle/400.css', 'news-cycle/700.css'],
  Quicksand: ['quicksand/400.css', 'quicksand/700.css'],
};

export interface DeckStyles {
  metafile: Metafile;
  /** "theme:black", "highlight:base16/zenburn", "math" → path relative to dist/client. */
  styles: Record<string, string>;
}

/** A reveal theme without remote imports or inline fonts: the CSS to build, fonts written to `fontsDir`. */
async function offlineRevealTheme(css: string, name: string, fontsDir: string): Promise<string> {
  const root = postcss.parse(css);
  const imports: string[] = [];
  root.walkAtRules('import', (rule) => {
    const family = /family=([^:&"')]+)/.exec(rule.params)?.[1]?.replace(/\+/g, ' ');
    const local = family ? GOOGLE_FONTS[family] : undefined;
    if (!local) throw new Error(`reveal theme ${name}: no local fonts for ${rule.params}`);
    imports.push(...local.map((file) => `@import "@fontsource/${file}";`));
    rule.remove();
  });
  const writes: Array<Promise<void>> = [];
  root.walkDecls('src', (decl) => {
    decl.value = decl.value.replace(/url\(data:font\/(\w+);base64,([A-Za-z0-9+/=]+)\)/g, (_, type: string, data: string) => {
      const bytes = Buffer.from(data, 'base64');
      const file = `${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${type}`;
      writes.push(fs.writeFile(path.join(fontsDir, file), bytes));
      return `url("../fonts/${file}")`;
    });
  });
  await Promise.all(writes);
  return `${imports.join('\n')}\n${root.toString()}`;
}

/** A highlight.js style with every selector under `.reveal` (images it uses by absolute path). */
function scopedHighlightStyle(css: string, dir: string): string {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    rule.selectors = rule.selectors.map((selector) => `.reveal ${selector}`);
  });
  root.walkDecls((decl) => {
    decl.value = decl.value.replace(/url\(\s*['"]?(\.\/)?([\w.-]+\.(?:png|jpe?g))['"]?\s*\)/g, (_, __, file: string) => `url("${path.join(dir, file)}")`);
  });
  return root.toString();
}

export async function buildDeckStyles(root: string, outdir: string, common: BuildOptions): Promise<DeckStyles> {
  const work = path.join(root, 'node_modules', '.cache', 'lectern', 'styles');
  await fs.rm(work, { recursive: true, force: true });
  for (const dir of ['themes', 'fonts', 'highlight/base16', 'math']) await fs.mkdir(path.join(work, dir), { recursive: true });
  const entries: Record<string, string> = {};
  const write = async (key: string, rel: string, css: string) => {
    await fs.writeFile(path.join(work, rel), css);
    entries[key] = path.join(work, rel);
  };

  const revealThemes = path.join(root, 'node_modules', 'reveal.js', 'dist', 'theme');
  for (const file of (await fs.readdir(revealThemes)).filter((f) => f.endsWith('.css'))) {
    const name = file.slice(0, -4);
    await write(`theme:${name}`, `themes/${name}.css`, await offlineRevealTheme(await fs.readFile(path.join(revealThemes, file), 'utf8'), name, path.join(work, 'fonts')));
  }
  await write(
    'theme:lectern',
    'themes/lectern.css',
    ['@fontsource-variable/inter', '@fontsource-variable/jetbrains-mono', path.join(root, 'client', 'theme', 'lectern.css')].map((f) => `@import ${JSON.stringify(f)};`).join('\n'),
  );
  // The same theme for the PDF print page, without its font faces: the print page always loads
  // the print bundle's stylesheet, whose page chrome brings the same families as static
  // TrueType instances with the other scripts' faces (print-fonts.ts, build-client.ts). A second
  // copy of those ~700 @font-face rules would cost every export ~330 KB of CSS to load and parse.
  await write(PRINT_THEME, 'themes/lectern-print.css', `@import ${JSON.stringify(path.join(root, 'client', 'theme', 'lectern.css'))};`);

  const hljs = path.join(root, 'node_modules', 'highlight.js', 'styles');
  for (const sub of ['', 'base16']) {
    for (const file of (await fs.readdir(path.join(hljs, sub))).filter((f) => f.endsWith('.css') && !f.endsWith('.min.css'))) {
      const name = path.posix.join(sub, file.slice(0, -4));
      await write(`highlight:${name}`, `highlight/${name}.css`, scopedHighlightStyle(await fs.readFile(path.join(hljs, sub, file), 'utf8'), path.join(hljs, sub)));
    }
  }
  await write('math', 'math/katex.css', `@import "katex/dist/katex.min.css";\n`);

  const result = await build({
    ...common,
    entryPoints: Object.values(entries),
    outbase: work,
    outdir: path.join(outdir, 'styles'),
    entryNames: '[dir]/[name]-[hash]',
    assetNames: '../files/[name]-[hash]',
    loader: { ...common.loader, '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.png': 'file', '.jpg': 'file' },
    metafile: true,
  });
  const byInput = new Map<string, string>();
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint) byInput.set(path.resolve(root, meta.entryPoint), path.relative(outdir, path.resolve(root, out)).split(path.sep).join('/'));
  }
  const styles: Record<string, string> = {};
  for (const [key, input] of Object.entries(entries)) {
    const out = byInput.get(input);
    if (!out) throw new Error(`deck styles: no output for ${key}`);
    styles[key] = out;
  }
  return { metafile: result.metafile, styles };
}
