// Images in exported PDFs: embedded once however many pages show them, and no larger than the
// page can show at print resolution (server/pdf/images.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import { PRINT_PIXEL_RATIO, PrintImages } from '../../server/pdf/images.ts';
import { DeckStore } from '../../server/decks/store.ts';
import { tempDir } from '../helpers/server.ts';

/** A photo-like JPEG: noise does not compress, as a real photo's detail does not. */
const photo = (width: number, height: number, orientation?: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3a6ea5', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .withMetadata(orientation ? { orientation } : {})
    .jpeg({ quality: 92 })
    .toBuffer();

let dir: string;
before(async () => {
  dir = await tempDir('lectern-images-');
});
after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('images larger than the page at print resolution are scaled down, still covering it; others go out as they are', async () => {
  const images = new PrintImages();
  // A small page keeps the photos small (noise is slow to make and encode): 1280×720 pixels at print resolution.
  const box = { width: 640, height: 360 };
  const files = {
    big: [await photo(1600, 1200), '.jpg'],
    portrait: [await photo(1500, 2000), '.jpg'],
    turned: [await photo(2000, 1500, 6), '.jpg'], // EXIF: shown turned, as 1500×2000
    small: [await photo(1200, 600), '.jpg'],
    broken: [Buffer.from('not an image at all'), '.png'],
    vector: [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"/>'), '.svg'],
  } as const;
  const out: Record<string, Buffer> = {};
  for (const [name, [bytes, ext]] of Object.entries(files)) {
    const file = path.join(dir, `${name}${ext}`);
    await fs.writeFile(file, bytes);
    out[name] = await images.read(file, ext, box);
  }
  const size = async (b: Buffer) => {
    const m = await sharp(b).metadata();
    return `${m.width}x${m.height}`;
  };
  const [w, h] = [box.width * PRINT_PIXEL_RATIO, box.height * PRINT_PIXEL_RATIO];
  assert.equal(await size(out.big!), `${w}x${(w * 3) / 4}`, 'landscape: as wide as the page at print resolution');
  assert.equal(await size(out.portrait!), `${w}x${Math.round((w * 4) / 3)}`, 'portrait: still covers the page width');
  assert.equal(await size(out.turned!), `${w}x${Math.round((w * 4) / 3)}`, 'turned as its EXIF says, then scaled');
  assert.ok(out.big!.byteLength < files.big[0].byteLength / 2);
  assert.deepEqual(out.small, files.small[0], 'small enough already: the same bytes');
  assert.deepEqual(out.broken, files.broken[0], 'unreadable: sent as it is');
  assert.deepEqual(out.vector, files.vector[0]);
  assert.deepEqual(await images.read(path.join(dir, 'big.jpg'), '.jpg', undefined), files.big[0], 'no page size: as it is');
});

test('a background on every slide and a logo: each embedded once, at print resolution', async () => {
  // A folder deck: its images beside its index.md.
  const deckDir = path.join(dir, 'decks', 'images');
  await fs.mkdir(deckDir, { recursive: true });
  await fs.writeFile(path.join(deckDir, 'photo.jpg'), await photo(2800, 2100));
  await fs.writeFile(path.join(deckDir, 'logo.png'), await sharp({ create: { width: 300, height: 100, channels: 4, background: '#c0392b' } }).png().toBuffer());
  const slides = Array.from({ length: 5 }, (_, i) => `<!-- .slide: data-background-image="photo.jpg" -->\n## Slide ${i + 1}\n\n![logo](logo.png)`);
  await fs.writeFile(path.join(deckDir, 'index.md'), `---\ntitle: Images\n---\n\n${slides.join('\n\n---\n\n')}\n`);
  const exporter = new PdfExporter();
  try {
    const { pdf } = await exporter.export(await new DeckStore(path.dirname(deckDir)).load('images'));
    const file = path.join(dir, 'images.pdf');
    await fs.writeFile(file, pdf);
    const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((r) => r.trim().split(/\s+/));
    // Columns: page num type width height color comp bpc enc interp object …
    const photos = rows.filter((r) => r[8] === 'jpeg');
    assert.equal(photos.length, 5, 'the photo on every page');
    assert.equal(new Set(photos.map((r) => r[10])).size, 1, 'one image object for all five pages');
    assert.deepEqual([...new Set(photos.map((r) => `${r[3]}x${r[4]}`))], ['2560x1920']);
    assert.equal(new Set(rows.filter((r) => r[8] !== 'jpeg').map((r) => r[10])).size, 1, 'the logo once too');
    assert.ok(pdf.byteLength < (await fs.stat(path.join(deckDir, 'photo.jpg'))).size, `the PDF (${pdf.byteLength} bytes) is smaller than the photo alone`);
  } finally {
    await exporter.close();
  }
});
