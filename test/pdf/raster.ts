// Pages of a PDF as pixels (poppler's pdftoppm, binary PPM), for comparing two renders of the
// same deck without an image library: a P6 file is a short text header and raw RGB bytes.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel, row by row. */
  rgb: Buffer;
}

/** One P6 image: "P6 <width> <height> <max>" and one whitespace byte, then the pixels. */
export function readPpm(file: Buffer): Raster {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PPM (P6) image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const rgb = file.subarray(header[0].length, header[0].length + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error(`a ${width}×${height} PPM image with ${rgb.length} bytes of pixels`);
  return { width, height, rgb };
}

/** Every page of `pdf` rendered at `dpi`, in page order. */
export async function rasterize(pdf: Uint8Array, dpi: number): Promise<Raster[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-raster-'));
  try {
    await fs.writeFile(path.join(dir, 'deck.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), path.join(dir, 'deck.pdf'), path.join(dir, 'page')]);
    // pdftoppm pads page numbers to the width of the last one: page-01.ppm … page-27.ppm.
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.ppm')).sort();
    return Promise.all(files.map(async (f) => readPpm(await fs.readFile(path.join(dir, f)))));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface Difference {
  /** Share of pixels (0–1) where some channel differs by more than `tolerance`. */
  changed: number;
  /** Mean absolute difference per channel, 0–255. */
  mean: number;
  /** The bounding box of the changed pixels, for a message; undefined when none changed. */
  box?: { x: number; y: number; width: number; height: number };
}

/** How far apart two renders of one page are. Different sizes are as different as can be. */
export function difference(a: Raster, b: Raster, tolerance = 48): Difference {
  if (a.width !== b.width || a.height !== b.height) return { changed: 1, mean: 255 };
  let changed = 0;
  let total = 0;
  let [minX, minY, maxX, maxY] = [a.width, a.height, -1, -1];
  for (let p = 0, i = 0; p < a.width * a.height; p++, i += 3) {
    const d = Math.max(Math.abs(a.rgb[i] - b.rgb[i]), Math.abs(a.rgb[i + 1] - b.rgb[i + 1]), Math.abs(a.rgb[i + 2] - b.rgb[i + 2]));
    total += Math.abs(a.rgb[i] - b.rgb[i]) + Math.abs(a.rgb[i + 1] - b.rgb[i + 1]) + Math.abs(a.rgb[i + 2] - b.rgb[i + 2]);
    if (d <= tolerance) continue;
    changed++;
    const x = p % a.width;
    const y = Math.floor(p / a.width);
    [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  }
  const pixels = a.width * a.height;
  return {
    changed: changed / pixels,
    mean: total / (pixels * 3),
    box: changed ? { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } : undefined,
  };
}
