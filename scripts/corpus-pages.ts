// The reveal-md corpus through Lectern's real pages and PDF export, against reveal-md 6.1.4's
// slide counts (the corpus's manifest). scripts/corpus-reveal-md.ts checks the parser alone; this
// serves every deck from a temporary decks folder (the corpus is copied there, never into the
// repository) and, in headless Chromium, reads each deck page and downloads each PDF.
//
//   npx tsx scripts/corpus-pages.ts [/work/corpus/manifest.json] [--out /tmp/corpus-pages] [--only id,id] [--markdown]
//
// Per deck: slides (reveal-md, the page, the PDF's pages), notes text found on the public page or
// in the PDF (must be none), formulas typeset with KaTeX's styles, diagrams drawn, the theme the
// page links, warnings. Writes a screenshot of each deck's first slide at 1920×1080 and a contact
// sheet of them all (sheet.png) to --out, to look at.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import puppeteer, { type Page } from 'puppeteer-core';
import { createApplication } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { BROWSER_ARGS, findBrowser } from '../server/pdf/browser.ts';
import { CONFIG_FILE_NAMES } from '../server/decks/config-files.ts';
import type { Deck } from '../server/deck/model.ts';

const run = promisify(execFile);

interface ManifestDeck {
  id: string;
  entry: string;
  /** Files the deck loads, relative to the folder reveal-md ran in. */
  files: string[];
  revealMd: { slides?: number; fallbackSlides?: number };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: '/tmp/corpus-pages' }, only: { type: 'string' }, markdown: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
});
const manifestPath = path.resolve(positionals[0] ?? '/work/corpus/manifest.json');
const corpusDecks = path.join(path.dirname(manifestPath), 'decks');
const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as ManifestDeck[];
const only = values.only ? new Set(values.only.split(',')) : null;
const out = path.resolve(values.out!);
await fs.mkdir(out, { recursive: true });

/**
 * A folder deck per corpus deck: the markdown's own folder (so its relative images resolve as
 * they did in reveal-md), the file as index.md, and the config files and stylesheets reveal-md
 * read from the folder it ran in (it resolves `css:` and `theme:` there, not beside the file).
 */
async function stage(entry: ManifestDeck, decksDir: string): Promise<void> {
  const source = path.join(corpusDecks, entry.id);
  const dest = path.join(decksDir, entry.id);
  await fs.cp(path.join(source, path.dirname(entry.entry)), dest, { recursive: true });
  const own = path.dirname(entry.entry);
  for (const file of entry.files) {
    if (own !== '.' && !file.startsWith(`${own}/`)) {
      await fs.mkdir(path.dirname(path.join(dest, file)), { recursive: true });
      await fs.copyFile(path.join(source, file), path.join(dest, file)).catch(() => undefined);
    }
  }
  for (const name of CONFIG_FILE_NAMES) {
    await fs.copyFile(path.join(source, name), path.join(dest, name)).catch(() => undefined);
  }
  if (path.basename(entry.entry) !== 'index.md') {
    await fs.rm(path.join(dest, 'index.md'), { force: true });
    await fs.rename(path.join(dest, path.basename(entry.entry)), path.join(dest, 'index.md'));
  }
}

const textOf = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ').replace(/\s+/g, ' ').trim();

/**
 * Runs of notes text long enough to be unmistakable on a slide (tags out, whitespace squashed),
 * leaving out the ones the slides themselves also say (authors repeat a point in both).
 */
function notesSnippets(deck: Deck): string[] {
  const slidesText = deck.slides.map((slide) => textOf(slide.html)).join(' ');
  const snippets: string[] = [];
  for (const slide of deck.slides) {
    for (const sentence of textOf(slide.notes).split(/(?<=[.!?:])\s+/)) {
      const snippet = sentence.slice(0, 40);
      if (sentence.length >= 24 && !slidesText.includes(snippet)) snippets.push(snippet);
    }
  }
  return snippets;
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

interface PageFacts {
  slides: number;
  text: string;
  math: number;
  mathStyled: number;
  diagrams: number;
  drawn: number;
  styles: string[];
}

async function readPage(page: Page, url: string, shot: string): Promise<PageFacts> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => Boolean(window.Reveal?.isReady?.()), { timeout: 20000 });
  await page
    .waitForFunction(() => [...document.querySelectorAll('pre.mermaid')].every((p) => p.hasAttribute('data-lectern-drawn') && (p.querySelector('svg') || p.classList.contains('mermaid-error'))), { timeout: 20000 })
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
  await new Promise((resolve) => setTimeout(resolve, 400)); // the slide transition's end, for the picture only
  // The author's warnings panel opens by itself on localhost: the picture is of the slide.
  await page.evaluate(() => document.getElementById('lectern-warnings')?.setAttribute('hidden', ''));
  await page.screenshot({ path: shot });
  return page.evaluate(() => ({
    slides: window.Reveal!.getTotalSlides(),
    text: document.querySelector('.reveal .slides')?.textContent ?? '',
    math: document.querySelectorAll('.katex').length,
    mathStyled: [...document.querySelectorAll('.katex-mathml')].filter((m) => getComputedStyle(m).position === 'absolute').length,
    diagrams: document.querySelectorAll('pre.mermaid').length,
    drawn: document.querySelectorAll('pre.mermaid > svg').length,
    styles: [...document.querySelectorAll('link[data-lectern-style]')].map((l) => l.getAttribute('href') ?? ''),
  }));
}

