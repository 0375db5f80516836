// YAML front matter: the block between a first line `---` and the next `---` line.
// Errors point at lines of the FILE (1-based), so `decks/talk.md:4` is where to look.
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { LecternError } from '../../shared/errors.ts';

/** Keys whose value must be text (numbers and booleans are taken as written). */
export const STRING_KEYS = [
  'title', 'author', 'event', 'date', 'footer', 'theme', 'transition', 'aspect',
  'separator', 'verticalSeparator', 'notesSeparator',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
const STRING_KEY_SET: ReadonlySet<string> = new Set(STRING_KEYS);

export interface FrontMatter {
  /** Top-level keys and their values; known keys are strings, unknown keys as YAML gave them. */
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key, for errors found later (e.g. a bad regex). */
  keyLines: Record<string, number>;
  /** 0-based index of the first line after the front matter (0 when there is none). */
  bodyStart: number;
}

const FENCE = /^---[ \t]*$/;

/** `lines` is the whole file, split on newlines (CRLF already normalized). */
export function readFrontMatter(lines: readonly string[], file?: string): FrontMatter {
  const none: FrontMatter = { data: {}, keyLines: {}, bodyStart: 0 };
  if (lines.length === 0 || !FENCE.test(lines[0]!)) return none;
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    if (FENCE.test(lines[i]!)) {
      close = i;
      break;
    }
  }
  if (close === -1) {
    throw new LecternError('front-matter', 'front matter is not closed: add a line "---" after it', { line: 1, file });
  }
  const yamlText = lines.slice(1, close).join('\n');
  // YAML line n is file line n + 1 (the opening fence).
  const toFileLine = (yamlLine: number) => yamlLine + 1;
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => toFileLine(lineCounter.linePos(Math.max(0, Math.min(offset, yamlText.length))).line);

  const [first, second] = doc.errors;
  if (first) {
    let line = lineAt(first.pos[0]);
    let message = first.message;
    // "title: x\n  author: y" (a key indented under a scalar): yaml reports the line of the
    // scalar; the mistake is on the line that holds the extra `key:`, where the next error ends.
    if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && second?.code === 'MULTILINE_IMPLICIT_KEY') {
      line = lineAt(Math.max(second.pos[0], second.pos[1] - 1));
      message = `bad indentation (${first.message.charAt(0).toLowerCase()}${first.message.slice(1)})`;
    }
    throw new LecternError('front-matter', `invalid front matter: ${message}`, { line, file });
  }

  const contents = doc.contents;
  if (contents === null) return { data: {}, keyLines: {}, bodyStart: close + 1 };
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a single value';
    const line = contents.range ? lineAt(contents.range[0]) : 2;
    throw new LecternError('front-matter', `front matter must be a mapping of "key: value" lines, not ${what}`, { line, file });
  }

  const data: Record<string, unknown> = {};
  const keyLines: Record<string, number> = {};
  for (const pair of contents.items) {
    // Only plain keys mean anything here; `? [a, b]: c` and `*alias: c` are skipped.
    const keyNode = pair.key as YamlNode | null;
    if (!isScalar(keyNode) || keyNode.value === null || keyNode.value === undefined) continue;
    const key = String(keyNode.value);
    if (key === '__proto__') continue;
    const line = keyNode.range ? lineAt(keyNode.range[0]) : 2;
    keyLines[key] = line;
    const valueNode = pair.value as YamlNode | null;
    let value: unknown;
    try {
      value = isNode(valueNode) ? valueNode.toJS(doc, { maxAliasCount: 100 }) : null;
    } catch (err) {
      // e.g. "Excessive alias count indicates a resource exhaustion attack"
      throw new LecternError('front-matter', `invalid front matter: ${(err as Error).message}`, { line, file });
    }
    if (STRING_KEY_SET.has(key)) {
      const text = toText(key, value, valueNode, line, file);
      if (text !== undefined) data[key] = text;
    } else {
      data[key] = jsonSafe(value);
    }
  }
  return { data, keyLines, bodyStart: close + 1 };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (value === null) return 'empty';
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** A known key's value as text, or undefined when it is empty (so the default applies). */
function toText(key: string, value: unknown, node: YamlNode | null, line: number, file?: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    // As written: `version: 1.10` is "1.10", not "1.1".
    return isScalar(node) && typeof node.source === 'string' && node.source ? node.source : String(value);
  }
  if (value instanceof Date) return key === 'date' ? isoDay(value) : value.toISOString();
  throw new LecternError('front-matter', `front matter "${key}" must be text, not ${describe(value)}`, { line, file });
}

/** YYYY-MM-DD (UTC, as YAML timestamps without a zone are UTC). */
function isoDay(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 10);
}

/** Dates become strings so the meta crosses JSON unchanged. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k !== '__proto__') out[k] = jsonSafe(v);
    }
    return out;
  }
  return value;
}
