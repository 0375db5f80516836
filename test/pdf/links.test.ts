// Links in exported PDFs: https links clickable, links to other slides (`#/3`, `#/3/1`,
// `#/intro`, navigate-* classes) jump to the page that prints that slide, in both print views.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { DeckStore } from '../../server/decks/store.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { copyDecks } from '../helpers/server.ts';
import { routeOf } from '../../client/lib/print-links.ts';
import { linkAnnotations as links } from './pdf-tools.ts';

const DECK = `---
title: Links
---

## Contents

- [Lectern](https://example.org/lectern)
- [third](#/2) and [below it](#/2/1)
- [the end](#/the-end)
- [nowhere](#)
- <a href="#" class="navigate-next">onwards</a>

---

## Two

[back to the start](#/0)

---

## Three

----

## Three below

---

<!-- .slide: id="the-end" -->
## The end

[contents](#/)
`;

let decksDir: string;
let store: DeckStore;
before(async () => {
  decksDir = await copyDecks({ 'links.md': DECK });
  store = new DeckStore(decksDir);
});
after(async () => {
  if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
});

test('reveal.js hash routes parse to a slide or an id', () => {
  assert.deepEqual(routeOf('#/3'), { h: 3, v: 0 });
  assert.deepEqual(routeOf('#/3/1'), { h: 3, v: 1 });
  assert.deepEqual(routeOf('#/intro'), { id: 'intro' });
  assert.deepEqual(routeOf('#/'), { h: 0, v: 0 });
  assert.deepEqual(routeOf('#caf%C3%A9'), { id: 'café' });
  assert.equal(routeOf('https://example.org/#/3'), undefined);
  assert.equal(routeOf('#'), undefined);
  assert.equal(routeOf('#%E0%A4%A'), undefined);
});

for (const printView of ['auto', 'reveal'] as const) {
  test(`https links are clickable and slide links jump to their page (${printView} print view)`, async () => {
    const exporter = new PdfExporter({ printView });
    try {
      const deck = await store.load('links');
      const all = await links((await exporter.export(deck)).pdf);
      const sorted = (xs: typeof all) => xs.map((l) => JSON.stringify(l)).sort();
      assert.deepEqual(
        sorted(all),
        sorted([
          { page: 1, uri: 'https://example.org/lectern' },
          { page: 1, to: 3 },
          { page: 1, to: 4 },
          { page: 1, to: 5 },
          { page: 1, to: 2 },
          { page: 2, to: 1 },
          { page: 5, to: 1 },
        ]),
      );
      // Slides 1 and 5 printed alone: the link to the end jumps to page 2, the links to slides not printed are gone.
      const some = await links((await exporter.export(deck, { slides: [1, 5] })).pdf);
      assert.deepEqual(sorted(some), sorted([{ page: 1, uri: 'https://example.org/lectern' }, { page: 1, to: 2 }, { page: 1, to: 2 }, { page: 2, to: 1 }]));
    } finally {
      await exporter.close();
    }
  });
}
