// Slide separators from front matter: regexes written by deck authors, matched against single
// lines. An author's regex never runs on V8's backtracking engine, where `(a+)+$` against one
// line of 31 "a" takes seconds: it runs on RE2 (re2js, pure JavaScript), whose matching time
// grows linearly with the line whatever the pattern. RE2 has no lookaround and no
// backreferences; separators do not need them, and such a separator is refused by name.
// A separator that is plain text, at most anchored (Lectern's defaults "^---$", "^----$",
// "^note:", and "<!--s-->"), cannot backtrack, so it keeps V8's faster engine.
import { RE2JS } from 're2js';
import { LecternError } from '../../shared/errors.ts';

export const DEFAULT_SEPARATOR = '^---$';
export const DEFAULT_VERTICAL_SEPARATOR = '^----$';
export const DEFAULT_NOTES_SEPARATOR = '^note:';

/** Longest separator accepted; real ones are under 40 characters. */
export const MAX_SEPARATOR_LENGTH = 200;
/**
 * Largest RE2 program accepted. RE2's time is linear in the line but also grows with the
 * program (a few ns per character per instruction when its DFA gives up): real separators
 * compile to 5–35 instructions, `(?:a?){1000}a{1000}` to 3,000.
 */
export const MAX_SEPARATOR_PROGRAM = 100;

/** Where a separator matched in a line. */
export interface SeparatorMatch {
  index: number;
  end: number;
}

/** A compiled separator: tested against one line at a time. */
export interface LineMatcher {
  test(line: string): boolean;
  find(line: string): SeparatorMatch | null;
}

// reveal.js / reveal-md separators match across newlines ("^\r?\n---\r?\n$"); ours match one
// line, so a newline at either end of a separator regex just means "at a line boundary".
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

/** Plain text, optionally anchored ("^---$", "^note:", "<!--s-->"): nothing in it can backtrack. */
const LITERAL = /^\^?[^\\^$.|?*+()[\]{}]*\$?$/;

function v8Matcher(regex: RegExp): LineMatcher {
  return {
    test: (line) => regex.test(line),
    find(line) {
      const m = regex.exec(line);
      return m ? { index: m.index, end: m.index + m[0].length } : null;
    },
  };
}

function re2Matcher(re: RE2JS): LineMatcher {
  return {
    test: (line) => re.test(line),
    find(line) {
      const m = re.exec(line) as RegExpExecArray | null;
      return m ? { index: m.index, end: m.index + m[0].length } : null;
    },
  };
}

/**
 * Compiles a separator regex from front matter: `flags` is "" or "i" (case-insensitive, as
 * reveal.js's notes separator). `line` is where the key is, for the error.
 */
export function compileSeparator(key: string, source: string, flags: '' | 'i', line: number | undefined, file?: string): LineMatcher {
  const refuse = (why: string) => new LecternError('front-matter', `front matter "${key}" ${why}`, { line, file });
  if (source.length > MAX_SEPARATOR_LENGTH) {
    throw refuse(`is ${source.length} characters long: separators are short patterns such as "^---$" (at most ${MAX_SEPARATOR_LENGTH} characters)`);
  }
  const lineSource = lineRegexSource(source);
  try {
    // Compiling only checks the syntax: nothing is matched on V8's engine here.
    new RegExp(lineSource, flags);
  } catch (err) {
    throw refuse(`is not a valid regular expression: ${(err as Error).message}`);
  }
  let matcher: LineMatcher;
  if (LITERAL.test(lineSource)) {
    matcher = v8Matcher(new RegExp(lineSource, flags));
  } else {
    let re: RE2JS;
    try {
      re = RE2JS.compile(RE2JS.translateRegExp(lineSource), flags === 'i' ? RE2JS.CASE_INSENSITIVE : 0);
    } catch (err) {
      throw refuse(
        `uses what separators cannot (${(err as Error).message.replace(/^error parsing regexp: /, '')}): separators run on a linear-time engine (RE2), without lookahead, lookbehind or backreferences`,
      );
    }
    if (re.programSize() > MAX_SEPARATOR_PROGRAM) {
      throw refuse(`is too complex (${re.programSize()} RE2 instructions, at most ${MAX_SEPARATOR_PROGRAM}): use a simple pattern such as "^---$"`);
    }
    matcher = re2Matcher(re);
  }
  if (matcher.test('')) {
    throw refuse('matches empty lines: it must match only the separator lines');
  }
  return matcher;
}
