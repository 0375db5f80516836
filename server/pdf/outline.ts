// The PDF outline (bookmarks): one entry per slide, titled by its heading, the slides of a
// vertical stack nested under its first. Written by incremental.ts (or pdf-lib.ts), read back
// by pdf-lib.ts.

export interface OutlineEntry {
  title: string;
  /** 0-based page index the entry jumps to. */
  page: number;
  children: OutlineEntry[];
}

export interface PrintedSlide {
  h: number;
  v: number;
  title: string;
}

/**
 * Entries from the printed pages (`[h, v]` per page, in order): each slide's first page (with
 * fragments a slide spans several pages); slides after the first of a stack become children.
 */
export function outlineEntries(pages: Array<[number, number]>, slides: PrintedSlide[]): OutlineEntry[] {
  const titles = new Map(slides.map((s) => [`${s.h}.${s.v}`, s.title]));
  const seen = new Set<string>();
  const top: OutlineEntry[] = [];
  let stack: { h: number; entry: OutlineEntry } | undefined;
  pages.forEach(([h, v], page) => {
    const key = `${h}.${v}`;
    if (seen.has(key)) return;
    seen.add(key);
    const entry: OutlineEntry = { title: titles.get(key) || `Slide ${seen.size}`, page, children: [] };
    if (stack && stack.h === h) {
      stack.entry.children.push(entry);
    } else {
      top.push(entry);
      stack = { h, entry };
    }
  });
  return top;
}
