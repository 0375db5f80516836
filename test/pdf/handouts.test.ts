// Handout sheets: --handout notes (slide above its notes) and 2, 3 or 6 slides to an A4 sheet
// with ruled lines and no speaker notes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { DeckStore } from '../../server/decks/store.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { optionsKey, parseHandout, parsePaper } from '../../server/pdf/options.ts';
import { LecternError } from '../../shared/errors.ts';
import { copyDecks } from '../helpers/server.ts';
import { FRAG_DECK, outlineOf, pageTexts, pdfInfo, squash } from './pdf-tools.ts';

let exporter: PdfExporter;
let decksDir: string;
let store: DeckStore;
before(async () => {
  decksDir = await copyDecks({ 'frag.md': FRAG_DECK });
  store = new DeckStore(decksDir);
  exporter = new PdfExporter();
  exporter.warmUp();
});
after(async () => {
  await exporter?.close();
  if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
});

test('--handout parses to notes or slides per sheet; each layout its own cache key', () => {
  assert.deepEqual(parseHandout('notes'), { notes: true });
  assert.deepEqual(parseHandout('3up'), { handout: 3 });
  assert.deepEqual(parseHandout('6'), { handout: 6 });
  assert.throws(() => parseHandout('4up'), (err) => err instanceof LecternError && err.code === 'usage' && /pick notes .*2up, 3up or 6up/.test(err.message));
  const keys = [{}, { notes: true }, { handout: 2 as const }, { handout: 3 as const }, { handout: 6 as const }].map(optionsKey);
  assert.equal(new Set(keys).size, keys.length);
});

test('2, 3 and 6 slides to an A4 sheet, in order, without speaker notes; the outline points at each sheet', async () => {
  const deck = await store.load('frag');
  const headings = ['One', 'Two', 'Three top', 'Three below', 'Three bottom', 'Four'];
  for (const [perSheet, sheets] of [[2, 3], [3, 2], [6, 1]] as const) {
    const { pdf, pages } = await exporter.export(deck, { handout: perSheet });
    assert.equal(pages, sheets, `${perSheet} to a sheet`);
    assert.match((await pdfInfo(pdf))['Page size'] ?? '', /\(A4\)/, 'A4 portrait');
    const texts = (await pageTexts(pdf)).map(squash);
    headings.forEach((heading, i) => {
      const sheet = Math.floor(i / perSheet);
      assert.ok(texts[sheet]!.includes(squash(heading)), `"${heading}" on sheet ${sheet + 1} of the ${perSheet}-up handout`);
    });
    assert.ok(!texts.join('').includes('secret'), 'speaker notes stay out');
    // Each sheet listed by its first slide: "Three below" opens no sheet in the 2-up handout, so it is not in the outline there.
    const outline = (await outlineOf(pdf)).flatMap((e) => [e, ...e.children]);
    assert.deepEqual([...new Set(outline.map((e) => e.page))], Array.from({ length: sheets }, (_, i) => i));
  }
  const notes = await exporter.export(deck, { notes: true });
  assert.equal(notes.pages, 6);
  assert.ok(squash((await pageTexts(notes.pdf))[0]!).includes('secretnoteone'));
});

test('--paper letter: notes and slides-per-sheet handouts on US Letter', async () => {
  assert.equal(parsePaper('Letter'), 'letter');
  assert.throws(() => parsePaper('a3'), /pick a4 or letter/);
  assert.notEqual(optionsKey({ notes: true, paper: 'letter' }), optionsKey({ notes: true }));
  const deck = await store.load('frag');
  for (const options of [{ notes: true }, { handout: 3 as const }]) {
    const { pdf, pages } = await exporter.export(deck, { ...options, paper: 'letter' });
    assert.match((await pdfInfo(pdf))['Page size'] ?? '', /612 x 792 pts \(letter\)/);
    assert.equal(pages, options.notes ? 6 : 2);
    assert.ok(squash((await pageTexts(pdf)).join('')).includes('threebottom'));
  }
});
