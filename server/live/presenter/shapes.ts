// Deck shapes and notes for live sessions, loaded through the DeckStore and kept in memory so a
// move is checked without touching the disk. A stale entry is served while a background
// reload (mtime-cached by the store, so cheap) picks up edits. Fragments are counted the way
// reveal.js numbers them (js/controllers/fragments.js `sort`): one step per distinct
// data-fragment-index, plus one per fragment without an index.
import { Parser } from 'htmlparser2';
import type { Logger } from 'pino';
import type { SlideNotes } from '../../../shared/protocol.ts';
import { DEFAULT_QUESTION_MODE, type QuestionMode } from '../../../shared/audience.ts';
import type { PollDefinition } from '../../../shared/polls.ts';
import type { Deck } from '../../deck/model.ts';
import type { DeckStore } from '../../decks/store.ts';
import type { DeckShape } from './navigation.ts';
import { slideNotes } from '../../render/reveal.ts';

export function countFragments(html: string): number {
  const indexed = new Set<number>();
  let unindexed = 0;
  const parser = new Parser({
    onopentag(_name, attributes) {
      const classes = (attributes.class ?? '').split(/\s+/);
      if (!classes.includes('fragment')) return;
      const index = attributes['data-fragment-index'];
      if (index === undefined) {
        unindexed++;
        return;
      }
      // reveal.js: parseInt, then ordered[index]; NaN or negative indices fall out of the order.
      const n = parseInt(index, 10);
      if (n >= 0) indexed.add(n);
    },
  });
  parser.write(html);
  parser.end();
  return indexed.size + unindexed;
}

export function deckShape(deck: Deck): DeckShape {
  const fragments: number[][] = [];
  for (const slide of deck.slides) (fragments[slide.h] ??= [])[slide.v] = countFragments(slide.html);
  // A hole (a malformed model) would make h/v checks lie: fill it with an empty slide.
  for (let h = 0; h < fragments.length; h++) {
    const stack = (fragments[h] ??= [0]);
    for (let v = 0; v < stack.length; v++) stack[v] ??= 0;
  }
  return { fragments: fragments.length ? fragments : [[0]] };
}

interface Entry {
  shape: DeckShape;
  notes: SlideNotes[];
  /** The front matter's `questions:` mode, for sessions whose presenter has not chosen one. */
  questions: QuestionMode;
  /** The deck's polls, with the slide each is on. */
  polls: Array<PollDefinition & { h: number; v: number }>;
  checkedAt: number;
}

export class DeckShapes {
  private entries = new Map<string, Entry>();
  private loading = new Map<string, Promise<Entry | undefined>>();
  /** Decks whose last reload failed: logged when that starts, not on every retry. */
  private failing = new Set<string>();

  constructor(
    private readonly decks: DeckStore,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly maxAgeMs = 2000,
  ) {
    decks.on('change', (slug) => {
      if (this.entries.has(slug)) void this.reload(slug);
    });
  }

  /** The shape now, or undefined when it was never loaded; refreshes stale entries behind. */
  peek(slug: string): DeckShape | undefined {
    const entry = this.entries.get(slug);
    if (entry && Date.now() - entry.checkedAt > this.maxAgeMs) void this.reload(slug);
    return entry?.shape;
  }

  async shape(slug: string): Promise<DeckShape | undefined> {
    return this.peek(slug) ?? (await this.reload(slug))?.shape;
  }

  async notes(slug: string): Promise<SlideNotes[]> {
    const entry = this.entries.get(slug) ?? (await this.reload(slug));
    return entry?.notes ?? [];
  }

  /** The deck's question mode (front matter `questions:`), "moderated" when the deck cannot be read. */
  async questionMode(slug: string): Promise<QuestionMode> {
    const entry = this.entries.get(slug) ?? (await this.reload(slug));
    return entry?.questions ?? DEFAULT_QUESTION_MODE;
  }

  /** The deck's polls, each with its slide. */
  async polls(slug: string): Promise<Array<PollDefinition & { h: number; v: number }>> {
    const entry = this.entries.get(slug) ?? (await this.reload(slug));
    return entry?.polls ?? [];
  }

  /** The poll on slide h/v, from memory (the hot path of a move). */
  pollAt(slug: string, h: number, v: number): PollDefinition | undefined {
    return this.entries.get(slug)?.polls.find((p) => p.h === h && p.v === v);
  }

  /** Loads once at a time per deck; a deck that fails to load keeps its last good shape. */
  private reload(slug: string): Promise<Entry | undefined> {
    let running = this.loading.get(slug);
    if (running) return running;
    running = this.decks
      .load(slug)
      .then(({ deck }) => {
        const entry: Entry = {
          shape: deckShape(deck),
          notes: slideNotes(deck),
          questions: deck.meta.questions ?? DEFAULT_QUESTION_MODE,
          polls: deck.slides.flatMap(({ h, v, poll }) => (poll ? [{ ...poll, h, v }] : [])),
          checkedAt: Date.now(),
        };
        this.entries.set(slug, entry);
        this.failing.delete(slug);
        return entry;
      })
      .catch((err: unknown) => {
        const kept = this.entries.get(slug);
        // A broken save mid-talk: sessions go on with the last good slides; the deck page shows the author why.
        if (!this.failing.has(slug)) this.logger.warn({ err, slug }, kept ? 'deck does not load; live sessions keep its last good shape' : 'deck does not load for a live session');
        this.failing.add(slug);
        if (kept) kept.checkedAt = Date.now();
        return kept;
      })
      .finally(() => this.loading.delete(slug));
    this.loading.set(slug, running);
    return running;
  }
}
