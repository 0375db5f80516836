// Chromium prints the pages; then Lectern adds what a browser cannot: document metadata from the
// front matter (Title, Author, Subject = event, Keywords, Creator "Lectern") and the outline.
// Normally by writing Chromium's objects again with the dictionaries in compressed object
// streams (compact.ts): a few milliseconds, and a file about 40% smaller, where loading pdf-lib
// and re-saving the file takes several hundred on a cold start (`npm run bench:paths -- --only
// finish`). `incremental` appends the same objects as an update instead (incremental.ts). Pages
// scaled to --size, or a file of another layout, go through pdf-lib (pdf-lib.ts), loaded only
// then; tests hold the writers' documents side by side. A deck printed in two halves comes as
// their joined objects (merge.ts), compacted as they are, or first written as one file for the
// other writers.
import type { DeckMeta } from '../deck/model.ts';
import type { OutlineEntry } from './outline.ts';
import { appendUpdate, pdfDate, pdfText, readStructure, updatedObjects, type UpdateContent } from './incremental.ts';
import { compactPdf, objectFile } from './compact.ts';
import { writeClassic, type ObjectFile } from './pdf-objects.ts';

export interface FinishOptions {
  meta: DeckMeta;
  outline: OutlineEntry[];
  /** Scale every page by this factor (page size and content alike); 1 when absent. */
  scale?: number;
  /** e.g. "Lectern 0.1.0 (Chromium 156)". */
  producer: string;
  now?: Date;
}

/** Keywords from the front matter (`keywords:` or `tags:`, a list or a comma-separated string), else event, author and year. */
export function keywordsOf(meta: DeckMeta): string[] {
  const given = meta.keywords ?? meta.tags;
  const list = Array.isArray(given) ? given.map(String) : typeof given === 'string' ? given.split(',') : [];
  const cleaned = list.map((k) => k.trim()).filter(Boolean);
  if (cleaned.length > 0) return cleaned;
  const year = /^\d{4}/.exec(meta.date ?? '')?.[0];
  return [meta.event, meta.author, year && !meta.event?.includes(year) ? year : undefined, 'slides'].filter((k): k is string => Boolean(k));
}

/**
 * `incremental` and `pdf-lib` force those writers, and `chromium` leaves Chromium's file as it
 * is, for tests and benchmarks that compare them.
 */
export type PdfWriter = 'auto' | 'incremental' | 'pdf-lib' | 'chromium';

export async function finishPdf(printed: Uint8Array | ObjectFile, options: FinishOptions, writer: PdfWriter = 'auto'): Promise<{ pdf: Uint8Array; pages: number }> {
  const { meta } = options;
  const now = options.now ?? new Date();
  const scale = options.scale ?? 1;
  const lang = typeof meta.lang === 'string' ? meta.lang : 'en';
  const keywords = keywordsOf(meta).join(', ');
  const info: Record<string, string> = { Title: pdfText(meta.title) };
  if (meta.author) info.Author = pdfText(meta.author);
  if (meta.event) info.Subject = pdfText(meta.event);
  Object.assign(info, { Keywords: pdfText(keywords), Creator: pdfText('Lectern'), Producer: pdfText(options.producer), CreationDate: pdfDate(now), ModDate: pdfDate(now) });
  const content: UpdateContent = { info, outline: options.outline, lang };
  const unscaled = Math.abs(scale - 1) < 1e-6;
  if (!(printed instanceof Uint8Array) && writer === 'auto' && unscaled) return { pdf: compactPdf(printed, updatedObjects(printed, content)), pages: printed.pages.length };
  const bytes = printed instanceof Uint8Array ? printed : writeClassic(printed);
  const structure = writer !== 'pdf-lib' && unscaled ? readStructure(bytes) : undefined;
  if (writer === 'chromium' && structure) return { pdf: bytes, pages: structure.pages.length };
  if (structure) {
    const file = writer === 'auto' ? objectFile(structure, bytes) : undefined;
    return { pdf: file ? compactPdf(file, updatedObjects(file, content)) : appendUpdate(bytes, structure, content), pages: structure.pages.length };
  }
  const { finishWithPdfLib } = await import('./pdf-lib.ts');
  return finishWithPdfLib(bytes, { title: meta.title, author: meta.author, subject: meta.event, keywords, producer: options.producer, lang, now, outline: options.outline, scale });
}