async function pdfFacts(base: string, id: string, dir: string): Promise<{ pages: number; text: string }> {
  const res = await fetch(`${base}/decks/${encodeURIComponent(id)}.pdf`);
  if (!res.ok) throw new Error(`PDF: HTTP ${res.status}`);
  const file = path.join(dir, `${id}.pdf`);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
  const info = (await run('pdfinfo', [file])).stdout;
  const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0), text };
}

interface Row {
  id: string;
  cells: string[];
  ok: { count: boolean; pdf: boolean; leak: boolean; math: boolean; diagrams: boolean; theme: boolean };
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-corpus-'));
const decksDir = path.join(work, 'decks');
await fs.mkdir(decksDir);
const entries = manifest.filter((e) => !only || only.has(e.id));
for (const entry of entries) await stage(entry, decksDir);

const config = { ...loadConfig([], { ...process.env, LOG_LEVEL: 'silent' }), decksDir, dataDir: path.join(work, 'data'), port: 0, host: '127.0.0.1', watch: false };
const lectern = await createApplication(config);
const { port } = await lectern.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
const browser = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: BROWSER_ARGS });
const rows: Row[] = [];
const shots: string[] = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1920, height: 1080 });
  for (const entry of entries) {
    const expected = entry.revealMd.slides ?? entry.revealMd.fallbackSlides;
    try {
      const loaded = await lectern.context.decks.load(entry.id);
      const { meta } = loaded.deck;
      const shot = path.join(out, `${entry.id}.png`);
      const facts = await readPage(page, `${base}/decks/${encodeURIComponent(entry.id)}/`, shot);
      shots.push(shot);
      const pdf = await pdfFacts(base, entry.id, out);
      const snippets = notesSnippets(loaded.deck);
      const pageText = squash(facts.text);
      const pdfText = squash(pdf.text);
      const leaked = snippets.filter((s) => pageText.includes(s) || pdfText.includes(s));
      const leaks = leaked.length;
      if (values.verbose) for (const w of loaded.deck.warnings) process.stderr.write(`\n${entry.id}: warning: ${w.file ?? ''}:${w.line ?? ''} ${w.message}`);
      if (values.verbose) for (const s of leaked) process.stderr.write(`\n${entry.id}: notes text "${s}" on the ${pageText.includes(s) ? 'page' : ''} ${pdfText.includes(s) ? 'PDF' : ''}\n`);
      const themeHref = meta.themeCss && meta.theme === 'lectern' ? '/lectern-deck.css' : `/themes/${meta.theme}-`;
      const theme = facts.styles.some((href) => href.includes(themeHref));
      const ok = {
        count: facts.slides === expected,
        pdf: pdf.pages === facts.slides,
        leak: leaks === 0,
        math: facts.mathStyled === facts.math,
        diagrams: facts.drawn === facts.diagrams,
        theme,
      };
      rows.push({
        id: entry.id,
        ok,
        cells: [
          entry.revealMd.slides === undefined ? `${expected ?? '?'}¹` : String(expected),
          String(facts.slides),
          String(pdf.pages),
          leaks ? `YES (${leaks})` : `no (${snippets.length} checked)`,
          facts.math ? `${facts.mathStyled}/${facts.math}` : '-',
          facts.diagrams ? `${facts.drawn}/${facts.diagrams}` : '-',
          `${meta.themeCss ? `${meta.themeCss} (own)` : meta.theme}${theme ? '' : ' NOT LINKED'}`,
          String(loaded.deck.warnings.length),
        ],
      });
    } catch (err) {
      rows.push({ id: entry.id, ok: { count: false, pdf: false, leak: true, math: true, diagrams: true, theme: false }, cells: [String(expected ?? '?'), 'error', '-', '-', '-', '-', '-', (err as Error).message.slice(0, 80)] });
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');

  // The contact sheet: every deck's first slide, named.
  const cells = await Promise.all(
    shots.map(async (file) => `<figure><img src="data:image/png;base64,${(await fs.readFile(file)).toString('base64')}"><figcaption>${path.basename(file, '.png')}</figcaption></figure>`),
  );
  const sheet = await browser.newPage();
  await sheet.setViewport({ width: 8 * 246 + 6, height: 600 });
  await sheet.setContent(
    `<style>body{margin:0;padding:6px;background:#222;color:#ddd;font:11px sans-serif;display:grid;grid-template-columns:repeat(8,240px);gap:6px}figure{margin:0}img{width:240px;display:block}figcaption{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}</style>${cells.join('')}`,
    { waitUntil: 'load' },
  );
  await sheet.screenshot({ path: path.join(out, 'sheet.png'), fullPage: true });
} finally {
  await browser.close();
  await lectern.close();
  await fs.rm(work, { recursive: true, force: true });
}

const header = ['deck', 'reveal-md slides', 'page slides', 'PDF pages', 'notes on page or PDF', 'math styled', 'diagrams drawn', 'theme', 'warnings'];
const table = rows.map((r) => [r.id, ...r.cells]);
if (values.markdown) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of table) console.log(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...table]) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
}
const count = (key: keyof Row['ok']) => rows.filter((r) => r.ok[key]).length;
console.log(
  `\n${rows.length} decks: ${count('count')} with reveal-md's slide count, ${count('pdf')} PDFs with a page per slide, ` +
    `${rows.length - count('leak')} leaking notes, ${count('math')} with every formula styled, ${count('diagrams')} with every diagram drawn, ${count('theme')} with their theme linked. Screenshots: ${out}/`,
);
if (rows.some((r) => r.cells[0]?.endsWith('¹'))) console.log("¹ reveal-md 6.1.4's export crashed (highlightTheme railscasts); its count after that one fix.");
