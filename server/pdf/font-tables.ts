// Chromium's font subsets keep the OpenType layout tables (GSUB, GPOS, GDEF…), which only a
// text shaper reads: in a PDF the glyphs are already placed, and no viewer, printer or text
// extractor looks at them. Dropping them from each embedded TrueType font (FontFile2) takes about
// a third off the fonts of a deck. The glyph outlines, metrics, cmap, name and hinting stay.

/** Tables that shape text: needed by a browser laying text out, never by a PDF reader. */
const LAYOUT_TABLES = new Set(['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'MATH', 'STAT', 'morx', 'kerx', 'feat', 'trak', 'kern']);

/** The sfnt without its layout tables; undefined when it is not a TrueType font with any. */
export function withoutLayoutTables(font: Buffer): Buffer | undefined {
  if (font.byteLength < 12 || font.readUInt32BE(0) !== 0x00010000) return undefined;
  const count = font.readUInt16BE(4);
  if (font.byteLength < 12 + count * 16) return undefined;
  const tables: Array<{ tag: string; checksum: number; offset: number; length: number }> = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const table = { tag: font.toString('latin1', at, at + 4), checksum: font.readUInt32BE(at + 4), offset: font.readUInt32BE(at + 8), length: font.readUInt32BE(at + 12) };
    if (table.offset + table.length > font.byteLength) return undefined;
    tables.push(table);
  }
  const kept = tables.filter((t) => !LAYOUT_TABLES.has(t.tag));
  if (kept.length === tables.length) return undefined;
  // The table directory's binary-search fields, for the new number of tables.
  const power = 2 ** Math.floor(Math.log2(kept.length));
  const header = Buffer.alloc(12 + kept.length * 16);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(kept.length, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(kept.length * 16 - power * 16, 10);
  const bodies: Buffer[] = [];
  let offset = header.byteLength;
  kept.forEach((table, i) => {
    const at = 12 + i * 16;
    header.write(table.tag, at, 'latin1');
    header.writeUInt32BE(table.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.length, at + 12);
    const padded = Buffer.alloc((table.length + 3) & ~3);
    font.copy(padded, 0, table.offset, table.offset + table.length);
    bodies.push(padded);
    offset += padded.byteLength;
  });
  return Buffer.concat([header, ...bodies], offset);
}
