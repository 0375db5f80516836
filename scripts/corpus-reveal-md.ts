// Parses a corpus of reveal-md decks with Lectern's parser and compares each with what
// reveal-md 6.1.4 showed (the corpus's manifest: slide counts measured in Chromium with
// `Reveal.getTotalSlides()`). The corpus is read at run time and never copied anywhere.
//
//   npx tsx scripts/corpus-reveal-md.ts [/work/corpus/manifest.json] [--markdown] [--only id,id]
//
// Each deck is parsed with the config files reveal-md read (reveal-md.json(5), reveal.json(5)
// in the folder it ran from, which is the deck's folder in the corpus). Prints one row per
// deck: slides (reveal-md, Lectern), whether they match, whether any note-marker line is
// visible on a public slide, formulas, diagrams, warnings; and why a count differs.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDeck } from '../server/deck/parse.ts';
import { LecternError } from '../shared/errors.ts';
import type { Deck } from '../server/deck/model.ts';
import { readConfigFiles } from '../server/decks/config-files.ts';

interface ManifestDeck {
  id: string;
  entry: string;
  revealMd: { slides?: number; fallbackSlides?: number; notesLeakCandidates?: number; error?: string };
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { markdown: { type: 'boolean', default: false }, only: { type: 'string' }, verbose: { type: 'boolean', default: false } },
});
const manifestPath = path.resolve(positionals[0] ?? '/work/corpus/manifest.json');
const decksDir = path.join(path.dirname(manifestPath), 'decks');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ManifestDeck[];
const only = values.only ? new Set(values.only.split(',')) : null;

/** Why Lectern's count or notes differ from reveal-md's, where that is on purpose. */
const EXPLAINED: Record<string, string> = {
  'whatishappyplanet-keynote':
    'reveal-md reads the deck through a <textarea>, which decodes `&lt;section&gt;` written as text in three code samples into real <section> elements, i.e. 3 extra slides; Lectern keeps the text',
  'almedso-rust-4-biz': 'reveal-md shows all 12 note lines on the slide (several markers in one slide: reveal.js does not split); Lectern keeps them private',
  'cjsteel-ansible': 'reveal-md shows all 29 note lines on the slide (several markers in one slide); Lectern keeps them private',
  'rachelcdavies-unit-tests': 'reveal-md shows one indented "  Notes:" block on its slide; Lectern keeps it private',
  'jakeshadle-deny': 'reveal.js cuts a code block at a rustc "note:" line inside it; Lectern keeps the code whole',
  'doppelganger9-twemoji': 'same count; Lectern also warns about the unclosed ``` fence',
};

/** A note-marker line left in a slide's visible text (code blocks aside, where "note:" is code). */
function leaks(deck: Deck): number {
  let count = 0;
  for (const slide of deck.slides) {
    const visible = slide.html.replace(/<pre[\s\S]*?<\/pre>/g, '').replace(/<code[\s\S]*?<\/code>/g, '');
    count += (visible.match(/(?:^|>|\n)\s*notes?:/gim) ?? []).length;
  }
  return count;
}

interface Row {
  id: string;
  revealMd: string;
  lectern: string;
  match: string;
  leaked: string;
  math: number;
  mermaid: number;
  warnings: number;
  why: string;
}

const rows: Row[] = [];
let totalMs = 0;
for (const entry of manifest) {
  if (only && !only.has(entry.id)) continue;
  const dir = path.join(decksDir, entry.id);
  const file = path.join(dir, entry.entry);
  const expected = entry.revealMd.slides ?? entry.revealMd.fallbackSlides;
  const expectedText = entry.revealMd.slides !== undefined ? String(entry.revealMd.slides) : `${expected ?? '?'}¹`;
  try {
    const { config } = await readConfigFiles(dir, entry.id);
    const started = performance.now();
    const deck = parseDeck(fs.readFileSync(file, 'utf8'), { file: path.relative(decksDir, file), config });
    totalMs += performance.now() - started;
    const count = deck.slides.length;
    const leaked = leaks(deck);
    const html = deck.slides.map((s) => s.html).join('\n');
    rows.push({
      id: entry.id,
      revealMd: expectedText,
      lectern: String(count),
      match: count === expected ? 'yes' : 'NO',
      leaked: leaked ? `YES (${leaked})` : 'no',
      math: (html.match(/<span class="katex">/g) ?? []).length,
      mermaid: (html.match(/<pre class="mermaid">/g) ?? []).length,
      warnings: deck.warnings.length,
      why: EXPLAINED[entry.id] ?? '',
    });
    if (values.verbose) for (const w of deck.warnings) console.error(`${entry.id}:${w.line ?? ''}: ${w.message}`);
  } catch (err) {
    const message = err instanceof LecternError ? err.located : (err as Error).stack ?? String(err);
    rows.push({ id: entry.id, revealMd: expectedText, lectern: 'error', match: 'NO', leaked: '-', math: 0, mermaid: 0, warnings: 0, why: message });
  }
}

const header = ['deck', 'reveal-md slides', 'Lectern slides', 'match', 'notes leaked', 'math', 'mermaid', 'warnings', 'why different'];
const table = rows.map((r) => [r.id, r.revealMd, r.lectern, r.match, r.leaked, String(r.math), String(r.mermaid), String(r.warnings), r.why]);
if (values.markdown) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of table) console.log(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
} else {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => Math.min((row[i] ?? '').length, 60))));
  const line = (cells: string[]) => cells.map((c, i) => c.slice(0, 60).padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
}
const matched = rows.filter((r) => r.match === 'yes').length;
const leaked = rows.filter((r) => r.leaked.startsWith('YES')).length;
console.log(`\n${rows.length} decks: ${matched} with reveal-md's slide count, ${leaked} leaking notes; parsed in ${totalMs.toFixed(0)} ms.`);
if (rows.some((r) => r.revealMd.endsWith('¹'))) console.log("¹ reveal-md 6.1.4's export crashed (highlightTheme railscasts); its count after that one fix.");
