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
import type { Deck, DeckMeta, DeckReference, DeckWarning, Slide } from './model.ts';
import { readFrontMatter } from './frontmatter.ts';
import { renderMarkdown } from './markdown.ts';
import { sanitizeSlideAttributes } from './sanitize.ts';
import { splitSlides, type RawSlide } from './split.ts';
import { compileSeparator, compileSlideSeparators } from './separators.ts';
import { checkSlideSource } from './limits.ts';
import { mergeConfigFiles, type DeckConfigFiles } from './config-files.ts';
import { buildMeta } from './settings.ts';
import { attributeFiles, loadedFiles } from './references.ts';

export { renderMarkdown, clearRenderCache, renderedSinceClear, type RenderedMarkdown } from './markdown.ts';
export { DEFAULT_META } from './settings.ts';

export const UNTITLED_DECK = 'Untitled deck';

export interface ParseOptions {
  /** Shown in errors ("decks/talk.md:4: ..."). */
  file?: string;
  /** Applied under everything else (built-in defaults < these < config files < front matter). */
  defaults?: Partial<DeckMeta>;
  /** reveal-md.json / reveal.json found for the deck, parsed (config-files.ts). */
  config?: DeckConfigFiles;
  /** Called with each slide's first file line before the slide is checked and rendered. */
  onSlide?: (line: number) => void;
}

/**
 * Parses a deck. Throws LecternError: 'front-matter' (with the file line) for bad YAML, wrong
 * types, bad separators or aspect; 'too-complex' (with the line) for a slide nested or
 * emphasized beyond limits.ts; 'empty' when no slide has any content. What does not stop the
 * deck is in `deck.warnings`.
 */
export function parseDeck(source: string, options: ParseOptions = {}): Deck {
  const { file } = options;
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');

  const front = readFrontMatter(lines, file);
  const merged = mergeConfigFiles(front.data, options.config);
  const { meta, warnings } = buildMeta(merged, options.defaults, front.keyLines, file);
  const frontLine = (key: string) => (merged.settingSource[key] === 'front matter' ? front.keyLines[key] : undefined);
  const split = splitSlides(lines, front.bodyStart, {
    slides: compileSlideSeparators(meta.separator, meta.verticalSeparator, { separator: frontLine('separator'), verticalSeparator: frontLine('verticalSeparator') }, file),
    notes: compileSeparator('notesSeparator', meta.notesSeparator, 'i', frontLine('notesSeparator'), file),
  });
  warnings.push(...split.warnings);

  const slides: Slide[] = [];
  /** Each slide's markdown, to find the line a file it loads is named on. */
  const origins: Array<Array<{ text: string; line: number }>> = [];
  const features = { math: false, mermaid: false, lineNumbers: false };
  let firstSlideTitle: string | null = null;
  let hasContent = false;
  const raws = withoutLeadingEmptySlide(split.slides);
  raws.forEach((raw, i) => {
    options.onSlide?.(raw.line);
    checkSlideSource(raw.body, raw.bodyLine, file);
    checkSlideSource(raw.notes, raw.notesLine, file);
    if (raw.body.trim() || raw.notes.trim()) hasContent = true;
    const body = renderMarkdown(raw.body);
    // Attribute comments in the notes are removed but not applied: notes are not the slide.
    const notes = renderMarkdown(raw.notes);
    for (const rendered of [body, notes]) {
      features.math ||= rendered.features.math;
      features.mermaid ||= rendered.features.mermaid;
      features.lineNumbers ||= rendered.features.lineNumbers;
      for (const problem of rendered.problems) warnings.push({ line: raw.line, message: `on the slide starting here: ${problem}` } satisfies DeckWarning);
    }
    const notesHtml = [...body.asideNotes, notes.html, ...notes.asideNotes].filter(Boolean).join('\n');
    const alone = raw.v === 0 && raws[i + 1]?.h !== raw.h;
    if (body.sections && !alone) {
      warnings.push({ line: raw.line, message: '<section> elements inside a vertical slide cannot nest further: their content stays on this slide' });
    }
    const parts = body.sections && alone ? body.sections : [{ html: body.html, attributes: [], title: body.title }];
    const [poll, ...extra] = body.polls;
    if (extra.length) warnings.push({ line: raw.line, message: 'a slide takes one poll: the first counts, the others are shown but take no answers' });
    parts.forEach((part, v) => {
      if (slides.length === 0) firstSlideTitle = part.title;
      slides.push({
        h: raw.h,
        v: body.sections && alone ? v : raw.v,
        title: part.title ?? `Slide ${slides.length + 1}`,
        html: part.html,
        notes: v === 0 ? notesHtml : '',
        // The slide's own attributes (`.slide:` comments) under each section's.
        attributes: sanitizeSlideAttributes([...body.slideAttributes, ...part.attributes]),
        line: raw.line,
        ...(poll && v === 0 && { poll }),
      });
      origins.push([{ text: raw.body, line: raw.bodyLine }, { text: raw.notes, line: raw.notesLine }]);
    });
  });
  if (!hasContent) {
    throw new LecternError('empty', 'the deck has no slides: write some markdown (after the front matter, if any)', { file });
  }
  const references: DeckReference[] = [];
  slides.forEach((slide, i) => {
    const paths = new Set([...attributeFiles(slide.attributes), ...loadedFiles(slide.html), ...loadedFiles(slide.notes)]);
    for (const path of paths) references.push({ path, line: lineNamed(path, origins[i] ?? []) ?? slide.line });
  });
  meta.title = nonEmpty(front.data.title) ?? nonEmpty(merged.settings.title) ?? nonEmpty(options.defaults?.title) ?? firstSlideTitle ?? UNTITLED_DECK;
  return { meta, slides, warnings, features, references };
}

/**
 * A separator right after the front matter ("title: T\n---\n\n---\n# A") makes an empty
 * first slide in reveal-md; nobody means one, so it is dropped (empty slides elsewhere count).
 */
function withoutLeadingEmptySlide(slides: RawSlide[]): RawSlide[] {
  const [first, ...rest] = slides;
  const next = rest[0];
  if (!first || !next || first.body.trim() || first.notes.trim()) return slides;
  const stacked = next.h === first.h;
  return rest.map((s) => (stacked ? (s.h === first.h ? { ...s, v: s.v - 1 } : s) : { ...s, h: s.h - 1 }));
}

/** The title to show for a deck: its meta title (already resolved by parseDeck). */
export function deckTitle(deck: Pick<Deck, 'meta'>): string {
  return nonEmpty(deck.meta.title) ?? UNTITLED_DECK;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** The line of the first of `sources` that names `path` as written (else undefined: the slide's line stands). */
function lineNamed(path: string, sources: ReadonlyArray<{ text: string; line: number }>): number | undefined {
  for (const { text, line } of sources) {
    const at = text.indexOf(path);
    if (at >= 0 && line > 0) return line + (text.slice(0, at).match(/\n/g)?.length ?? 0);
  }
  return undefined;
}
