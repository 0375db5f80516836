// Metadata and outline as a PDF incremental update (PDF 32000-1:2008 §7.5.6): new objects and a
// new cross-reference section appended to Chromium's file, which stays byte for byte as it was.
// Reading only the trailer, the catalog and the page tree takes a few milliseconds where a
// full parse and re-save with pdf-lib takes 100-200 ms on a cold start. Used when the file has
// the classic layout Chromium (Skia) writes; anything else goes the pdf-lib way (finish.ts).
import type { OutlineEntry } from './outline.ts';

export interface Ref {
  num: number;
  gen: number;
}

export interface PdfStructure {
  text: string;
  startxref: number;
  size: number;
  root: Ref;
  /** The catalog dictionary's inside, without the outer << >>. */
  catalog: string;
  id?: string;
  pages: Ref[];
  /** Where each object of the (only) xref section starts. */
  offsets: Map<number, number>;
}

const REF = /(\d+)\s+(\d+)\s+R\b/g;

export function refIn(dict: string, key: string): Ref | undefined {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+(\\d+)\\s+R\\b`).exec(dict);
  return match ? { num: Number(match[1]), gen: Number(match[2]) } : undefined;
}

/** The trailer, catalog and pages of a single-section PDF with a classic xref table; else undefined. */
export function readStructure(pdf: Uint8Array): PdfStructure | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const at = text.lastIndexOf('startxref');
  const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(at))?.[1]);
  if (at < 0 || !Number.isInteger(startxref) || !text.startsWith('xref', startxref)) return undefined;
  const trailerAt = text.indexOf('trailer', startxref);
  if (trailerAt < 0) return undefined;
  const offsets = new Map<number, number>();
  const table = text.slice(startxref + 4, trailerAt);
  const section = /(\d+)\s+(\d+)\s*[\r\n]+((?:\d{10} \d{5} [nf]\s*[\r\n]+)*)/g;
  for (let m = section.exec(table); m; m = section.exec(table)) {
    let num = Number(m[1]);
    for (const entry of m[3]!.matchAll(/(\d{10}) (\d{5}) ([nf])/g)) {
      if (entry[3] === 'n') offsets.set(num, Number(entry[1]));
      num++;
    }
  }
  const trailer = text.slice(trailerAt, at);
  if (/\/Prev\s/.test(trailer) || /\/Encrypt\s/.test(trailer)) return undefined;
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1]);
  const root = refIn(trailer, 'Root');
  if (!root || !Number.isInteger(size)) return undefined;

  const body = (ref: Ref): string | undefined => {
    const offset = offsets.get(ref.num);
    if (offset === undefined) return undefined;
    const end = text.indexOf('endobj', offset);
    const obj = text.slice(offset, end);
    const header = new RegExp(`^${ref.num}\\s+${ref.gen}\\s+obj\\s*<<`).exec(obj);
    if (!header || end < 0 || obj.includes('stream')) return undefined;
    return obj.slice(header[0].length, obj.lastIndexOf('>>'));
  };

  const catalog = body(root);
  const pagesRoot = catalog && refIn(catalog, 'Pages');
  if (!catalog || !pagesRoot) return undefined;
  const pages: Ref[] = [];
  const walk = (ref: Ref, depth: number): boolean => {
    const node = body(ref);
    if (!node || depth > 32) return false;
    if (/\/Type\s*\/Pages\b/.test(node)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
      if (!kids) return false;
      for (const kid of kids[1]!.matchAll(REF)) {
        if (!walk({ num: Number(kid[1]), gen: Number(kid[2]) }, depth + 1)) return false;
      }
      return true;
    }
    if (/\/Type\s*\/Page\b/.test(node)) {
      pages.push(ref);
      return true;
    }
    return false;
  };
  if (!walk(pagesRoot, 0) || pages.length === 0) return undefined;
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1];
  return { text, startxref, size, root, catalog, id, pages, offsets };
}

/** A PDF text string: UTF-16BE with a byte order mark, in hex (any script, ASCII-only bytes). */
export function pdfText(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

export function pdfDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `(D:${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z)`;
}

export interface UpdateContent {
  /** Info dictionary entries, as PDF values (pdfText(...), pdfDate(...)). */
  info: Record<string, string>;
  outline: OutlineEntry[];
  lang?: string;
}

/** A new or replaced object: its number and its dictionary's inside. */
export interface UpdatedObject {
  num: number;
  gen: number;
  dict: string;
}

/** The objects finishing adds or replaces (a new Info, the catalog with an outline, its items), and the new /Size. */
export function updatedObjects(structure: Pick<PdfStructure, 'size' | 'pages' | 'catalog' | 'root'>, content: UpdateContent): { objects: UpdatedObject[]; size: number; info: number } {
  const objects: UpdatedObject[] = [];
  let next = structure.size;
  const infoNum = next++;
  objects.push({ num: infoNum, gen: 0, dict: Object.entries(content.info).map(([k, v]) => `/${k} ${v}`).join('\n') });

  const ref = (r: Ref) => `${r.num} ${r.gen} R`;
  const pageRef = (page: number) => ref(structure.pages[Math.min(page, structure.pages.length - 1)]!); // readStructure found a page
  const count = (items: OutlineEntry[]): number => items.reduce((n, e) => n + 1 + count(e.children), 0);
  const outlinesNum = content.outline.length > 0 ? next++ : undefined;
  // Called with one item or more: `nums[i]` and both ends exist.
  const writeLevel = (items: OutlineEntry[], parent: number): { first: number; last: number } => {
    const nums = items.map(() => next++);
    items.forEach((item, i) => {
      const entries = [`/Title ${pdfText(item.title)}`, `/Parent ${parent} 0 R`, `/Dest [${pageRef(item.page)} /Fit]`];
      if (i > 0) entries.push(`/Prev ${nums[i - 1]} 0 R`);
      if (i < nums.length - 1) entries.push(`/Next ${nums[i + 1]} 0 R`);
      if (item.children.length > 0) {
        const { first, last } = writeLevel(item.children, nums[i]!);
        entries.push(`/First ${first} 0 R`, `/Last ${last} 0 R`, `/Count ${count(item.children)}`);
      }
      objects.push({ num: nums[i]!, gen: 0, dict: entries.join(' ') });
    });
    return { first: nums[0]!, last: nums[nums.length - 1]! };
  };
  let catalog = structure.catalog.replace(/\/(Outlines\s+\d+\s+\d+\s+R|PageMode\s*\/\w+)/g, '');
  if (outlinesNum !== undefined) {
    const { first, last } = writeLevel(content.outline, outlinesNum);
    objects.push({ num: outlinesNum, gen: 0, dict: `/Type /Outlines /First ${first} 0 R /Last ${last} 0 R /Count ${count(content.outline)}` });
    catalog += `\n/Outlines ${outlinesNum} 0 R\n/PageMode /UseOutlines`;
  }
  if (content.lang && !/\/Lang\s/.test(catalog)) catalog += `\n/Lang ${pdfText(content.lang)}`;
  if (!/\/ViewerPreferences\s/.test(catalog)) catalog += '\n/ViewerPreferences << /DisplayDocTitle true >>';
  objects.push({ num: structure.root.num, gen: structure.root.gen, dict: catalog });
  return { objects, size: next, info: infoNum };
}

/** The original bytes plus one update section: a new Info, the catalog with an outline, its items. */
export function appendUpdate(pdf: Uint8Array, structure: PdfStructure, content: UpdateContent): Uint8Array {
  const { objects, size: next, info: infoNum } = updatedObjects(structure, content);
  const ref = (r: Ref) => `${r.num} ${r.gen} R`;

  // Write the objects, remembering where each starts; then one xref subsection per run of numbers.
  let out = structure.text.endsWith('\n') ? '' : '\n';
  const base = pdf.byteLength;
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const obj of objects) {
    offsets.set(obj.num, { offset: base + out.length, gen: obj.gen });
    out += `${obj.num} ${obj.gen} obj\n<<${obj.dict}>>\nendobj\n`;
  }
  const xrefAt = base + out.length;
  out += 'xref\n';
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const { offset, gen } = offsets.get(nums[k]!)!;
      out += `${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  out += `trailer\n<</Size ${next} /Root ${ref(structure.root)} /Info ${infoNum} 0 R /Prev ${structure.startxref}${structure.id ? ` /ID ${structure.id}` : ''}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const update = Buffer.from(out, 'latin1');
  const result = new Uint8Array(base + update.byteLength);
  result.set(pdf, 0);
  result.set(update, base);
  return result;
}
