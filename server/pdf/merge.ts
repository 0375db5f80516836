// Two PDFs Chromium printed from the halves of one deck (split-print.ts), joined into the file
// one print would have made: the second file's objects renumbered after the first's, its pages
// appended to the first's page tree, its structure tree (the tags) joined under the first's
// Document element and grouping elements, its marked-content keys moved past the first's and its
// table-header IDs renamed apart, and images both halves embed (a background on every slide, a
// logo) kept once. Only Chromium's classic layout is joined, and only what this file knows:
// anything else (named destinations, forms, another structure) makes joinPrinted answer
// undefined, and the deck is printed in one tab instead. The joined objects go to finishing
// unwritten (finish.ts compacts them); the first file can be read while the second still prints.
import { readStructure, refIn, type PdfStructure } from './incremental.ts';
import { objectSlices } from './compact.ts';
import { binaryCommentOf, codeOf, Objects, outsideStrings, REF, renumber, writeClassic, type ObjectFile, type PdfObject, type WrittenObject } from './pdf-objects.ts';

/** The object `key` names in `dict`; only generation 0, the one Chromium writes (and writeClassic writes back). */
const objectIn = (dict: string, key: string) => {
  const ref = refIn(dict, key);
  return ref?.gen === 0 ? ref.num : undefined;
};

/** What the second file's objects change: references, and their keys into the ParentTree. */
const MOVED = /(?<![\w.+-])(\d+)\s+0\s+R\b|\/(StructParents?)\s+(\d+)/g;

/** What joining reads from one file: its objects, page tree and structure tree. */
export interface Printed {
  bytes: Uint8Array;
  structure: PdfStructure;
  objects: Objects;
  pagesRoot: number;
  /** The page tree root's /Kids: pages, or nodes of pages. */
  pageKids: string;
  info?: number;
  tags?: { root: number; parentTree: number; nextKey: number; chain: number[]; nums: string; ids?: IdTree };
}

/** One printed file, read for joining; undefined when it is not what Chromium writes. */
export function readPrinted(pdf: Uint8Array): Printed | undefined {
  const structure = readStructure(pdf);
  const slices = structure && objectSlices(structure);
  if (!structure || !slices) return undefined;
  const objects = new Objects(structure, slices);
  // Every object read now, while the other half may still print: joining writes them all.
  for (const { num } of slices) if (!objects.get(num)) return undefined;
  const pagesRoot = objectIn(structure.catalog, 'Pages');
  if (pagesRoot === undefined) return undefined;
  // Keys whose objects name pages or slides by this file's own numbering: not joined here.
  if (/\/(Dests|Names|Outlines|AcroForm|OpenAction|PageLabels)\b/.test(structure.catalog)) return undefined;
  // Skia groups the pages under the root in nodes of eight: the root's kids are joined, whatever they are.
  const pageKids = /\/Kids\s*\[([^\]]*)\]/.exec(objects.get(pagesRoot)?.value ?? '')?.[1];
  if (pageKids === undefined) return undefined;
  const info = objectIn(structure.text.slice(structure.text.lastIndexOf('trailer')), 'Info');
  const root = objectIn(structure.catalog, 'StructTreeRoot');
  if (root === undefined) return { bytes: pdf, structure, objects, pagesRoot, pageKids, info };
  const tree = objects.get(root)?.value ?? '';
  const parentTree = objectIn(tree, 'ParentTree');
  const document = objectIn(tree, 'K');
  const nextKey = Number(/\/ParentTreeNextKey\s+(\d+)/.exec(tree)?.[1]);
  if (parentTree === undefined || document === undefined || !Number.isInteger(nextKey)) return undefined;
  if (/\/(RoleMap|ClassMap)\b/.test(tree)) return undefined;
  // Table header cells carry IDs their data cells name (/Headers): an ID tree.
  const idRoot = objectIn(tree, 'IDTree');
  const ids = idRoot === undefined ? undefined : readIdTree(objects, idRoot);
  if (idRoot !== undefined && !ids) return undefined;
  const nums = /^<<\s*\/Type\s*\/ParentTree\s*\/Nums\s*\[([^\]]*)\]\s*>>$/.exec(objects.get(parentTree)?.value ?? '')?.[1];
  if (nums === undefined || !/\/S\s*\/Document\b/.test(codeOf(objects.get(document)?.value ?? ''))) return undefined;
  // Document, then the grouping elements (body, wrappers) that each hold just the next.
  const chain = [document];
  for (let next = soleGroup(objects, document); next !== undefined && chain.length < 32; next = soleGroup(objects, next)) chain.push(next);
  if (!kidsOf(objects.get(chain.at(-1)!)!.value)) return undefined;
  return { bytes: pdf, structure, objects, pagesRoot, pageKids, info, tags: { root, parentTree, nextKey, chain, nums, ids } };
}

