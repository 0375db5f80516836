// Fonts in exported PDFs: every script prints (read back from the PDF), characters no font has
// are reported, the showcase decks and code embed TrueType fonts only, never Type 3, and the
// faces for other scripts are only linked where a page needs them, to no change in any page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DeckStore } from '../../server/decks/store.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { describeMissingGlyphs, parseMissingGlyphs } from '../../server/pdf/fonts.ts';
import { copyDecks, tempDir } from '../helpers/server.ts';
import { FontPreloads } from '../../server/pdf/font-preloads.ts';
import { printPage } from '../../server/pdf/print-page.ts';
import { projectRoot } from '../../server/config.ts';
import { difference, rasterize } from './raster.ts';
import { pageTexts, pdfFonts, squash } from './pdf-tools.ts';

const CLIENT_DIR = path.join(projectRoot, 'dist', 'client');

/** Text in each script the exporter must print, one line per script, by slide. */
const SCRIPTS: Record<string, string[]> = {
  'Latin and symbols': ['✓ Ünïcödé façade — “quotes” ½ € ß'],
  Chinese: ['中文 简体字 繁體字'],
  Japanese: ['日本語 ひらがな カタカナ'],
  Korean: ['한국어 안녕하세요'],
  Arabic: ['مرحبا بالعالم العربية'],
  Hebrew: ['שלום עולם עברית'],
  Devanagari: ['नमस्ते दुनिया हिन्दी'],
  Cyrillic: ['Привет мир Кириллица'],
  Greek: ['Γειά σου κόσμε Ελληνικά'],
  Emoji: ['🎉 🚀 😀 👍 🐍 🔥'],
};

const SCRIPTS_DECK = `---
title: Every script
---

${Object.entries(SCRIPTS)
  .map(([name, lines]) => `## ${name}\n\n${lines.map((l) => `${l}\n\n**${l}**`).join('\n\n')}`)
  .join('\n\n---\n\n')}
`;

/** pdftotext's bidi marks out; whitespace out (Arabic may come back split inside a word). */
const plain = (text: string) => squash(text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ''));

const CODE_DECK = `---
title: Code
---

## Python

\`\`\`python
def greet(name: str) -> str:
    return f"Hello, {name} ✓"
\`\`\`

---

## Inline \`code\` and **bold** *italic*
`;

