// Slide separators: regexes written by deck authors. The horizontal and vertical separators
// run over the whole markdown, as reveal.js's markdown plugin runs them (one regex
// `separator|verticalSeparator`, flags "mg"; a match is horizontal when the horizontal
// separator alone matches its text), so multi-line separators such as "^\n\n\n" work. The
// notes separator is matched a line at a time (notes.ts).
//
// An author's regex never runs on V8's backtracking engine, where `(a+)+$` against one line of
// 31 "a" takes seconds: it runs on RE2 (re2js, pure JavaScript), whose matching time grows
// linearly with the text whatever the pattern. RE2 has no lookaround and no backreferences;
// separators do not need them, and such a separator is refused by name. A SIMPLE separator —
// literal characters and escapes, each optionally followed by one `?`, anchors, top-level `|`
// (reveal-md's "\r?\n---\r?\n", "^---", "<!--s-->", "§§") — cannot backtrack more than a few
// steps per position, so it keeps V8's engine, ~100 times faster than re2js over a whole deck.
import { RE2JS } from 're2js';
import { LecternError } from '../../shared/errors.ts';

/** reveal-md's defaults: a line that is exactly `---` (horizontal) or `----` (vertical). */
export const DEFAULT_SEPARATOR = '\\r?\\n---\\r?\\n';
export const DEFAULT_VERTICAL_SEPARATOR = '\\r?\\n----\\r?\\n';
/**
 * reveal.js's notes separator as its source means it (`^\s*notes?:`, case-insensitive): Note:,
 * Notes:, NOTE:, indented "  Note:". reveal.js 5.1 loses the backslash in a JS string and
 * really splits on `^s*notes?:`; notes are private, so Lectern takes every spelling.
 */
export const DEFAULT_NOTES_SEPARATOR = '^\\s*notes?:';

/** Longest separator accepted; real ones are under 40 characters. */
export const MAX_SEPARATOR_LENGTH = 200;
/**
 * Largest RE2 program accepted. RE2's time is linear in the text but also grows with the
 * program (a few ns per character per instruction when its DFA gives up): real separators
 * compile to 5–35 instructions, `(?:a?){1000}a{1000}` to 3,000.
 */
export const MAX_SEPARATOR_PROGRAM = 100;
/** Most `?` in a separator kept on V8's engine: each one at most doubles the steps per position. */
const MAX_SIMPLE_OPTIONALS = 4;

/** Where a separator matched. */
export interface SeparatorMatch {
  index: number;
  end: number;
}

/** A compiled notes separator: tested against one line at a time. */
export interface LineMatcher {
  test(line: string): boolean;
  find(line: string): SeparatorMatch | null;
}

/** The horizontal and vertical separators, compiled together as reveal.js does. */
export interface SlideSeparators {
  /** The first match at or after `from` in `text`, or null. */
  next(text: string, from: number): (SeparatorMatch & { horizontal: boolean }) | null;
  /** Whether the vertical separator alone matches somewhere in `text` (false when there is none). */
  verticalMatches(text: string): boolean;
}

/**
 * Literal characters and escapes, each optionally followed by one `?`, `^`/`$` anchors and
 * top-level alternation: no groups, classes, repetition or backreferences.
 */
export function isSimplePattern(source: string): boolean {
  let optionals = 0;
  let atom = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined || /[1-9kpPuxcu]/.test(next)) return false;
      i++;
      atom = true;
    } else if (c === '?') {
      if (!atom) return false;
      optionals++;
      atom = false;
    } else if (c === '^' || c === '$' || c === '|') {
      atom = false;
    } else if ('*+{}()[]'.includes(c)) {
      return false;
    } else {
      atom = true;
    }
  }
  return optionals <= MAX_SIMPLE_OPTIONALS;
}

function refusal(key: string, line: number | undefined, file: string | undefined) {
  return (why: string) => new LecternError('front-matter', `front matter "${key}" ${why}`, { line, file });
}

/** Checks length and syntax; returns an RE2 pattern for sources that are not simple. */
function checkSource(key: string, source: string, flags: number, line: number | undefined, file?: string): RE2JS | null {
  const refuse = refusal(key, line, file);
  if (source.length > MAX_SEPARATOR_LENGTH) {
    throw refuse(`is ${source.length} characters long: separators are short patterns such as "^---$" (at most ${MAX_SEPARATOR_LENGTH} characters)`);
  }
  try {
    // Compiling only checks the syntax: nothing is matched on V8's engine here.
    new RegExp(source, 'm');
  } catch (err) {
    throw refuse(`is not a valid regular expression: ${(err as Error).message}`);
  }
  if (isSimplePattern(source)) return null;
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), flags);
  } catch (err) {
    throw refuse(
      `uses what separators cannot (${(err as Error).message.replace(/^error parsing regexp: /, '')}): separators run on a linear-time engine (RE2), without lookahead, lookbehind or backreferences`,
    );
  }
  if (re.programSize() > MAX_SEPARATOR_PROGRAM) {
    throw refuse(`is too complex (${re.programSize()} RE2 instructions, at most ${MAX_SEPARATOR_PROGRAM}): use a simple pattern such as "^---$"`);
  }
  return re;
}

interface Tester {
  test(text: string): boolean;
}

