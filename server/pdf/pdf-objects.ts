// The objects of a PDF as Chromium writes it (a classic cross-reference table, every object on
// its own): reading them one at a time, renumbering their references without touching their
// strings, and writing a file of them again. merge.ts joins two printed files with these, into an
// ObjectFile that finishing compacts (compact.ts) or writes as a classic file (writeClassic).
import type { PdfStructure, Ref } from './incremental.ts';
import type { Slice } from './compact.ts';

/** One object of a file: its dictionary (or array) text and, for a stream, where its `stream … endstream` bytes are. */
export interface PdfObject {
  value: string;
  stream?: [number, number];
}

/** An object to write: its value and, for a stream, its bytes from after the dictionary through `endstream`. */
export interface WrittenObject {
  num: number;
  value: string;
  stream?: Uint8Array;
}

/** A PDF as its objects, not yet written: what finish.ts needs of it besides them, as PdfStructure has it. */
export interface ObjectFile {
  /** The header's binary comment line (`%` and four bytes over 127), if the file had one. */
  binaryComment?: string;
  root: Ref;
  catalog: string;
  pages: Ref[];
  /** One more than the highest object number. */
  size: number;
  info?: number;
  id?: string;
  objects: WrittenObject[];
}

/** The `%` line after `%PDF-x.y` that marks a file as binary, or undefined. */
export const binaryCommentOf = (text: string) => /^%PDF-\d\.\d[^\n]*\n(%[^\n]*\n)?/.exec(text)?.[1];

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

  /** Object `num` to write again, its stream's bytes taken from `bytes` (the file's). */
  written(num: number, bytes: Uint8Array, value?: string): WrittenObject | undefined {
    const object = this.get(num);
    return object && { num, value: value ?? object.value, stream: object.stream && bytes.subarray(...object.stream) };
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


/** The file as Chromium would write it: every object on its own, one cross-reference table. */
export function writeClassic(file: ObjectFile): Uint8Array {
  const out = new Output(`%PDF-1.7\n${file.binaryComment ?? ''}`);
  for (const object of file.objects) out.object(object.num, object.value, object.stream);
  return out.finish(file);
}

/** A classic file being written: a header, objects, one cross-reference table. */
class Output {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  /** Text not yet in `parts`: consecutive dictionaries become one buffer. */
  private text = '';
  private readonly offsets = new Map<number, number>();

  constructor(header: string) {
    this.write(header);
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

  object(num: number, value: string, stream?: Uint8Array): void {
    this.offsets.set(num, this.length);
    this.write(`${num} 0 obj\n${value}`);
    if (stream) this.push(stream);
    this.write('\nendobj\n');
  }

  finish({ size, root, info, id }: ObjectFile): Uint8Array {
    const at = this.length;
    const rows: string[] = [`xref\n0 ${size}\n0000000000 65535 f \n`];
    for (let num = 1; num < size; num++) {
      const offset = this.offsets.get(num);
      rows.push(offset === undefined ? '0000000000 00001 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`);
    }
    this.write(`${rows.join('')}trailer\n<</Size ${size} /Root ${root.num} ${root.gen} R${info === undefined ? '' : ` /Info ${info} 0 R`}${id ? ` /ID ${id}` : ''}>>\nstartxref\n${at}\n%%EOF\n`);
    this.push(new Uint8Array(0));
    return new Uint8Array(Buffer.concat(this.parts, this.length));
  }
}