describe('fonts in exported PDFs', () => {
  let exporter: PdfExporter;
  let store: DeckStore;
  let decksDir: string;

  before(async () => {
    decksDir = await copyDecks({ 'scripts.md': SCRIPTS_DECK, 'code.md': CODE_DECK, 'tibetan.md': '# Tibetan ཀཁག\n\n---\n\n## Ethiopic ሰላም\n' });
    store = new DeckStore(decksDir);
    exporter = new PdfExporter();
    exporter.warmUp();
  });

  after(async () => {
    await exporter?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('Latin, CJK, Arabic, Hebrew, Devanagari, Cyrillic, Greek and emoji all print and read back', async () => {
    const result = await exporter.export(await store.load('scripts'));
    assert.deepEqual(result.missingGlyphs, [], 'every character has a font');
    const texts = await pageTexts(result.pdf);
    Object.entries(SCRIPTS).forEach(([name, lines], i) => {
      const page = plain(texts[i]!);
      for (const line of lines) {
        for (const word of line.split(/\s+/)) assert.ok(page.includes(plain(word)), `${name}: "${word}" reads back from page ${i + 1}: ${texts[i]}`);
      }
    });
    for (const font of await pdfFonts(result.pdf)) assert.match(font.type, /^(CID )?TrueType$/, `${font.name} is TrueType`);
  });

  test('characters no font has are reported with their slides, not printed silently', async () => {
    const result = await exporter.export(await store.load('tibetan'));
    assert.deepEqual(
      result.missingGlyphs.map((m) => [m.char, m.slides]),
      [
        ['ཀ', [1]],
        ['ཁ', [1]],
        ['ག', [1]],
        ['ሰ', [2]],
        ['ላ', [2]],
        ['ም', [2]],
      ],
    );
    assert.match(describeMissingGlyphs(result.missingGlyphs) ?? '', /^no font on this machine has ཀ \(U\+0F40\), .* \(slides 1, 2\): they print as empty boxes/);
  });

  test('the showcase decks and a deck with code embed TrueType fonts only, no Type 3', async () => {
    const slugs = [...(await store.list()).map((d) => d.slug).filter((s) => !['scripts', 'tibetan'].includes(s))];
    assert.ok(slugs.length >= 5 && slugs.includes('code'), `decks: ${slugs.join(', ')}`);
    for (const slug of slugs) {
      const { pdf } = await exporter.export(await store.load(slug));
      const fonts = await pdfFonts(pdf);
      assert.ok(fonts.length > 0, slug);
      for (const font of fonts) assert.match(font.type, /^(CID )?TrueType$/, `${slug}: ${font.name} is ${font.type}`);
    }
  });
});

test('the faces for other scripts are linked only for pages with a character they cover, and leaving them out changes no page', async () => {
  const fonts = new FontPreloads(CLIENT_DIR);
  const dir = await copyDecks({
    'scripts.md': SCRIPTS_DECK,
    'styled/index.md': '---\ntitle: Styled\ncss: extra.css\n---\n## Hebrew from the stylesheet\n',
    'styled/extra.css': '.reveal h2::after { content: " \\05D0"; }\n',
  });
  // The same bundle with every face in print.css, as one stylesheet: print-scripts.css never linked.
  const whole = await tempDir('lectern-whole-fonts-');
  const all = new PdfExporter({ clientDir: whole });
  const some = new PdfExporter();
  try {
    await fs.cp(CLIENT_DIR, whole, { recursive: true, filter: (file) => !/[/\\]print(-scripts)?\.css(\.br|\.gz)?$/.test(file) });
    const [scripts, rest] = await Promise.all(['print-scripts.css', 'print.css'].map((f) => fs.readFile(path.join(CLIENT_DIR, f), 'utf8')));
    await fs.writeFile(path.join(whole, 'print.css'), scripts + rest);
    const store = new DeckStore(dir);
    const linked = (html: string) => html.includes('href="/assets/print-scripts.css"><link rel="stylesheet" href="/assets/print.css">');
    for (const slug of ['europython-2013', 'building-the-rackstack']) {
      const loaded = await store.load(slug);
      assert.equal(linked(printPage(loaded, {}, fonts).html), false, `${slug}: Latin only`);
      const [a, b] = await Promise.all([all.export(loaded), some.export(loaded)]);
      const [x, y] = await Promise.all([rasterize(a.pdf, 30), rasterize(b.pdf, 30)]);
      x.forEach((page, i) => assert.equal(difference(page, y[i]!, 0).changed, 0, `${slug}: page ${i + 1} differs`));
    }
    assert.equal(linked(printPage(await store.load('scripts'), {}, fonts).html), true, 'CJK, Arabic, emoji…');
    assert.equal(linked(printPage(await store.load('styled'), {}, fonts).html), true, 'a character of the deck stylesheet');
  } finally {
    await Promise.all([all.close(), some.close()]);
    await Promise.all([dir, whole].map((d) => fs.rm(d, { recursive: true, force: true })));
  }
});

test('missing glyphs from the page: malformed entries are dropped; described with slide runs and a fix', () => {
  const parsed = parseMissingGlyphs(JSON.stringify([['日', [2, 3, 4, 9]], ['ab', [1]], [7, [1]], ['ཀ', [-1, 'x', 5]], 'junk']));
  assert.deepEqual(parsed, [
    { char: '日', slides: [2, 3, 4, 9] },
    { char: 'ཀ', slides: [5] },
  ]);
  assert.deepEqual(parseMissingGlyphs('{not json'), []);
  assert.equal(describeMissingGlyphs([]), undefined);
  assert.equal(
    describeMissingGlyphs(parsed),
    'no font on this machine has 日 (U+65E5), ཀ (U+0F40) (slides 2–5, 9): they print as empty boxes; install a TrueType CJK font (Debian: apt-get install fonts-wqy-microhei)',
  );
});
