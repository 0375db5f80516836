// Chromium writes every object of a PDF on its own, uncompressed but for streams: in a tagged
// deck most of the file is small dictionaries (the structure tree, fonts, pages), 40% of the
// Europython PDF. Finishing writes the file again with those dictionaries packed into
// compressed object streams and a compressed cross-reference stream (PDF 32000-1:2008 §7.5.7,
// §7.5.8; PDF 1.5), streams copied byte for byte, and the objects finishing adds or replaces
// (incremental.ts updatedObjects) in place. Reading is the few milliseconds of readStructure;
// compressing the dictionaries a few more. Two halves printed apart (merge.ts) come as their
// joined objects, never written as one file in between.
import zlib from 'node:zlib';
import type { PdfStructure, UpdatedObject } from './incremental.ts';
import { withoutLayoutTables } from './font-tables.ts';
import { binaryCommentOf, Objects, type ObjectFile, type WrittenObject } from './pdf-objects.ts';

/** Objects per object stream: readers decompress a whole stream to read one object. */
const PER_STREAM = 200;

export interface Slice {
  num: number;
  start: number;
  end: number;
}

/** Each object's bytes `N G obj … endobj`, bounded by the next object (so no byte of a stream is taken for a keyword). */
export function objectSlices(structure: PdfStructure): Slice[] | undefined {
  const { text, offsets, startxref } = structure;
  const sorted = [...offsets].sort((a, b) => a[1] - b[1]);
  const slices: Slice[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const [num, start] = sorted[i]!;
    const limit = i + 1 < sorted.length ? sorted[i + 1]![1] : startxref;
    const endobj = text.lastIndexOf('endobj', limit);
    if (endobj < start) return undefined;
    slices.push({ num, start, end: endobj + 'endobj'.length });
  }
  return slices;
}

function deflate(text: string): Buffer {
  return zlib.deflateSync(Buffer.from(text, 'latin1'));
}

/** Chromium's FontFile2 dictionary, exactly: `<</Length1 n /Filter /FlateDecode /Length n>>`. */
const FONT_DICT = /^<<\s*\/Length1\s+\d+\s*\/Filter\s*\/FlateDecode\s*\/Length\s+(\d+)\s*>>$/;

/** An embedded TrueType font without its layout tables (font-tables.ts), or undefined to keep it as it is. */
function slimFont(object: WrittenObject): WrittenObject | undefined {
  const length = FONT_DICT.exec(object.value)?.[1];
  if (!length || !object.stream) return undefined;
  const start = /^\s*stream\r?\n/.exec(Buffer.from(object.stream.subarray(0, 16)).toString('latin1'))?.[0].length;
  if (start === undefined) return undefined;
  try {
    const font = withoutLayoutTables(zlib.inflateSync(object.stream.subarray(start, start + Number(length))));
    if (!font) return undefined;
    const packed = zlib.deflateSync(font);
    return { num: object.num, value: `<</Length1 ${font.byteLength} /Filter /FlateDecode /Length ${packed.byteLength}>>`, stream: Buffer.concat([Buffer.from('\nstream\n'), packed, Buffer.from('\nendstream')]) };
  } catch {
    return undefined;
  }
}

/**
 * Chromium's file as its objects, streams as they are in `bytes`; undefined when it is not laid
 * out as expected (then finish.ts appends an incremental update instead).
 */
export function objectFile(structure: PdfStructure, bytes: Uint8Array): ObjectFile | undefined {
  const slices = objectSlices(structure);
  if (!slices) return undefined;
  const read = new Objects(structure, slices);
  const objects: WrittenObject[] = [];
  for (const { num } of slices) {
    const object = read.written(num, bytes);
    if (!object) return undefined;
    objects.push(object);
  }
  const { root, catalog, pages, size, id, text } = structure;
  return { binaryComment: binaryCommentOf(text), root, catalog, pages, size, id, objects };
}

/**
 * The finished file: streams as Chromium wrote them (fonts without their layout tables), every
 * other object (and every object finishing adds or replaces) in object streams, one
 * cross-reference stream.
 */
export function compactPdf(file: ObjectFile, update: { objects: UpdatedObject[]; size: number; info: number }): Uint8Array {
  const replaced = new Set(update.objects.map((o) => o.num));
  const parts: Buffer[] = [Buffer.from(`%PDF-1.7\n${file.binaryComment ?? '%\xe2\xe3\xcf\xd3\n'}`, 'latin1')];
  let length = parts[0]!.byteLength;
  const push = (chunk: Buffer | Uint8Array) => {
    parts.push(chunk as Buffer);
    length += chunk.byteLength;
  };
  // xref entries: [type, field2, field3] by object number.
  const entries = new Map<number, [number, number, number]>();
  const packed: Array<{ num: number; body: string }> = [];
  // The embedded TrueType fonts, named by their font descriptors (dictionaries, never streams).
  const fontFiles = new Set<number>();
  for (const object of file.objects) {
    if (object.stream) continue;
    for (const match of object.value.matchAll(/\/FontFile2\s+(\d+)\s+0\s+R/g)) fontFiles.add(Number(match[1]));
  }
  for (const object of file.objects) {
    if (replaced.has(object.num)) continue;
    if (object.stream) {
      const { num, value, stream } = (fontFiles.has(object.num) && slimFont(object)) || object;
      entries.set(num, [1, length, 0]);
      push(Buffer.from(`${num} 0 obj\n${value}`, 'latin1'));
      push(stream!);
      push(Buffer.from('\nendobj\n', 'latin1'));
    } else {
      packed.push({ num: object.num, body: object.value });
    }
  }
  for (const obj of update.objects) packed.push({ num: obj.num, body: `<<${obj.dict}>>` });

  let next = update.size;
  for (let i = 0; i < packed.length; i += PER_STREAM) {
    const group = packed.slice(i, i + PER_STREAM);
    const streamNum = next++;
    let index = '';
    let bodies = '';
    group.forEach((obj, k) => {
      index += `${obj.num} ${bodies.length} `;
      bodies += `${obj.body}\n`;
      entries.set(obj.num, [2, streamNum, k]);
    });
    const data = deflate(`${index}\n${bodies}`);
    entries.set(streamNum, [1, length, 0]);
    push(Buffer.from(`${streamNum} 0 obj\n<</Type /ObjStm /N ${group.length} /First ${index.length + 1} /Filter /FlateDecode /Length ${data.byteLength}>>\nstream\n`, 'latin1'));
    push(data);
    push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }

  const xrefNum = next++;
  entries.set(xrefNum, [1, length, 0]);
  const rows = Buffer.alloc(next * 7);
  for (let num = 0; num < next; num++) {
    const [type, field2, field3] = entries.get(num) ?? [0, 0, num === 0 ? 0xffff : 0];
    rows.writeUInt8(type, num * 7);
    rows.writeUInt32BE(field2, num * 7 + 1);
    rows.writeUInt16BE(field3, num * 7 + 5);
  }
  const xref = zlib.deflateSync(rows);
  const root = `${file.root.num} ${file.root.gen} R`;
  const xrefAt = length;
  push(
    Buffer.from(
      `${xrefNum} 0 obj\n<</Type /XRef /Size ${next} /W [1 4 2] /Root ${root} /Info ${update.info} 0 R${file.id ? ` /ID ${file.id}` : ''} /Filter /FlateDecode /Length ${xref.byteLength}>>\nstream\n`,
      'latin1',
    ),
  );
  push(xref);
  push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts, length));
}
