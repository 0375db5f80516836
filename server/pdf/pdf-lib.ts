// The pdf-lib way of finishing a PDF: a full parse and re-save. Slower on a cold start than
// the incremental update (incremental.ts), but it can also scale pages (--size); and it reads
// outlines back for tests. pdf-lib has no outline API, so the /Outlines tree is written by hand
// (PDF 32000-1:2008 §12.3.3: First/Last/Next/Prev/Parent/Count/Dest).
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, ParseSpeeds, type PDFRef } from 'pdf-lib';
import type { OutlineEntry } from './outline.ts';

export interface PdfLibFinish {
  title: string;
  author?: string;
  subject?: string;
  keywords: string;
  producer: string;
  lang: string;
  now: Date;
  outline: OutlineEntry[];
  scale: number;
}

function countAll(entries: OutlineEntry[]): number {
  return entries.reduce((n, e) => n + 1 + countAll(e.children), 0);
}

/** Writes the outline into the document's catalog; stacks are shown expanded. */
export function addOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  if (entries.length === 0) return;
  const { context } = doc;
  const pageRefs = doc.getPages().map((p) => p.ref);
  const rootRef = context.nextRef();

  // Called with one item or more: `refs[i]`, its neighbours as checked and both ends exist.
  const writeLevel = (items: OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef } => {
    const refs = items.map(() => context.nextRef());
    items.forEach((item, i) => {
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parent);
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const target = pageRefs[Math.min(item.page, pageRefs.length - 1)];
      dict.set(PDFName.of('Dest'), context.obj([target, PDFName.of('Fit')]));
      if (item.children.length > 0) {
        const { first, last } = writeLevel(item.children, refs[i]!);
        dict.set(PDFName.of('First'), first);
        dict.set(PDFName.of('Last'), last);
        // Positive: open, showing this many descendants.
        dict.set(PDFName.of('Count'), PDFNumber.of(countAll(item.children)));
      }
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]! };
  };

  const { first, last } = writeLevel(entries, rootRef);
  const root = context.obj({}) as PDFDict;
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  root.set(PDFName.of('First'), first);
  root.set(PDFName.of('Last'), last);
  root.set(PDFName.of('Count'), PDFNumber.of(countAll(entries)));
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  // Open with the bookmarks panel showing: the outline is the deck's table of contents.
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Reads an outline back (titles and 0-based pages), for tests and checks. */
export function readOutline(doc: PDFDocument): OutlineEntry[] {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (first: PDFDict | undefined): OutlineEntry[] => {
    const entries: OutlineEntry[] = [];
    for (let item = first; item; item = item.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const title = item.lookupMaybe(PDFName.of('Title'), PDFHexString)?.decodeText() ?? '';
      const target = String(item.lookupMaybe(PDFName.of('Dest'), PDFArray)?.get(0) ?? '');
      entries.push({ title, page: pageIndex.get(target) ?? -1, children: walk(item.lookupMaybe(PDFName.of('First'), PDFDict)) });
    }
    return entries;
  };
  return walk(outlines?.lookupMaybe(PDFName.of('First'), PDFDict));
}

/** Parsing and saving without yielding (objectsPerTick) is several times faster than pdf-lib's default. */
export async function finishWithPdfLib(bytes: Uint8Array, options: PdfLibFinish): Promise<{ pdf: Uint8Array; pages: number }> {
  const doc = await PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.author) doc.setAuthor(options.author);
  if (options.subject) doc.setSubject(options.subject);
  // pdf-lib joins keywords with spaces; one comma-separated string keeps "Europython 2013" whole.
  doc.setKeywords([options.keywords]);
  doc.setCreator('Lectern');
  doc.setProducer(options.producer);
  doc.setCreationDate(options.now);
  doc.setModificationDate(options.now);
  doc.setLanguage(options.lang);
  if (Math.abs(options.scale - 1) > 1e-6) {
    for (const page of doc.getPages()) page.scale(options.scale, options.scale);
  }
  addOutline(doc, options.outline);
  const pdf = await doc.save({ objectsPerTick: Infinity, addDefaultPage: false });
  return { pdf, pages: doc.getPageCount() };
}
