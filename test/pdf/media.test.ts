// Media on paper: a video prints its poster, else its first frame, never a black box; an
// embedded page prints as a labelled box with its address, linked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { DeckStore } from '../../server/decks/store.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { projectRoot } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';
import { linkAnnotations, pageTexts, squash } from './pdf-tools.ts';
import { rasterize, type Raster } from './raster.ts';

/** Share of a page's pixels within 40 of `rgb` in every channel. */
function share(page: Raster, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < page.rgb.length; i += 3) {
    if (Math.abs(page.rgb[i] - r) < 40 && Math.abs(page.rgb[i + 1] - g) < 40 && Math.abs(page.rgb[i + 2] - b) < 40) n++;
  }
  return n / (page.width * page.height);
}

const DECK = `---
title: Media
---

## Poster

<video src="clip.webm" poster="poster.png" width="640" height="360" controls></video>

---

## First frame

<video src="clip.webm" width="640" height="360" controls></video>

---

## Embedded

<iframe src="https://example.org/playground" width="800" height="400"></iframe>

---

<!-- .slide: data-background-video="clip.webm" -->
## Behind: a video

---

<!-- .slide: data-background-iframe="https://example.org/embed" -->
## Behind: a page
`;

let dir: string;
before(async () => {
  dir = await tempDir('lectern-media-');
  const deck = path.join(dir, 'media');
  await fs.mkdir(deck);
  await fs.writeFile(path.join(deck, 'index.md'), DECK);
  // clip.webm: 20 frames of "FRAME n" on green (#1f7a3a), 320×180, recorded in Chromium.
  await fs.copyFile(path.join(projectRoot, 'test', 'fixtures', 'media', 'clip.webm'), path.join(deck, 'clip.webm'));
  await fs.writeFile(path.join(deck, 'poster.png'), await sharp({ create: { width: 320, height: 180, channels: 3, background: '#c0392b' } }).png().toBuffer());
});
after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('videos print their poster or first frame; iframes a labelled box with the address', async () => {
  const exporter = new PdfExporter();
  try {
    const { pdf } = await exporter.export(await new DeckStore(dir).load('media'));
    const [poster, frame, embed, behind] = await rasterize(pdf, 20);
    assert.ok(share(poster!, [192, 57, 43]) > 0.05, 'the poster shows on page 1');
    assert.ok(share(frame!, [31, 122, 58]) > 0.05, 'the first frame shows on page 2');
    assert.ok(share(frame!, [0, 0, 0]) < 0.01, 'no black box');
    const texts = await pageTexts(pdf);
    assert.ok(squash(texts[2]!).includes('embeddedpage'), texts[2]);
    assert.ok(texts[2]!.includes('https://example.org/playground'));
    assert.deepEqual((await linkAnnotations(pdf)).filter((l) => l.page === 3), [{ page: 3, uri: 'https://example.org/playground' }], 'the address is a link');
    assert.ok(share(embed!, [0, 0, 0]) < 0.01);
    // Background video and iframe: reveal's print view (the deck needs it for them).
    assert.ok(share(behind!, [31, 122, 58]) > 0.5, 'a background video prints its first frame across the page');
    assert.ok(texts[4]!.includes('https://example.org/embed'), texts[4]);
  } finally {
    await exporter.close();
  }
});
