// Runs a published sanitizer test corpus through Lectern's parser and its real pages, to find
// what our own fixtures did not think of. The corpus is not part of this repository (its licence
// and size): point the script at a copy, e.g. DOMPurify's test/fixtures/expect.mjs (an array of
// { title, payload }), or any JSON array of strings or of objects with a `payload`.
//
//   npm run corpus:sanitizer -- /path/to/DOMPurify/test/fixtures/expect.mjs [--out report.json]
//
// Each payload becomes one slide of a deck. Two checks per payload:
// - static: the sanitized slide HTML (and the sanitizer's output for the bare payload) has no <script>/<style>/<object>/<embed>/<base>/<meta>/<form>,
//   no on* attribute, no scripting URL in any attribute, no iframe without Lectern's sandbox;
// - in Chromium, on the real deck page with the Content-Security-Policy bypassed (so the
//   sanitizer alone is tested, not the CSP behind it): no alert/confirm/prompt/print call, no
//   write to a trap property, no navigation, no request leaving the server, and reveal.js starts.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'htmlparser2';
import { isTag } from 'domutils';
import type { AnyNode } from 'domhandler';
import puppeteer from 'puppeteer-core';
import { createApplication } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { BROWSER_ARGS, findBrowser } from '../server/pdf/browser.ts';
import { parseDeck } from '../server/deck/parse.ts';
import { IFRAME_SANDBOX, hasScriptScheme, sanitizeSlideHtml } from '../server/deck/sanitize.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: npm run corpus:sanitizer -- <corpus.mjs|corpus.json> [--out report.json]');
  process.exit(2);
}

interface Vector {
  title: string;
  payload: string;
}

async function readCorpus(file: string): Promise<Vector[]> {
  const raw: unknown = file.endsWith('.json')
    ? JSON.parse(await fs.readFile(file, 'utf8'))
    : ((await import(pathToFileURL(path.resolve(file)).href)) as { default: unknown }).default;
  if (!Array.isArray(raw)) throw new Error(`${file}: expected an array of vectors`);
  return raw.flatMap((item: unknown, i): Vector[] => {
    if (typeof item === 'string') return [{ title: `#${i}`, payload: item }];
    if (item && typeof item === 'object' && typeof (item as Vector).payload === 'string') {
      return [{ title: String((item as Vector).title ?? `#${i}`), payload: (item as Vector).payload }];
    }
    return [];
  });
}

const FORBIDDEN_TAGS = new Set(['script', 'style', 'object', 'embed', 'base', 'meta', 'link', 'form', 'frame', 'frameset', 'applet', 'math', 'template', 'noscript', 'foreignobject']);

const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'aria-label', 'aria-description', 'aria-roledescription']);

/** Reasons the sanitized HTML is unsafe, by inspection. */
function staticProblems(html: string): string[] {
  const problems: string[] = [];
  const visit = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      if (FORBIDDEN_TAGS.has(node.name)) problems.push(`<${node.name}>`);
      for (const [name, value] of Object.entries(node.attribs)) {
        if (/^on/i.test(name)) problems.push(`${node.name}[${name}]`);
        // Text attributes (title, alt, aria-label) may say "javascript:": browsers never follow them.
        if (!TEXT_ATTRIBUTES.has(name) && hasScriptScheme(value)) problems.push(`${node.name}[${name}] script URL`);
        if (name === 'srcdoc') problems.push(`${node.name}[srcdoc]`);
      }
      if (node.name === 'iframe' && node.attribs.sandbox !== IFRAME_SANDBOX) problems.push('iframe without the sandbox');
      visit(node.children);
    }
  };
  visit(parseDocument(html).children);
  return problems;
}

/** A deck with one slide per vector; each payload is raw HTML in a <div> so markdown leaves it alone. */
function corpusDeck(vectors: Vector[]): string {
  const slides = vectors.map((v, i) => `<!-- .slide: data-vector="${i}" -->\n<div class="vector">\n\n${v.payload.replace(/^(-{3,}|note:)/gim, ' $1')}\n\n</div>`);
  return `---\ntitle: Sanitizer corpus\n---\n\n${slides.join('\n\n---\n\n')}\n`;
}

