// Chromium writes every object of a PDF on its own, uncompressed but for streams: in a tagged
// deck most of the file is small dictionaries (the structure tree, fonts, pages), 40% of the
// Europython PDF. Finishing writes the file again with those dictionaries packed into
// compressed object streams and a compressed cross-reference stream (PDF 32000-1:2008 §7.5.7,
// §7.5.8; PDF 1.5), streams copied byte for byte, and the objects finishing adds or replaces
// (incremental.ts updatedObjects) in place. Reading is the few milliseconds of readStructure;
// compressing the dictionaries a few more.
import zlib from 'node:zlib';
import type { PdfStructure, UpdatedObject } from './incremental.ts';
import { withoutLayoutTables } from './font-tables.ts';

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

/** Chromium's FontFile2 stream, exactly: `<</Length1 n /Filter /FlateDecode /Length n>>`. */
const FONT_STREAM = /^(\d+)\s+0\s+obj\s*<<\s*\/Length1\s+\d+\s*\/Filter\s*\/FlateDecode\s*\/Length\s+(\d+)\s*>>\s*stream\r?\n/;

/** An embedded TrueType font without its layout tables (font-tables.ts), or undefined to keep it as it is. */
function slimFont(raw: string): string | undefined {
  const head = FONT_STREAM.exec(raw);
  if (!head) return undefined;
  try {
    const data = Buffer.from(raw.slice(head[0].length, head[0].length + Number(head[2])), 'latin1');
    const font = withoutLayoutTables(zlib.inflateSync(data));
    if (!font) return undefined;
    const packed = zlib.deflateSync(font);
    return `${head[1]} 0 obj\n<</Length1 ${font.byteLength} /Filter /FlateDecode /Length ${packed.byteLength}>>\nstream\n${packed.toString('latin1')}\nendstream\nendobj`;
  } catch {
    return undefined;
  }
}

/**
 * The finished file: streams as Chromium wrote them, every other object (and every object
 * finishing adds or replaces) in object streams, one cross-reference stream. Undefined when the
 * file is not laid out as expected (then finish.ts appends an incremental update instead).
 */
export function compactPdf(structure: PdfStructure, update: { objects: UpdatedObject[]; size: number; info: number }): Uint8Array | undefined {
  const slices = objectSlices(structure);
  if (!slices) return undefined;
  const { text } = structure;
  const replaced = new Map(update.objects.map((o) => [o.num, o]));
  const header = /^%PDF-\d\.\d[^\n]*\n(%[^\n]*\n)?/.exec(text);
  const parts: Buffer[] = [Buffer.from(`%PDF-1.7\n${header?.[1] ?? '%\xe2\xe3\xcf\xd3\n'}`, 'latin1')];
  let length = parts[0]!.byteLength;
  const push = (chunk: Buffer) => {
    parts.push(chunk);
    length += chunk.byteLength;
  };
  // xref entries: [type, field2, field3] by object number.
  const entries = new Map<number, [number, number, number]>();
  const packed: Array<{ num: number; body: string }> = [];
  // The embedded TrueType fonts, named by their font descriptors (dictionaries, never streams).
  const fontFiles = new Set<number>();
  for (const match of text.matchAll(/\/FontFile2\s+(\d+)\s+0\s+R/g)) fontFiles.add(Number(match[1]));
  for (const slice of slices) {
    if (replaced.has(slice.num)) continue;
    const raw = text.slice(slice.start, slice.end);
    const head = /^(\d+)\s+(\d+)\s+obj\b/.exec(raw);
    if (!head || Number(head[1]) !== slice.num || head[2] !== '0') return undefined;
    const body = raw.slice(head[0].length, raw.length - 'endobj'.length).trim();
    if (body.endsWith('endstream')) {
      entries.set(slice.num, [1, length, 0]);
      push(Buffer.from(`${(fontFiles.has(slice.num) && slimFont(raw)) || raw}\n`, 'latin1'));
    } else {
      packed.push({ num: slice.num, body });
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
  const root = `${structure.root.num} ${structure.root.gen} R`;
  const xrefAt = length;
  push(
    Buffer.from(
      `${xrefNum} 0 obj\n<</Type /XRef /Size ${next} /W [1 4 2] /Root ${root} /Info ${update.info} 0 R${structure.id ? ` /ID ${structure.id}` : ''} /Filter /FlateDecode /Length ${xref.byteLength}>>\nstream\n`,
      'latin1',
    ),
  );
  push(xref);
  push(Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts, length));
}
