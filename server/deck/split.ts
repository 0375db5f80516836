// Splitting a deck's markdown into slides the way reveal.js's markdown plugin does (its
// `slidify`): the horizontal and vertical separators run over the whole text (separators.ts),
// a match is horizontal or vertical, and every piece between two matches is a slide — an
// empty one too, as reveal-md counts it (a trailing "---" makes a last, empty slide).
//
// Unlike reveal.js, a separator or a notes marker inside a closed fenced code block is code.
// A fence that is never closed protects nothing (reveal.js splits through it) and is reported.
import type { DeckWarning } from './model.ts';
import type { LineMatcher, SlideSeparators } from './separators.ts';

export interface Separators {
  slides: SlideSeparators;
  /** Case-insensitive, as reveal.js's notes separator. */
  notes: LineMatcher;
}

/** One slide's raw source, before rendering. */
export interface RawSlide {
  /** Horizontal index, as reveal.js counts. */
  h: number;
  /** Vertical index in its stack; 0 for a slide alone. */
  v: number;
  body: string;
  notes: string;
  /** 1-based file line where the slide's content starts. */
  line: number;
  /** 1-based file line of the first line of `body` and of `notes` (for errors inside them). */
  bodyLine: number;
  notesLine: number;
}

export interface SplitDeck {
  slides: RawSlide[];
  warnings: DeckWarning[];
}

/** An open fenced code block: its character and length, which its closing line must match. */
export interface Fence {
  char: '`' | '~';
  length: number;
}

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;

/** The fence a line opens, or null. */
export function openFence(line: string): Fence | null {
  const m = FENCE_OPEN.exec(line);
  if (!m) return null;
  const marker = m[1]!; // group 1 is not optional
  const char = marker[0] as '`' | '~';
  // A backtick fence's info string cannot contain backticks (that is inline code).
  if (char === '`' && m[2]!.includes('`')) return null;
  return { char, length: marker.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  const marker = m?.[1];
  return marker !== undefined && marker[0] === fence.char && marker.length >= fence.length;
}

/** In fencedLines' result: the opening line of a closed fence (its other lines are 1). */
export const OPENING = 2;

/**
 * Marks the lines of closed fenced code blocks (opening and closing lines included). A fence
 * with no closing line marks nothing and gets a warning: the text after it is split as usual.
 */
export function fencedLines(lines: readonly string[], firstLine: number, warnings: DeckWarning[]): Uint8Array {
  const fenced = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const fence = openFence(lines[i]!);
    if (!fence) continue;
    let close = i + 1;
    while (close < lines.length && !closesFence(lines[close]!, fence)) close++;
    if (close === lines.length) {
      const marker = fence.char.repeat(fence.length);
      warnings.push({
        line: firstLine + i,
        message: `this ${marker} code block is never closed: separators and notes after it still count (as in reveal.js); close it with a line ${marker}`,
      });
      continue;
    }
    fenced.fill(1, i, close + 1);
    fenced[i] = OPENING;
    i = close;
  }
  return fenced;
}

/**
 * Splits `lines[start..]` (`lines[i]` is file line i + 1) into raw slides. The notes separator
 * starts a slide's notes (the text after the match on that line included); everything after
 * the first marker is notes, further markers included.
 */
