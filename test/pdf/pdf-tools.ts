// Reading PDFs back in tests: poppler's pdfinfo/pdftotext/pdftoppm (installed by .ci/run) and pdf-lib.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { OutlineEntry } from '../../server/pdf/outline.ts';
import { readOutline } from '../../server/pdf/pdf-lib.ts';

async function withFile<T>(pdf: Uint8Array, fn: (file: string) => T): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-pdf-test-'));
  const file = path.join(dir, 'deck.pdf');
  await fs.writeFile(file, pdf);
  try {
    return fn(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export async function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  const text = await withFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].trim(), m[2].trim()]),
  );
}

/**
 * The text of each page, in order. One pdftotext call: it ends every page with a form feed, and
 * each page's text is what `pdftotext -f n -l n` gives for it (form feed included).
 */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const text = await withFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return text.split('\f').slice(0, -1).map((page) => `${page}\f`);
}

/** Lower case without any whitespace: letter-spaced headings come out of pdftotext as "W H AT". */
export function squash(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

export async function outlineOf(pdf: Uint8Array): Promise<OutlineEntry[]> {
  return readOutline(await PDFDocument.load(pdf));
}

/** Page sizes in PDF points, e.g. "960 x 540". */
export async function pageSizes(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  return doc.getPages().map((p) => `${Math.round(p.getWidth())} x ${Math.round(p.getHeight())}`);
}

/** Visible words of a slide's HTML (tags and entities out), for comparing with extracted text. */
export function visibleWords(html: string): string[] {
  const text = html
    .replace(/<aside[\s\S]*?<\/aside>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
  return text.split(/\s+/).filter(Boolean);
}

/** A deck with vertical slides, fragments and notes: 6 slides, 10 fragment steps. */
export const FRAG_DECK = `---
title: Fragments and stacks
author: Test Author
event: Test Event
keywords: [testing, fragments]
---

# One

Note:
Secret note one

---

## Two

<ul>
<li class="fragment">first</li>
<li class="fragment">second</li>
<li class="fragment">third</li>
</ul>

---

## Three top

----

## Three below

<p class="fragment">revealed</p>

Note:
Second secret

----

## Three bottom

---

## Four
`;

/** Each word of one page with its box in PDF points (pdftotext -bbox), top-left origin. */
export async function pageWords(pdf: Uint8Array, page: number): Promise<Array<{ word: string; xMin: number; xMax: number; yMin: number; yMax: number }>> {
  const html = await withFile(pdf, (file) =>
    execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  return [...html.matchAll(/<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    word: m[5],
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

/** The colour of one pixel of a page rendered at `dpi` (pdftoppm), as [r, g, b]. */
export async function pagePixel(pdf: Uint8Array, page: number, x: number, y: number, dpi = 20): Promise<[number, number, number]> {
  const ppm = await withFile(pdf, (file) => execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), file], { stdio: ['ignore', 'pipe', 'ignore'] }));
  // P6 header: magic, width height, max value, each on its own line.
  const header = /^P6\s+(\d+)\s+(\d+)\s+\d+\s/.exec(ppm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm gave no P6 image');
  const offset = header[0].length + (y * Number(header[1]) + x) * 3;
  return [ppm[offset], ppm[offset + 1], ppm[offset + 2]];
}

/** The fonts of a PDF as pdffonts lists them: name and type ("CID TrueType", "Type 3"…). */
export async function pdfFonts(pdf: Uint8Array): Promise<Array<{ name: string; type: string }>> {
  const text = await withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  // Columns are fixed width: the dashes under the header give each column's span.
  const [, dashes, ...rows] = text.split('\n');
  const spans = [...(dashes ?? '').matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  return rows.filter(Boolean).map((row) => ({ name: row.slice(...spans[0]).trim(), type: row.slice(...spans[1]).trim() }));
}

/** Every link annotation by page (1-based): a URI, or the page number its destination is on. */
export async function linkAnnotations(pdf: Uint8Array): Promise<Array<{ page: number; uri?: string; to?: number }>> {
  const doc = await PDFDocument.load(pdf);
  const pages = doc.getPages();
  const pageOf = (ref: unknown) => pages.findIndex((p) => p.ref === ref) + 1;
  const named = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const found: Array<{ page: number; uri?: string; to?: number }> = [];
  pages.forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; k < (annots?.size() ?? 0); k++) {
      const annot = annots!.lookup(k, PDFDict);
      if (String(annot.get(PDFName.of('Subtype'))) !== '/Link') continue;
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.get(PDFName.of('URI'));
      if (uri) {
        found.push({ page: i + 1, uri: String(uri).replace(/^\((.*)\)$/, '$1') });
        continue;
      }
      const dest = annot.get(PDFName.of('Dest'));
      const explicit = dest instanceof PDFName ? named?.lookup(dest) : dest;
      const array = explicit instanceof PDFDict ? explicit.lookup(PDFName.of('D'), PDFArray) : explicit instanceof PDFArray ? explicit : undefined;
      const target = array?.get(0);
      found.push({ page: i + 1, to: target instanceof PDFRef ? pageOf(target) : undefined });
    }
  });
  return found;
}

