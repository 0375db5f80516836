// Preload links for the print page's fonts. Chromium requests a font file only once layout
// finds text that needs it, then lays the text out again when it arrives: on a cold export each
// such file is a wait on the way to the PDF. So the print page asks for them up front:
// - the files nearly every deck uses, in the print bundle's static instances
//   (scripts/print-fonts.ts): Inter's Latin subset at every weight the theme names (a deck uses
//   a dozen: body, headings, kickers, numbers) and JetBrains Mono's at 400 (the cold Europython
//   export waited ~250 ms for fonts, ~140 ms with these);
// - for the deck's own characters beyond them (IPA, Cyrillic, Greek, Vietnamese, Arabic,
//   Hebrew, Devanagari, emoji), the body weight's file of each subset the print stylesheet
//   declares for them (the Europython deck's IPA symbols: Inter's latin-ext, otherwise found
//   only after the first layout, ~40 ms later).
// Preloading changes when a file arrives, never which face draws a character.
//
// It also decides whether a print page links print-scripts.css, the faces for other scripts
// (scripts/print-fonts.ts): only when the page has a character one of them covers. A face is
// only ever used for a character in its unicode-range, so leaving out faces whose ranges no
// character of the page falls in changes nothing printed, and the page builds its font
// tables from ~200 rules instead of ~700. The characters are the page's markup (text, notes,
// alt text, the page data the client draws headers and poll results from), the deck's own
// stylesheet (its `content:`), and those the print bundle's code writes.
import fs from 'node:fs';
import path from 'node:path';

/** The weight body text is set in (client/theme/lectern.css): other weights of a subset load on demand. */
const BODY_WEIGHT = 400;

/** Files of the print bundle preloaded for every deck. */
const COMMON = /^(inter-latin-\d+|jetbrains-mono-latin-400)-normal-[\w-]+\.ttf$/;

interface Face {
  file: string;
  ranges: Array<[number, number]>;
}

function link(file: string): string {
  const type = file.endsWith('.woff2') ? 'font/woff2' : 'font/ttf';
  return `<link rel="preload" href="/assets/files/${encodeURIComponent(file)}" as="font" type="${type}" crossorigin>`;
}

/** `U+0400-045F,U+2116,U+4??` as code point ranges. */
export function unicodeRanges(value: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const part of value.split(',')) {
    const match = /^\s*U\+([0-9a-f?]{1,6})(?:-([0-9a-f]{1,6}))?\s*$/i.exec(part);
    if (!match) continue;
    const [, from = '', to] = match;
    ranges.push([parseInt(from.replace(/\?/g, '0'), 16), parseInt((to ?? from).replace(/\?/g, 'f'), 16)]);
  }
  return ranges;
}

/** The body-weight faces of a stylesheet with a file of the bundle (local() system faces have none to fetch). */
export function bodyFaces(css: string): Face[] {
  const faces: Face[] = [];
  for (const [, block = ''] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const weight = /font-weight:\s*(\d+)/.exec(block)?.[1];
    const file = /src:\s*url\(["']?\.\/files\/([^"')]+)["']?\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+)/.exec(block)?.[1];
    if (Number(weight) !== BODY_WEIGHT || !file || !range || COMMON.test(file)) continue;
    faces.push({ file, ranges: unicodeRanges(range) });
  }
  return faces;
}

/**
 * The code points of `text` above ASCII, each once. A regular expression scans the page in native
 * code: a cold export runs this once, where a loop over the characters is still interpreted
 * (~2 ms for the 100 KB page of 200 slides, against ~0.2).
 */
function codePoints(text: string): number[] {
  const seen = new Set<number>();
  for (const [char] of text.matchAll(/[^\x00-\x7f]/gu)) seen.add(char.codePointAt(0)!); // a match is one code point
  return [...seen];
}

/** Code points written as escapes (`\u2014`, `\u{1F600}`) or character references (`&#x5E0;`, `&#1488;`). */
function escapedPoints(text: string): number[] {
  const points: number[] = [];
  for (const m of text.matchAll(/\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|&#x([0-9a-f]{1,6});|&#(\d{1,7});/gi)) {
    const point = m[4] ? Number(m[4]) : parseInt(m[1] ?? m[2] ?? m[3] ?? '', 16);
    if (point > 0x7f && point <= 0x10ffff) points.push(point);
  }
  return points;
}

/** Code points a stylesheet writes as CSS escapes (`content: "\2014"`). */
function cssEscapedPoints(css: string): number[] {
  return [...css.matchAll(/\\([0-9a-f]{1,6})/gi)].map((m) => parseInt(m[1]!, 16)).filter((p) => p > 0x7f && p <= 0x10ffff);
}

const covers = (faces: Face[], points: number[]) => points.some((p) => faces.some((face) => face.ranges.some(([from, to]) => p >= from && p <= to)));

export class FontPreloads {
  /** Links for every deck (the warm-up page has these too). */
  readonly common: string;
  /** Their files, as paths under /assets/. */
  readonly commonFiles: string[];
  private readonly faces: Face[];
  /** The unicode-ranges of print-scripts.css's faces, and the characters the print bundle's code writes. */
  private readonly scriptFaces: Face[];
  private readonly written: number[];

  constructor(clientDir: string) {
    const dir = path.join(clientDir, 'files');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const common = files.filter((f) => COMMON.test(f));
    this.common = common.map(link).join('\n');
    this.commonFiles = common.map((f) => `files/${f}`);
    // No print bundle: the export fails on it with its own message.
    const read = (file: string) => {
      try {
        return fs.readFileSync(path.join(clientDir, file), 'utf8');
      } catch {
        return '';
      }
    };
    const scripts = read('print-scripts.css');
    this.faces = bodyFaces(read('print.css') + scripts);
    // Each script face is declared at every weight: ~500 faces, ~30 distinct ranges, each parsed once.
    const ranges = new Set([...scripts.matchAll(/unicode-range:\s*([^;}]+)/g)].map((m) => m[1]!.trim()));
    this.scriptFaces = [...ranges].map((range) => ({ file: '', ranges: unicodeRanges(range) }));
    const code = read('print.js');
    this.written = [...codePoints(code), ...escapedPoints(code)];
  }

  /** Whether a print page of this markup and deck stylesheet needs print-scripts.css (see above). */
  needsScriptFaces(html: string, stylesheet = ''): boolean {
    const text = html + stylesheet;
    return covers(this.scriptFaces, [...codePoints(text), ...escapedPoints(text), ...cssEscapedPoints(stylesheet), ...this.written]);
  }

  /** Links for a print page whose markup is `html`: the common ones and those its characters need. */
  forPage(html: string): string {
    const points = codePoints(html);
    const wanted = this.faces.filter((face) => covers([face], points));
    return [this.common, ...wanted.map((face) => link(face.file))].filter(Boolean).join('\n');
  }
}
