// The objects of a PDF as Chromium writes it (a classic cross-reference table, every object on
// its own): reading them one at a time, renumbering their references without touching their
// strings, and writing a file of them again. merge.ts joins two printed files with these.
import type { PdfStructure } from './incremental.ts';
import type { Slice } from './compact.ts';

/** One object of a file: its dictionary (or array) text and, for a stream, where its `stream … endstream` bytes are. */
export interface PdfObject {
  value: string;
  stream?: [number, number];
}

/**
 * Calls `edit` on each run of `text` outside literal strings (`(…)`, nested, with escapes) and
 * `literal` on each string, which stays as it is by default.
 */
export function outsideStrings(text: string, edit: (code: string) => string, literal: (string: string) => string = (string) => string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('('); i >= 0; i = text.indexOf('(', i)) {
    out += edit(text.slice(from, i));
    const start = i;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    i++;
    out += literal(text.slice(start, i));
    from = i;
  }
  return from === 0 ? edit(text) : out + edit(text.slice(from));
}

/** `text` with its strings blanked out (same length), for finding keys where a string cannot fake them. */
export const codeOf = (text: string) => outsideStrings(text, (code) => code, (string) => ' '.repeat(string.length));

export const REF = /(?<![\w.+-])(\d+)\s+0\s+R\b/g;

/** `text` with every indirect reference (outside strings) renumbered by `map`. */
export function renumber(text: string, map: (num: number) => number): string {
  return outsideStrings(text, (code) => code.replace(REF, (_, num: string) => `${map(Number(num))} 0 R`));
}

/** A file's objects, each read when first asked for. */
export class Objects {
  private readonly read = new Map<number, PdfObject | null>();
  readonly slices: Map<number, Slice>;

  constructor(
    private readonly structure: PdfStructure,
    slices: Slice[],
  ) {
    this.slices = new Map(slices.map((slice) => [slice.num, slice]));
  }

  get(num: number): PdfObject | undefined {
    let object = this.read.get(num);
    if (object === undefined) {
      object = this.parse(num);
      this.read.set(num, object);
    }
    return object ?? undefined;
  }

  private parse(num: number): PdfObject | null {
    const slice = this.slices.get(num);
    if (!slice) return null;
    const { text } = this.structure;
    const head = /^(\d+)\s+0\s+obj\s*/.exec(text.slice(slice.start, slice.start + 32));
    if (!head || Number(head[1]) !== num) return null;
    const start = slice.start + head[0].length;
    let end = slice.end - 'endobj'.length;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (!text.startsWith('endstream', end - 'endstream'.length)) return { value: text.slice(start, end) };
    const dict = text.slice(start, Math.min(end, start + 4096));
    const at = dict.search(/>>\s*stream\r?\n/);
    if (at < 0) return null;
    return { value: dict.slice(0, at + 2), stream: [start + at + 2, end] };
  }
}


/** A classic file being written: the first file's header, objects, one cross-reference table. */
export class Output {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  /** Text not yet in `parts`: consecutive dictionaries become one buffer. */
  private text = '';
  private readonly offsets = new Map<number, number>();

  constructor(firstText: string) {
    this.write(/^%PDF-\d\.\d[^\n]*\n(%[^\n]*\n)?/.exec(firstText)?.[0] ?? '%PDF-1.7\n');
  }

  private write(text: string): void {
    this.text += text;
    this.length += text.length; // latin1: a character is a byte
  }

  private push(bytes: Uint8Array): void {
    if (this.text) this.parts.push(Buffer.from(this.text, 'latin1'));
    this.text = '';
    this.parts.push(bytes);
    this.length += bytes.byteLength;
  }

  /** An object as it is in `bytes` (`N 0 obj … endobj`). */
  copy(num: number, bytes: Uint8Array, start: number, end: number): void {
    this.offsets.set(num, this.length);
    this.push(bytes.subarray(start, end));
    this.write('\n');
  }

  object(num: number, value: string, stream?: Uint8Array): void {
    this.offsets.set(num, this.length);
    this.write(`${num} 0 obj\n${value}`);
    if (stream) this.push(stream);
    this.write('\nendobj\n');
  }

  finish(first: PdfStructure, size: number): Uint8Array {
    const at = this.length;
    const rows: string[] = [`xref\n0 ${size}\n0000000000 65535 f \n`];
    for (let num = 1; num < size; num++) {
      const offset = this.offsets.get(num);
      rows.push(offset === undefined ? '0000000000 00001 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`);
    }
    const trailer = first.text.slice(first.text.lastIndexOf('trailer'));
    const info = /\/Info\s+\d+\s+0\s+R/.exec(trailer)?.[0] ?? '';
    this.write(`${rows.join('')}trailer\n<</Size ${size} /Root ${first.root.num} ${first.root.gen} R ${info}${first.id ? ` /ID ${first.id}` : ''}>>\nstartxref\n${at}\n%%EOF\n`);
    this.push(new Uint8Array(0));
    return new Uint8Array(Buffer.concat(this.parts, this.length));
  }
}

