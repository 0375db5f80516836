// The deck's images as the print page gets them: no larger than the page can show at print
// resolution. A 4000×3000 photo behind a 1280×720 slide would go into the PDF whole (Chromium
// embeds the file's own pixels), and Chromium spends seconds decoding it for every page it is
// on; at twice the page's CSS pixels (192 dpi on the printed page, what print shops ask of
// slides) it looks the same on paper and on screen. Chromium already embeds an image once
// however many pages show it. JPEG, PNG and WebP are scaled (sharp, loaded only for a deck with
// such an image); anything else, anything already small enough, and anything sharp cannot read
// goes out as it is: an image is never lost to this.
import fs from 'node:fs/promises';

/** Image pixels per CSS pixel of the page. */
export const PRINT_PIXEL_RATIO = 2;

/** The page's size in CSS pixels. */
export interface ImageBox {
  width: number;
  height: number;
}

const SCALED = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/** Scaled images kept for the next export of the same deck (a server exports the same files again). */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Sources larger than this many pixels are not decoded here (a decompression bomb would hold
 * the server's memory): sent as they are, for Chromium's own limits. 50 megapixels is an
 * 8000×6000 photo.
 */
const MAX_INPUT_PIXELS = 50_000_000;

type Sharp = typeof import('sharp').default;
let loading: Promise<Sharp | undefined> | undefined;
function loadSharp(): Promise<Sharp | undefined> {
  loading ??= import('sharp').then((m) => m.default, () => undefined);
  return loading;
}

export class PrintImages {
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;

  /** The bytes to send for `file` (extension `ext`, lower case) shown on pages of `box`. */
  async read(file: string, ext: string, box: ImageBox | undefined): Promise<Buffer> {
    if (!box || !SCALED.has(ext)) return fs.readFile(file);
    const stat = await fs.stat(file);
    const key = `${file}\0${stat.mtimeMs}\0${stat.size}\0${box.width}x${box.height}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const original = await fs.readFile(file);
    const scaled = (await this.scale(original, ext, box)) ?? original;
    this.remember(key, scaled);
    return scaled;
  }

  private async scale(original: Buffer, ext: string, box: ImageBox): Promise<Buffer | undefined> {
    const sharp = await loadSharp();
    if (!sharp) return undefined;
    const width = Math.round(box.width * PRINT_PIXEL_RATIO);
    const height = Math.round(box.height * PRINT_PIXEL_RATIO);
    try {
      const image = sharp(original, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'none' });
      const meta = await image.metadata();
      // Turned as the EXIF orientation says: the scaled file carries no EXIF to say it.
      const [w, h] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
      // 'outside': the scaled image still covers the page both ways, whether a slide shows it
      // contained or as a cover background; so only images larger than that both ways shrink.
      if (!w || !h || w <= width || h <= height || (meta.pages ?? 1) > 1) return undefined;
      const resized = image.autoOrient().resize({ width, height, fit: 'outside', withoutEnlargement: true });
      const out =
        ext === '.png'
          ? await resized.png({ compressionLevel: 6, palette: meta.isPalette === true }).toBuffer()
          : ext === '.webp'
            ? await resized.webp({ quality: 85 }).toBuffer()
            : await resized.jpeg({ quality: 85 }).toBuffer();
      return out.byteLength < original.byteLength ? out : undefined;
    } catch {
      return undefined;
    }
  }

  private remember(key: string, body: Buffer): void {
    if (body.byteLength > CACHE_BYTES / 4) return;
    this.cache.set(key, body);
    this.cachedBytes += body.byteLength;
    for (const [oldest, value] of this.cache) {
      if (this.cachedBytes <= CACHE_BYTES) break;
      this.cache.delete(oldest);
      this.cachedBytes -= value.byteLength;
    }
  }
}
