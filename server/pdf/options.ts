// Export options and their text forms: `--slides 1-5,8` and `--size 1920x1080`.
import { LecternError } from '../../shared/errors.ts';
import { HANDOUT_PAPERS, type Paper, type PrintedPollResult } from '../../shared/print.ts';

export interface PageSize {
  /** CSS pixels (96 per inch), as a screen would show the slide. */
  width: number;
  height: number;
}

export interface ExportOptions {
  /** Handout sheets: the slide above, its speaker notes below. */
  notes?: boolean;
  /** Handout sheets of 2, 3 or 6 slides with ruled lines for the audience's notes (no speaker notes). */
  handout?: SlidesPerSheet;
  /** The handout's sheet: A4 unless `letter`. */
  paper?: Paper;
  /** Each fragment step its own page; by default a slide is printed fully revealed. */
  fragments?: boolean;
  /** 1-based slide numbers to print (every slide counts, vertical ones too); all when absent. */
  slides?: number[];
  /** Page size of slide pages; the deck's own slide size (1280×720 for 16:9) when absent. */
  size?: PageSize;
  /** Poll results drawn on the poll slides, by poll id (`--poll-results`, poll-results.ts). */
  pollResults?: Record<string, PrintedPollResult>;
}

export type SlidesPerSheet = 2 | 3 | 6;

/** Throws 'bad-range' when `options.slides` names a slide a deck of `total` slides does not have. */
export function checkSlides(options: ExportOptions, total: number): void {
  for (const n of options.slides ?? []) {
    if (!Number.isInteger(n) || n < 1 || n > total) throw new LecternError('bad-range', `slide ${n} is not in the deck: it has ${total} slide${total === 1 ? '' : 's'}`);
  }
}

/** `--handout notes|2up|3up|6up` as export options; throws 'usage' for anything else. */
export function parseHandout(text: string): Pick<ExportOptions, 'notes' | 'handout'> {
  if (text === 'notes') return { notes: true };
  const n = /^([236])(?:up)?$/.exec(text)?.[1];
  if (!n) throw new LecternError('usage', `--handout "${text}": pick notes (slide and speaker notes), 2up, 3up or 6up (slides with ruled lines)`);
  return { handout: Number(n) as SlidesPerSheet };
}

/** `--paper a4|letter`; throws 'usage' for anything else. */
export function parsePaper(text: string): Paper {
  const paper = text.toLowerCase();
  if (!Object.hasOwn(HANDOUT_PAPERS, paper)) throw new LecternError('usage', `--paper "${text}": pick a4 or letter`);
  return paper as Paper;
}

const MAX_SLIDE_NUMBER = 100_000;

/**
 * "1-5,8" → [1, 2, 3, 4, 5, 8] (sorted, without repeats). `total` checks the range against the
 * deck; "3-" means "3 to the end". Throws LecternError 'bad-range' with what is wrong.
 */
export function parseSlideRange(text: string, total: number): number[] {
  const picked = new Set<number>();
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new LecternError('bad-range', `--slides "${text}" is not a list of slide numbers: use e.g. 1-5,8`);
  }
  for (const part of parts) {
    const match = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(part);
    if (!match) throw new LecternError('bad-range', `--slides "${text}": "${part}" is not a slide number or range (e.g. 1-5,8)`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : match[2] === '' ? total : Number(match[2]);
    if (from < 1 || to < from || to > MAX_SLIDE_NUMBER) {
      throw new LecternError('bad-range', `--slides "${text}": "${part}" is not a range of slide numbers counted from 1`);
    }
    if (to > total) {
      throw new LecternError('bad-range', `--slides "${text}": the deck has ${total} slide${total === 1 ? '' : 's'}, so pick numbers from 1 to ${total}`);
    }
    for (let n = from; n <= to; n++) picked.add(n);
  }
  return [...picked].sort((a, b) => a - b);
}

/** "1920x1080" → { width: 1920, height: 1080 }; throws LecternError 'bad-size'. */
export function parsePageSize(text: string): PageSize {
  const match = /^\s*(\d{2,5})\s*[x×:]\s*(\d{2,5})\s*$/i.exec(text);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 100 || height < 100 || width > 10_000 || height > 10_000) {
    throw new LecternError('bad-size', `--size "${text}" is not a page size: use WIDTHxHEIGHT in pixels from 100 to 10000, e.g. 1920x1080`);
  }
  const ratio = width / height;
  if (ratio < 0.3 || ratio > 4) {
    throw new LecternError('bad-size', `--size "${text}" is too narrow or too wide for a slide: keep the sides within 1:3 and 4:1`);
  }
  return { width, height };
}

/** A stable key of everything that changes the PDF, for the server's cache and ETag. */
export function optionsKey(options: ExportOptions): string {
  const parts = [options.notes ? 'notes' : '', options.handout ? `${options.handout}up` : '', options.paper === 'letter' ? 'letter' : '', options.fragments ? 'fragments' : ''];
  if (options.slides) parts.push(`s${options.slides.join('.')}`);
  if (options.size) parts.push(`${options.size.width}x${options.size.height}`);
  return parts.filter(Boolean).join('-') || 'default';
}