const TRAP = `(() => {
  const hits = [];
  window.__corpusHits = hits;
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = (...args) => { hits.push(name + '(' + args.map(String).join(',').slice(0, 60) + ')'); };
  }
  for (const name of ['__pwned', 'xss', 'XSS']) {
    Object.defineProperty(window, name, { set: (v) => hits.push(name + '=' + String(v).slice(0, 60)), get: () => undefined });
  }
})();`;

const vectors = await readCorpus(positionals[0]!);
const deckSource = corpusDeck(vectors);
const deck = parseDeck(deckSource, { file: 'corpus.md' });
const byVector = new Map<number, string[]>();
for (const slide of deck.slides) {
  const index = Number(slide.attributes['data-vector']);
  const problems = [...staticProblems(slide.html), ...staticProblems(slide.notes)];
  if (problems.length) byVector.set(index, problems);
}
// The sanitizer alone too, on the payload as written (markdown can split a payload into blocks).
vectors.forEach((vector, index) => {
  const problems = staticProblems(sanitizeSlideHtml(vector.payload)).map((p) => `${p} (sanitizer alone)`);
  if (problems.length) byVector.set(index, [...(byVector.get(index) ?? []), ...problems]);
});

const decksDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-corpus-'));
await fs.writeFile(path.join(decksDir, 'corpus.md'), deckSource);
const config = { ...loadConfig([], { ...process.env, LOG_LEVEL: 'silent' }), port: 0, host: '127.0.0.1', watch: false, decksDir, dataDir: decksDir };
const lectern = await createApplication(config);
const { port } = await lectern.listen(0, '127.0.0.1');
const origin = `http://127.0.0.1:${port}`;
const browser = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: BROWSER_ARGS });
const outside: string[] = [];
const navigations: string[] = [];
let hits: string[] = [];
let revealStarted = false;
try {
  const page = await browser.newPage();
  await page.setBypassCSP(true);
  await page.evaluateOnNewDocument(TRAP);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return void request.continue();
    outside.push(url.slice(0, 120));
    void request.abort();
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && !frame.url().startsWith(`${origin}/decks/corpus`)) navigations.push(frame.url());
  });
  await page.goto(`${origin}/decks/corpus`, { waitUntil: 'networkidle0' });
  revealStarted = await page.waitForFunction(() => Boolean(window.Reveal?.isReady?.()), { timeout: 15_000 }).then(() => true, () => false);
  // Show every slide once, so lazy media and per-slide handlers get their chance.
  const total = revealStarted ? await page.evaluate(() => window.Reveal!.getTotalSlides()) : 0;
  for (let i = 0; i < total; i++) await page.evaluate((n) => window.Reveal!.slide(n), i);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 200))));
  hits = await page.evaluate(() => (window as unknown as { __corpusHits: string[] }).__corpusHits);
} finally {
  await browser.close();
  await lectern.close();
  await fs.rm(decksDir, { recursive: true, force: true });
}

const report = {
  corpus: positionals[0],
  vectors: vectors.length,
  slides: deck.slides.length,
  staticProblems: [...byVector].map(([i, problems]) => ({ vector: i, title: vectors[i]?.title, problems })),
  executions: hits,
  requestsLeavingTheServer: outside,
  navigations,
  revealStarted,
};
console.log(`vectors: ${report.vectors} (deck slides: ${report.slides})`);
console.log(`static problems: ${report.staticProblems.length}`);
for (const p of report.staticProblems) console.log(`  #${p.vector} ${p.title}: ${p.problems.join(', ')}`);
console.log(`script executions in Chromium (CSP bypassed): ${hits.length}${hits.length ? `: ${hits.join('; ')}` : ''}`);
console.log(`requests leaving the server: ${outside.length}${outside.length ? `: ${outside.slice(0, 10).join(' ')}` : ''}`);
console.log(`navigations away: ${navigations.length}; reveal.js started: ${revealStarted}`);
if (values.out) await fs.writeFile(values.out, JSON.stringify(report, null, 2));
const failed = report.staticProblems.length > 0 || hits.length > 0 || navigations.length > 0 || !revealStarted;
process.exit(failed ? 1 : 0);