function tester(source: string, re2: RE2JS | null, v8Flags: string): Tester {
  if (re2) return { test: (text) => re2.test(text) };
  const re = new RegExp(source, v8Flags);
  return { test: (text) => re.test(text) };
}

/**
 * Compiles the horizontal and vertical separators (front matter or config). `lines` locates
 * the keys, for errors. A separator that matches an empty text or a lone line break would cut
 * the deck at every line: refused.
 */
export function compileSlideSeparators(
  horizontal: string,
  vertical: string,
  lines: { separator?: number; verticalSeparator?: number } = {},
  file?: string,
): SlideSeparators {
  const checked: Array<[string, string, number | undefined]> = [
    ['separator', horizontal, lines.separator],
    ['verticalSeparator', vertical, lines.verticalSeparator],
  ];
  let verticalTester: Tester | null = null;
  for (const [key, source, line] of checked) {
    if (!source) continue;
    const re2 = checkSource(key, source, RE2JS.MULTILINE, line, file);
    const multiline = tester(source, re2, 'm');
    if (multiline.test('') || multiline.test('\n')) throw refusal(key, line, file)('matches empty lines: it must match only the separator');
    if (key === 'verticalSeparator') verticalTester = multiline;
  }
  const verticalMatches = (text: string) => verticalTester?.test(text) ?? false;
  // The parser reads CRLF files as LF: a separator that insists on "\r\n" means a line break.
  const lf = (source: string) => source.replace(/\\r\\n/g, '\\n').replace(/\r\n/g, '\n');
  horizontal = lf(horizontal);
  vertical = lf(vertical);
  const combined = vertical ? `${horizontal}|${vertical}` : horizontal;
  // Whether the match is horizontal: reveal.js tests it with the horizontal regex alone, no flags.
  const isHorizontal = tester(horizontal, isSimplePattern(horizontal) ? null : RE2JS.compile(RE2JS.translateRegExp(horizontal), 0), '');
  if (isSimplePattern(combined)) {
    const re = new RegExp(combined, 'gm');
    return {
      next(text, from) {
        re.lastIndex = from;
        const m = re.exec(text);
        return m ? { index: m.index, end: m.index + m[0].length, horizontal: isHorizontal.test(m[0]) } : null;
      },
      verticalMatches,
    };
  }
  const re = RE2JS.compile(RE2JS.translateRegExp(combined), RE2JS.MULTILINE);
  let matcher: ReturnType<RE2JS['matcher']> | null = null;
  let input = '';
  return {
    next(text, from) {
      if (!matcher || input !== text) {
        matcher = re.matcher(text);
        input = text;
      }
      if (from > text.length || !matcher.find(from)) return null;
      const index = matcher.start();
      const end = matcher.end();
      return { index, end, horizontal: isHorizontal.test(text.slice(index, end)) };
    },
    verticalMatches,
  };
}

// The notes separator is matched against one line, so a newline at either end of its regex
// just means "at a line boundary".
const NEWLINE_TOKENS = [
  '(\\r\\n?|\\n)', '(?:\\r\\n?|\\n)', '(\\r?\\n)', '(?:\\r?\\n)', '(\\n)', '\\r?\\n', '\\r\\n', '\\n', '\r\n', '\n',
];

/** "^\r?\n---\r?\n$" -> "^---$"; other sources unchanged. */
export function lineRegexSource(source: string): string {
  let s = source;
  let start = false;
  let end = false;
  const caret = s.startsWith('^');
  if (caret) s = s.slice(1);
  for (let again = true; again; ) {
    again = false;
    for (const token of NEWLINE_TOKENS) {
      if (s.startsWith(token)) {
        s = s.slice(token.length);
        start = again = true;
      }
    }
  }
  const dollar = s.endsWith('$') && !s.endsWith('\\$');
  if (dollar) s = s.slice(0, -1);
  for (let again = true; again; ) {
    again = false;
    for (const token of NEWLINE_TOKENS) {
      if (s.endsWith(token) && !s.endsWith(`\\${token}`)) {
        s = s.slice(0, -token.length);
        end = again = true;
      }
    }
  }
  return `${caret || start ? '^' : ''}${s}${dollar || end ? '$' : ''}`;
}

/** The built-in notes separator: Lectern's own constant, so V8 runs it (it is linear). */
const BUILT_IN = new Set([DEFAULT_NOTES_SEPARATOR]);

/**
 * Compiles a separator matched one line at a time (the notes separator; `flags` "i" as
 * reveal.js's). `line` is where the key is, for the error.
 */
export function compileSeparator(key: string, source: string, flags: '' | 'i', line: number | undefined, file?: string): LineMatcher {
  const lineSource = lineRegexSource(source);
  const re2 = BUILT_IN.has(source) ? null : checkSource(key, lineSource, flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0, line, file);
  let matcher: LineMatcher;
  if (re2) {
    matcher = {
      test: (text) => re2.test(text),
      find(text) {
        const m = re2.exec(text) as RegExpExecArray | null;
        return m ? { index: m.index, end: m.index + m[0].length } : null;
      },
    };
  } else {
    const re = new RegExp(lineSource, flags);
    matcher = {
      test: (text) => re.test(text),
      find(text) {
        const m = re.exec(text);
        return m ? { index: m.index, end: m.index + m[0].length } : null;
      },
    };
  }
  if (matcher.test('')) throw refusal(key, line, file)('matches empty lines: it must match only the separator lines');
  return matcher;
}