/** The one child of element `num` when it is a grouping element (NonStruct) spanning pages. */
function soleGroup(objects: Objects, num: number): number | undefined {
  const kids = kidsOf(objects.get(num)?.value ?? '')?.text ?? '';
  if (!/^\d+\s+0\s+R$/.test(kids)) return undefined;
  const child = Number(kids.split(/\s/)[0]);
  const code = codeOf(objects.get(child)?.value ?? '');
  return /\/S\s*\/NonStruct\b/.test(code) && !/\/Pg\s/.test(code) ? child : undefined;
}

/** A structure element's children (/K: one reference or an array), and where that entry is in its text. */
function kidsOf(element: string): { text: string; at: [number, number] } | undefined {
  const kids = /\/K\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(codeOf(element));
  return kids ? { text: kids[1]!.replace(/^\[|\]$/g, '').trim(), at: [kids.index, kids.index + kids[0].length] } : undefined;
}

/** An ID tree (a name tree, PDF 32000-1:2008 §7.9.6): its nodes and its [name, object number] pairs. */
interface IdTree {
  root: number;
  nodes: number[];
  pairs: Array<[string, number]>;
}

function readIdTree(objects: Objects, root: number): IdTree | undefined {
  const tree: IdTree = { root, nodes: [], pairs: [] };
  const walk = (num: number, depth: number): boolean => {
    const node = objects.get(num)?.value;
    if (!node || depth > 16 || tree.nodes.includes(num)) return false;
    tree.nodes.push(num);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1];
    if (kids !== undefined) return [...kids.matchAll(REF)].every((kid) => walk(Number(kid[1]), depth + 1));
    const names = /\/Names\s*\[([^\]]*)\]/.exec(node)?.[1];
    if (names === undefined) return false;
    const pair = /\s*\(([^()\\]*)\)\s*(\d+)\s+0\s+R\s*/y;
    for (let m = pair.exec(names); m; m = pair.exec(names)) tree.pairs.push([m[1]!, Number(m[2])]);
    return /^(\s*\([^()\\]*\)\s*\d+\s+0\s+R)*\s*$/.test(names);
  };
  return walk(root, 0) ? tree : undefined;
}

/** The ParentTree's /Nums as [key, value] pairs (a value is a reference or an array of them). */
function numberPairs(nums: string): Array<[number, string]> | undefined {
  const tokens = nums.match(/\d+\s+0\s+R|\[[^\]]*\]|\d+/g) ?? [];
  if (tokens.length % 2 !== 0) return undefined;
  const pairs: Array<[number, string]> = [];
  for (let i = 0; i < tokens.length; i += 2) {
    if (!/^\d+$/.test(tokens[i]!)) return undefined;
    pairs.push([Number(tokens[i]), tokens[i + 1]!]);
  }
  return pairs;
}

/** The image streams of a file and the streams their dictionaries name (soft masks, ICC colour profiles). */
function imageStreams(objects: Objects): number[] {
  const found = new Set<number>();
  const add = (num: number) => {
    const object = objects.get(num);
    if (found.has(num) || object?.stream === undefined) return;
    found.add(num);
    for (const ref of object.value.matchAll(REF)) add(Number(ref[1]));
  };
  for (const num of objects.slices.keys()) {
    const object = objects.get(num);
    if (object?.stream !== undefined && /\/Subtype\s*\/Image\b/.test(codeOf(object.value))) add(num);
  }
  return [...found];
}

/** A stream's identity for keeping one copy: its dictionary, references renumbered by `map`, and its bytes. */
const identity = (file: Printed, object: PdfObject, map: (num: number) => number) =>
  renumber(object.value, map) + file.structure.text.slice(...object.stream!);

/** joinPrinted of two files, written as one classic file; undefined when they do not join. */
export function mergePrinted(first: Uint8Array, second: Uint8Array): Uint8Array | undefined {
  const [a, b] = [readPrinted(first), readPrinted(second)];
  const joined = a && b && joinPrinted(a, b);
  return joined ? writeClassic(joined) : undefined;
}

/**
 * The objects of `a`'s pages followed by `b`'s, with one structure tree; undefined when the two
 * do not join (the caller then prints the deck in one piece).
 */
