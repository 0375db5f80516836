// Splitting a deck's markdown into slides, reveal-md style: separators are regexes matched
// against single lines (separators.ts), never inside fenced code blocks.
import type { LineMatcher } from './separators.ts';

export interface Separators {
  horizontal: LineMatcher;
  vertical: LineMatcher;
  /** Case-insensitive, as reveal.js's notes separator. */
  notes: LineMatcher;
}

/** One slide's raw source, before rendering. */
export interface RawSlide {
  /** Index of the horizontal stack in the source (empty slides not yet dropped). */
  stack: number;
  body: string;
  notes: string;
  /** 1-based file line where the slide's content starts. */
  line: number;
  /** 1-based file line of the first line of `body` and of `notes` (for errors inside them). */
  bodyLine: number;
  notesLine: number;
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
  const marker = m[1];
  const char = marker[0] as '`' | '~';
  // A backtick fence's info string cannot contain backticks (that is inline code).
  if (char === '`' && m[2].includes('`')) return null;
  return { char, length: marker.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  return m !== null && m[1][0] === fence.char && m[1].length >= fence.length;
}

/**
 * Splits `lines[start..]` into raw slides. `lines[i]` is file line i + 1.
 * A line matching the horizontal separator starts a new stack (checked first, as reveal.js
 * does), the vertical separator a new slide in the current stack; the notes separator starts
 * the notes (the text after the match on that line included). Inside a fenced code block
 * (``` or ~~~, closed by the same character, at least as long) no line is a separator; an
 * unclosed fence runs to the end of the file, as in CommonMark.
 */
export function splitSlides(lines: readonly string[], start: number, separators: Separators): RawSlide[] {
  const slides: RawSlide[] = [];
  let stack = 0;
  let body: string[] = [];
  let notes: string[] = [];
  let inNotes = false;
  let bodyLine = 0;
  let notesLine = 0;
  let firstLine = start + 1;
  let fence: Fence | null = null;

  const flush = () => {
    slides.push({
      stack,
      body: body.join('\n'),
      notes: notes.join('\n'),
      line: bodyLine || notesLine || firstLine,
      bodyLine: firstLine,
      notesLine: notesLine || firstLine,
    });
    body = [];
    notes = [];
    inNotes = false;
    bodyLine = 0;
    notesLine = 0;
  };

  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const lineNumber = i + 1;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
    } else if (separators.horizontal.test(line)) {
      flush();
      stack++;
      firstLine = lineNumber + 1;
      continue;
    } else if (separators.vertical.test(line)) {
      flush();
      firstLine = lineNumber + 1;
      continue;
    } else {
      const note = separators.notes.find(line);
      if (note) {
        const before = line.slice(0, note.index);
        const after = line.slice(note.end).trimStart();
        if (!inNotes) {
          if (before.trim()) {
            body.push(before);
            if (!bodyLine) bodyLine = lineNumber;
          }
          inNotes = true;
          notesLine = lineNumber;
          notes.push(after);
        } else {
          // A second "Note:" inside the notes: keep the text, drop the marker.
          notes.push(before + after);
        }
        continue;
      }
      fence = openFence(line);
    }
    if (inNotes) {
      notes.push(line);
    } else {
      body.push(line);
      if (!bodyLine && line.trim()) bodyLine = lineNumber;
    }
  }
  flush();
  return slides;
}
