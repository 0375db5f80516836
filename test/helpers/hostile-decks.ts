// Decks written to stall or exhaust a parser: each entry is the file's text and what the
// server answers for it. Shared by the HTTP, parse-pool and export CLI tests.

/** Passes every check before marked, then takes marked far longer than 5 s (the "http" scan is quadratic). */
export const SLOW_DECK = `---\ntitle: Slow\n---\n\n# Slow\n\n${'http'.repeat(60_000)}\n`;

export interface HostileDeck {
  text: string;
  /** 200: parses (in bounded time); 422: refused with a message matching `message`, at `line`. */
  status: 200 | 422;
  message?: RegExp;
  line?: number;
}

function nestedList(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
}

export const HOSTILE_DECKS: Record<string, HostileDeck> = {
  // 16 s on V8's backtracking engine; RE2 matches it in linear time, so the deck just works.
  redos: { text: `---\nseparator: "(a+)+$"\n---\n# One\n${'a'.repeat(31)}!\n`, status: 200 },
  lookahead: {
    text: `---\ntitle: Lookahead\nseparator: "^(?=---)"\n---\n# One\n`,
    status: 422,
    message: /front matter "separator" uses what separators cannot/,
    line: 3,
  },
  'nested-list': { text: `# Deep\n\n${nestedList(2000)}\n`, status: 422, message: /lists and block quotes nest more than 100 levels deep/, line: 103 },
  'nested-quote': { text: `# Deep\n\n${'>'.repeat(5000)} x\n`, status: 422, message: /lists and block quotes nest more than 100 levels deep/, line: 3 },
  'nested-html': {
    text: `# Deep\n\n${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}\n`,
    status: 422,
    message: /HTML elements nest more than 100 levels deep/,
    line: 3,
  },
  emphasis: { text: `# Marks\n\n${'*a'.repeat(200_000)}\n`, status: 422, message: /more than 2000 emphasis marks/, line: 3 },
  slow: { text: SLOW_DECK, status: 422, message: /the deck took longer than 5 s to parse \(it stopped in the slide at line 5\)/, line: 5 },
};

/** 100,000 attribute comments, applied in linear time: it parses, or (on a very busy machine) meets the time limit cleanly. */
export const ELEMENT_COMMENTS_DECK = `# Comments\n\n${'x <!-- .element: class="a" -->\n'.repeat(100_000)}`;
