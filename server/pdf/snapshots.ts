// Slides as PNG images, from the same laid-out print page the PDF prints: one per printed page
// (per fragment step with --fragments), at `scale` times the slide's CSS pixels; or the first
// slide as a social-share thumbnail (1200×630, the size link previews use).
import type { Page } from 'puppeteer-core';
import { LecternError } from '../../shared/errors.ts';

export interface ImageOptions {
  /** Image pixels per CSS pixel of the slide (1 to 4). */
  scale?: number;
  /** The first slide only, cropped to the thumbnail's shape and scaled to its size. */
  thumbnail?: boolean;
}

export const THUMBNAIL = { width: 1200, height: 630 } as const;

export const MAX_SCALE = 4;

/** Each printed page's box in the document, in CSS pixels. */
const pageBoxes = `[...document.querySelectorAll('.slides > .pdf-page')].map((p) => {
  const r = p.getBoundingClientRect();
  return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
})`;

/** The part of a page the thumbnail shows: its full width or height, centred, in the thumbnail's shape. */
export function thumbnailClip(box: { x: number; y: number; width: number; height: number }): { x: number; y: number; width: number; height: number } {
  const ratio = THUMBNAIL.width / THUMBNAIL.height;
  const width = Math.min(box.width, box.height * ratio);
  const height = width / ratio;
  return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
}

export async function capturePages(page: Page, options: ImageOptions, timeoutMs: number): Promise<Uint8Array[]> {
  const scale = options.scale ?? 1;
  if (!(scale >= 0.25 && scale <= MAX_SCALE)) throw new LecternError('usage', `--scale ${scale}: pick a number from 0.25 to ${MAX_SCALE}`);
  const boxes = ((await page.evaluate(pageBoxes)) as Array<[number, number, number, number]>).map(([x, y, width, height]) => ({ x, y, width, height }));
  const first = boxes[0];
  if (!first) return [];
  const shots: Uint8Array[] = [];
  const deadline = Date.now() + timeoutMs;
  for (const box of options.thumbnail ? [first] : boxes) {
    if (Date.now() > deadline) throw new LecternError('render-failed', `the slide images took longer than ${timeoutMs / 1000} s`);
    const clip = options.thumbnail ? thumbnailClip(box) : box;
    const clipScale = options.thumbnail ? THUMBNAIL.width / clip.width : scale;
    shots.push(await page.screenshot({ type: 'png', clip: { ...clip, scale: clipScale }, captureBeyondViewport: true }));
  }
  return shots;
}