export function joinPrinted(a: Printed, b: Printed): ObjectFile | undefined {
  if (Boolean(a.tags) !== Boolean(b.tags)) return undefined;
  const shift = a.structure.size - 1;
  const keyShift = a.tags?.nextKey ?? 0;
  const depth = Math.min(a.tags?.chain.length ?? 0, b.tags?.chain.length ?? 0);

  // Where each of the second file's objects goes: a number after the first file's, or an
  // object of the first file it joins (page tree, structure tree root, Document, a same image).
  const joined = new Map<number, number>([[b.pagesRoot, a.pagesRoot]]);
  const dropped = new Set<number>([b.structure.root.num, b.pagesRoot, ...(b.info === undefined ? [] : [b.info])]);
  if (a.tags && b.tags) {
    joined.set(b.tags.root, a.tags.root);
    for (const num of [b.tags.root, b.tags.parentTree, ...(b.tags.ids?.nodes ?? [])]) dropped.add(num);
    // The second tree's Document and grouping elements are the first's: its content joins them.
    for (let i = 0; i < depth; i++) {
      joined.set(b.tags.chain[i]!, a.tags.chain[i]!);
      dropped.add(b.tags.chain[i]!);
    }
  }
  const target = (num: number) => joined.get(num) ?? num + shift;
  const candidates = imageStreams(b.objects);
  if (candidates.length > 0) {
    const mine = new Map<string, number>();
    for (const num of imageStreams(a.objects)) mine.set(identity(a, a.objects.get(num)!, (n) => n), num);
    // A soft mask or colour profile before the image naming it: the image matches only if they did.
    const decided = new Set<number>();
    for (let progress = true; progress; ) {
      progress = false;
      for (const num of candidates) {
        const object = b.objects.get(num)!;
        if (decided.has(num) || ![...object.value.matchAll(REF)].every((ref) => decided.has(Number(ref[1])))) continue;
        decided.add(num);
        progress = true;
        const same = mine.get(identity(b, object, target));
        if (same !== undefined) {
          joined.set(num, same);
          dropped.add(num);
        }
      }
    }
  }

  // The first file's objects stay as they are but these, written again (and its other ID tree nodes, gone).
  const replaced = new Map<number, string>();
  const removed = new Set(a.tags?.ids?.nodes.slice(1));
  let size = shift + b.structure.size;
  const count = a.structure.pages.length + b.structure.pages.length;
  replaced.set(a.pagesRoot, `<</Type /Pages /Count ${count} /Kids [${a.pageKids} ${renumber(b.pageKids, target)}]>>`);
  const ids = new Set(b.tags?.ids?.pairs.map(([name]) => name));
  const renamed = (name: string) => `${name}-2`;
  if (a.tags && b.tags) {
    const pairs = numberPairs(b.tags.nums);
    if (!pairs) return undefined;
    const bNums = pairs.map(([key, value]) => `${key + keyShift} ${renumber(value, target)}`).join(' ');
    replaced.set(a.tags.parentTree, `<</Type /ParentTree /Nums [${a.tags.nums} ${bNums}]>>`);
    let tree = a.objects.get(a.tags.root)!.value.replace(/\/ParentTreeNextKey\s+\d+/, `/ParentTreeNextKey ${keyShift + b.tags.nextKey}`);
    const join = a.tags.chain[depth - 1]!;
    const element = a.objects.get(join)!.value;
    const [mine, theirs] = [kidsOf(element)!, kidsOf(b.objects.get(b.tags.chain[depth - 1]!)!.value)!];
    replaced.set(join, `${element.slice(0, mine.at[0])}/K [${mine.text} ${renumber(theirs.text, target)}]${element.slice(mine.at[1])}`);
    if (a.tags.ids || b.tags.ids) {
      // One leaf holds every ID; the second file's get a suffix (both renderers count from the same start).
      const named = [...(a.tags.ids?.pairs ?? []), ...(b.tags.ids?.pairs ?? []).map(([name, num]): [string, number] => [renamed(name), target(num)])];
      named.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
      const idRoot = a.tags.ids?.root ?? size++;
      replaced.set(idRoot, `<</Names [${named.map(([name, num]) => `(${name}) ${num} 0 R`).join(' ')}]>>`);
      if (!a.tags.ids) tree = `${tree.slice(0, -2)} /IDTree ${idRoot} 0 R>>`;
    }
    replaced.set(a.tags.root, tree);
  }

  const objects: WrittenObject[] = [];
  for (const num of [...a.objects.slices.keys()].sort((x, y) => x - y)) {
    if (removed.has(num)) continue;
    const object = a.objects.written(num, a.bytes, replaced.get(num));
    if (!object) return undefined;
    objects.push(object);
  }
  for (const [num, value] of replaced) if (!a.objects.slices.has(num)) objects.push({ num, value });
  for (const num of [...b.objects.slices.keys()].sort((x, y) => x - y)) {
    if (dropped.has(num)) continue;
    const object = b.objects.get(num);
    if (!object) return undefined;
    const value = outsideStrings(
      object.value,
      (code) => code.replace(MOVED, (_, ref?: string, key?: string, n?: string) => (ref ? `${target(Number(ref))} 0 R` : `/${key} ${Number(n) + keyShift}`)),
      (string) => (ids.has(string.slice(1, -1)) ? `(${renamed(string.slice(1, -1))})` : string),
    );
    objects.push({ ...b.objects.written(num, b.bytes, value)!, num: target(num) });
  }
  const pages = [...a.structure.pages, ...b.structure.pages.map((page) => ({ num: target(page.num), gen: page.gen }))];
  const { root, catalog, id, text } = a.structure;
  return { binaryComment: binaryCommentOf(text), root, catalog, pages, size, info: a.info, id, objects };
}
