// The pure deck parser: markdown source in, Deck out (or a located LecternError).
// No fs, no DOM, no process/env: the server, the presenter view and the PDF exporter share it.
//
//   ---                      <- optional YAML front matter (first line of the file)
//   title: My talk
//   ---
//   # Slide 1
//   Note: speaker notes     <- notes: from the first "Note:" line to the next separator
//   ---                      <- next horizontal slide
//   # Slide 2
//   ----                     <- vertical slide below slide 2
//   # Slide 2.1
import { LecternError } from '../../shared/errors.ts';
import type { Deck, DeckMeta, Slide } from './model.ts';
import { readFrontMatter } from './frontmatter.ts';
import { renderMarkdown } from './markdown.ts';
import { sanitizeSlideAttributes } from './sanitize.ts';
import { splitSlides, type Separators } from './split.ts';
import { DEFAULT_NOTES_SEPARATOR, DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR, compileSeparator } from './separators.ts';
import { checkSlideSource } from './limits.ts';

export { renderMarkdown, clearRenderCache, type RenderedMarkdown } from './markdown.ts';

export const UNTITLED_DECK = 'Untitled deck';

/** Defaults for every key of DeckMeta except `title` (which falls back to the first slide). */
export const DEFAULT_META: Readonly<Pick<DeckMeta, 'theme' | 'transition' | 'aspect' | 'separator' | 'verticalSeparator' | 'notesSeparator'>> = Object.freeze({
  theme: 'lectern',
  transition: 'slide',
  aspect: '16:9',
  separator: DEFAULT_SEPARATOR,
  verticalSeparator: DEFAULT_VERTICAL_SEPARATOR,
  notesSeparator: DEFAULT_NOTES_SEPARATOR,
});

export interface ParseOptions {
  /** Shown in errors ("decks/talk.md:4: ..."). */
  file?: string;
  /** Applied under the front matter (built-in defaults < these < front matter). */
  defaults?: Partial<DeckMeta>;
  /** Called with each slide's first file line before the slide is checked and rendered. */
  onSlide?: (line: number) => void;
}

const ASPECT = /^\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/;

/**
 * Parses a deck. Throws LecternError: 'front-matter' (with the file line) for bad YAML, wrong
 * types, bad separators or aspect; 'too-complex' (with the line) for a slide nested or
 * emphasized beyond limits.ts; 'empty' when no slide has any content.
 */
export function parseDeck(source: string, options: ParseOptions = {}): Deck {
  const { file } = options;
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');

  const front = readFrontMatter(lines, file);
  const meta = buildMeta(front.data, options.defaults, front.keyLines, file);
  const separators: Separators = {
    horizontal: compileSeparator('separator', meta.separator, '', front.keyLines.separator, file),
    vertical: compileSeparator('verticalSeparator', meta.verticalSeparator, '', front.keyLines.verticalSeparator, file),
    notes: compileSeparator('notesSeparator', meta.notesSeparator, 'i', front.keyLines.notesSeparator, file),
  };

  const slides: Slide[] = [];
  let firstSlideTitle: string | null = null;
  let stack = -1;
  let h = -1;
  let v = 0;
  for (const raw of splitSlides(lines, front.bodyStart, separators)) {
    // Whitespace-only slides (e.g. a trailing "---") are dropped; indices stay dense.
    if (!raw.body.trim() && !raw.notes.trim()) continue;
    options.onSlide?.(raw.line);
    checkSlideSource(raw.body, raw.bodyLine, file);
    checkSlideSource(raw.notes, raw.notesLine, file);
    if (raw.stack !== stack) {
      stack = raw.stack;
      h++;
      v = 0;
    } else {
      v++;
    }
    const body = renderMarkdown(raw.body);
    // Attribute comments in the notes are removed but not applied: notes are not the slide.
    const notes = renderMarkdown(raw.notes);
    const derivedTitle = body.title;
    if (slides.length === 0) firstSlideTitle = derivedTitle;
    slides.push({
      h,
      v,
      title: derivedTitle ?? `Slide ${slides.length + 1}`,
      html: body.html,
      notes: [...body.asideNotes, notes.html, ...notes.asideNotes].filter(Boolean).join('\n'),
      attributes: sanitizeSlideAttributes(body.slideAttributes),
      line: raw.line,
    });
  }
  if (slides.length === 0) {
    throw new LecternError('empty', 'the deck has no slides: write some markdown (after the front matter, if any)', { file });
  }
  meta.title = nonEmpty(front.data.title) ?? nonEmpty(options.defaults?.title) ?? firstSlideTitle ?? UNTITLED_DECK;
  return { meta, slides };
}

/** The title to show for a deck: its meta title (already resolved by parseDeck). */
export function deckTitle(deck: Pick<Deck, 'meta'>): string {
  return nonEmpty(deck.meta.title) ?? UNTITLED_DECK;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function buildMeta(
  data: Record<string, unknown>,
  defaults: Partial<DeckMeta> | undefined,
  keyLines: Record<string, number>,
  file?: string,
): DeckMeta {
  const meta: DeckMeta = { ...DEFAULT_META, title: '' };
  for (const layer of [defaults ?? {}, data]) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined && key !== '__proto__') meta[key] = value;
    }
  }
  const aspect = ASPECT.exec(String(meta.aspect));
  if (!aspect || Number(aspect[1]) <= 0 || Number(aspect[2]) <= 0) {
    throw new LecternError('front-matter', `front matter "aspect" must look like "16:9", not "${String(meta.aspect)}"`, { line: keyLines.aspect, file });
  }
  meta.aspect = `${aspect[1]}:${aspect[2]}`;
  return meta;
}