export function splitSlides(lines: readonly string[], start: number, separators: Separators): SplitDeck {
  const warnings: DeckWarning[] = [];
  const body = lines.slice(start);
  const fenced = fencedLines(body, start + 1, warnings);
  // reveal-md hands reveal.js the markdown between line breaks (its <textarea> template), so
  // a separator on the first or last line, such as "\n---\n", still matches there.
  const text = `\n${body.join('\n')}\n`;
  // lineStart[k]: offset of body line k in `text` (k = body.length: the closing newline's end).
  const lineStart = new Array<number>(body.length + 1);
  let offset = 1;
  for (let k = 0; k < body.length; k++) {
    lineStart[k] = offset;
    offset += body[k]!.length + 1;
  }
  lineStart[body.length] = offset;

  // The body line holding `at` (the last whose start is <= at), by binary search.
  const lineAt = (at: number): number => {
    let lo = 0;
    let hi = body.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStart[mid]! <= at) lo = mid; // filled for every line above
      else hi = mid - 1;
    }
    return lo;
  };
  const protectedEnd = (at: number, end: number): number => {
    // A match is code when it overlaps a closed fence, from the start of its opening line to
    // the end of its closing line (the line break after it is not code).
    const first = lineAt(at);
    const last = lineAt(Math.max(end - 1, at));
    for (let k = first; k <= last; k++) {
      if (!fenced[k]) continue;
      let open = k;
      while (open > 0 && fenced[open] !== OPENING) open--;
      let close = k;
      while (close + 1 < body.length && fenced[close + 1] === 1) close++;
      const regionStart = lineStart[open]!;
      const regionEnd = lineStart[close]! + body[close]!.length;
      if (at < regionEnd && end > regionStart) return regionEnd;
    }
    return -1;
  };

  // Pieces between separator matches, stacked as reveal.js's slidify stacks them.
  const stacks: Array<Array<[number, number]>> = [];
  let wasHorizontal = true;
  let anyVertical = false;
  let last = 0;
  for (let from = 0; from <= text.length; ) {
    const match = separators.slides.next(text, from);
    if (!match) break;
    const skipTo = protectedEnd(match.index, match.end);
    if (skipTo !== -1) {
      from = Math.max(skipTo, match.index + 1);
      continue;
    }
    const piece: [number, number] = [last, match.index];
    if (!match.horizontal && wasHorizontal) stacks.push([]);
    if (match.horizontal && wasHorizontal) stacks.push([piece]);
    else stacks[stacks.length - 1]!.push(piece); // the previous match pushed a stack
    last = match.end;
    from = Math.max(match.end, match.index + 1);
    wasHorizontal = match.horizontal;
    anyVertical ||= !match.horizontal;
  }
  if (!anyVertical && separators.slides.verticalMatches(text)) {
    warnings.push({
      message:
        'the vertical separator matches in this deck but never splits it: the horizontal separator matches there first (reveal.js tries it first), so those slides are horizontal; anchor them, e.g. "^§§$" and "^§§§$"',
    });
  }
  const rest: [number, number] = [last, text.length];
  if (wasHorizontal) stacks.push([rest]);
  else stacks[stacks.length - 1]!.push(rest);

  const slides: RawSlide[] = [];
  stacks.forEach((stack, h) => {
    stack.forEach(([from, to], v) => {
      slides.push(slideFrom(text, from === 0 && to > 0 ? 1 : from, to, h, v));
    });
  });
  return { slides, warnings };

  function slideFrom(source: string, from: number, to: number, h: number, v: number): RawSlide {
    const fileLine = (k: number) => start + 1 + Math.min(k, Math.max(body.length - 1, 0));
    const bodyLines: string[] = [];
    const notes: string[] = [];
    let inNotes = false;
    let contentLine = 0;
    let notesLine = 0;
    const firstLine = fileLine(lineAt(from));
    // Pieces are consecutive lines: the body line index goes up by one per line break
    // (offset 0 is the line break `text` starts with, before body line 0).
    let line = from === 0 ? -1 : lineAt(from);
    let at = from;
    while (at <= to) {
      let end = source.indexOf('\n', at);
      if (end === -1 || end > to) end = to;
      const piece = source.slice(at, end);
      const k = Math.max(0, Math.min(line++, body.length - 1));
      const lineNumber = fileLine(k);
      const note = fenced[k] ? null : separators.notes.find(piece);
      if (note) {
        const before = piece.slice(0, note.index);
        const after = piece.slice(note.end).trimStart();
        if (!inNotes) {
          if (before.trim()) {
            bodyLines.push(before);
            contentLine ||= lineNumber;
          }
          inNotes = true;
          notesLine = lineNumber;
          notes.push(after);
        } else {
          notes.push(before + after);
        }
      } else if (inNotes) {
        notes.push(piece);
      } else {
        bodyLines.push(piece);
        if (!contentLine && piece.trim()) contentLine = lineNumber;
      }
      if (end >= to) break;
      at = end + 1;
    }
    return {
      h,
      v,
      body: bodyLines.join('\n'),
      notes: notes.join('\n'),
      line: contentLine || notesLine || firstLine,
      bodyLine: firstLine,
      notesLine: notesLine || firstLine,
    };
  }
}
