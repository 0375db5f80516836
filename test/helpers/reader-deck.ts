// A folder deck for the reading-mode and offline tests: a title slide, an image beside the deck
// (a real PNG, made here), code, a table, fragments, so each kind of slide content is met.
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { tempDir } from './server.ts';

export const READER_DECK = `---
title: Field notes
author: Lectern tests
---

# Field notes from the edge

A talk about running services where the network is not a given.

---

## The stage

![A wooden lectern on an empty stage, lit from the left](stage.png)

Rooms like this one have one access point for three hundred phones.

---

## Retry with backoff

\`\`\`ts
async function fetchWithRetry(url: string, tries = 4): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      if (attempt + 1 >= tries) throw error;
      await sleep(2 ** attempt * 250);
    }
  }
}
\`\`\`

Double the wait each time, and give up after four tries.

---

## What we measured

| Venue | Phones | Packet loss |
|-------|-------:|------------:|
| Hall A | 310 | 4 % |
| Room 2 | 85 | 0.5 % |
| Garden | 40 | 12 % |

---

## Three rules

- Cache what you showed <!-- .element: class="fragment" -->
- Ask before big downloads <!-- .element: class="fragment" -->
- Rejoin quietly <!-- .element: class="fragment" -->

---

# Thank you
`;

/** The slug of the deck in the folder copyDecks-style dirs this makes. */
export const READER_SLUG = 'field-notes';

/** A 1200×675 PNG: a lectern drawn in flat shapes (so the image is visibly there in screenshots). */
export async function stagePng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
  <rect width="1200" height="675" fill="#1d2a4a"/>
  <ellipse cx="600" cy="640" rx="520" ry="60" fill="#2f3f66"/>
  <polygon points="330,0 520,0 760,675 150,675" fill="#fca311" opacity="0.18"/>
  <rect x="520" y="300" width="160" height="320" rx="10" fill="#b45309"/>
  <rect x="490" y="270" width="220" height="48" rx="8" fill="#d97706"/>
  <rect x="560" y="360" width="80" height="12" rx="6" fill="#fcd9a8"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A decks folder with the reader deck as a folder deck (index.md and stage.png beside it). */
export async function readerDecks(): Promise<string> {
  const dir = await tempDir('lectern-reader-decks-');
  const folder = path.join(dir, READER_SLUG);
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, 'index.md'), READER_DECK);
  await fs.writeFile(path.join(folder, 'stage.png'), await stagePng());
  return dir;
}

/** A folder deck whose PDF is over 5 MB: one photo-sized image of noise (it does not compress). */
export async function addLargeDeck(decksDir: string, slug = 'large-pictures'): Promise<string> {
  const folder = path.join(decksDir, slug);
  await fs.mkdir(folder);
  await fs.writeFile(path.join(folder, 'index.md'), '# Large pictures\n\n![Static on an old television](noise.png)\n');
  const noise = sharp({ create: { width: 1800, height: 1300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 80 } } });
  await fs.writeFile(path.join(folder, 'noise.png'), await noise.png({ compressionLevel: 1 }).toBuffer());
  return slug;
}
