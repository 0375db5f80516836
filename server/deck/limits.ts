// Bounds checked on a slide's markdown before marked sees it, for shapes that would make
// marked, the HTML tools after it or their recursion take seconds or gigabytes:
//
// - nesting: lists and block quotes 2,000 levels deep take marked 49 s and 3 GB (it re-reads
//   each level's content once per level), HTML 10,000 elements deep overflows the stack of the
//   tree walks after it. Real slides nest a handful of levels.
// - emphasis marks: marked looks for the closer of every `*`/`_` opener through the rest of
//   the paragraph, so a paragraph of n marks costs n² (`*a` × 200,000 takes 19 s). A slide
//   holding that many marks is not prose.
//
// Both are measured conservatively (never below what marked will see), on lines outside
// fenced code blocks. Whatever these checks do not foresee is still stopped by the parse's
// time and memory limits (server/decks/parse-pool.ts).
import { Parser } from 'htmlparser2';
import { LecternError } from '../../shared/errors.ts';
import { closesFence, openFence, type Fence } from './split.ts';

/** Deepest nesting of lists and block quotes, and of HTML elements, in one slide. */
export const MAX_NESTING = 100;
/** Most emphasis marks (`*`, `_`) in one slide's body or notes: ~0.1 s of marked at worst. */
export const MAX_EMPHASIS_MARKS = 2000;

const SPACE = 32;
const TAB = 9;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A list marker must be followed by a space, a tab or the end of the line. */
function endsMarker(line: string, at: number): boolean {
  return at >= line.length || line.charCodeAt(at) === SPACE || line.charCodeAt(at) === TAB;
}

/** A thematic break ("- - -", "***", "_ _ _"): looks like list markers but opens nothing. */
function isThematicBreak(line: string): boolean {
  const chars = line.replace(/[ \t]+/g, '');
  return chars.length >= 3 && /^[-*_]$/.test(chars.charAt(0)) && chars === chars.charAt(0).repeat(chars.length);
}

/**
 * An upper bound of the list and block-quote levels a line sits in, when it opens one: each
 * `>` and list marker at its start is a level, and so is every 2 columns of indentation before
 * and between them (a list item's content is indented at least 2 columns past its parent's),
 * tabs counted as 4. A line that opens nothing adds no level, however indented.
 */
export function containerDepth(line: string): number {
  let i = 0;
  let columns = 0;
  let markers = 0;
  for (;;) {
    while (i < line.length) {
      const code = line.charCodeAt(i);
      if (code === SPACE) columns++;
      else if (code === TAB) columns += 4;
      else break;
      i++;
    }
    if (i >= line.length) break;
    const char = line[i];
    if (char === '>') {
      markers++;
      i++;
    } else if ((char === '-' || char === '*' || char === '+') && endsMarker(line, i + 1)) {
      markers++;
      i++;
    } else {
      let j = i;
      while (j < line.length && j - i < 9 && isDigit(line.charCodeAt(j))) j++;
      if (j === i || (line[j] !== '.' && line[j] !== ')') || !endsMarker(line, j + 1)) break;
      markers++;
      i = j + 1;
    }
  }
  if (markers === 0 || isThematicBreak(line)) return 0;
  return markers + Math.floor(columns / 2);
}

function countMarks(line: string): number {
  let marks = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 42 /* * */ || code === 95 /* _ */) marks++;
  }
  return marks;
}

/**
 * Throws a located LecternError ('too-complex') when `markdown` (one slide's body or notes, whose
 * first line is file line `firstLine`) nests or emphasizes beyond the bounds above.
 */
export function checkSlideSource(markdown: string, firstLine: number, file?: string): void {
  const lines = markdown.split('\n');
  const tooComplex = (line: number, message: string) => new LecternError('too-complex', message, { line, file });
  let fence: Fence | null = null;
  let marks = 0;
  let html: HtmlDepth | null = null;
  // Only a slide with enough tags to nest that deep is read as HTML (most have a few tags).
  if (countChar(markdown, '<', MAX_NESTING) > MAX_NESTING) html = new HtmlDepth();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = firstLine + i;
    if (fence) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = openFence(line);
    if (fence) continue;
    const depth = containerDepth(line);
    if (depth > MAX_NESTING) {
      throw tooComplex(
        lineNumber,
        `lists and block quotes nest more than ${MAX_NESTING} levels deep here (each ">" or list marker, and every 2 spaces of indentation before it, is a level): flatten them`,
      );
    }
    marks += countMarks(line);
    if (marks > MAX_EMPHASIS_MARKS) {
      throw tooComplex(
        lineNumber,
        `this slide has more than ${MAX_EMPHASIS_MARKS} emphasis marks ("*" and "_") by this line, which markdown needs quadratic time to pair up: split the slide, or put such text in a code block`,
      );
    }
    if (html && html.write(`${line}\n`) > MAX_NESTING) {
      throw tooComplex(lineNumber, `HTML elements nest more than ${MAX_NESTING} levels deep here: close them, or flatten the markup`);
    }
  }
}

/** How many times `char` occurs in `text`, counting no further than `stop`. */
function countChar(text: string, char: string, stop: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && count <= stop; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** Thrown from the parser's callback to stop reading as soon as the limit is passed. */
const TOO_DEEP = Symbol('too deep');

/** The element depth of HTML fed a line at a time, as htmlparser2 (which the pipeline uses) nests it. */
class HtmlDepth {
  private depth = 0;
  private max = 0;
  private readonly parser = new Parser(
    {
      onopentag: () => {
        this.depth++;
        if (this.depth > this.max) this.max = this.depth;
        if (this.max > MAX_NESTING) throw TOO_DEEP;
      },
      onclosetag: () => {
        if (this.depth > 0) this.depth--;
      },
    },
    { decodeEntities: false },
  );

  /** Feeds more HTML; returns the deepest nesting seen so far (stopping just past the limit). */
  write(chunk: string): number {
    try {
      this.parser.write(chunk);
    } catch (err) {
      if (err !== TOO_DEEP) throw err;
    }
    return this.max;
  }
}
