// Deck shapes and notes for live sessions, loaded through the DeckStore and kept in memory so a
// move is checked without touching the disk. A stale entry is served while a background
// reload (mtime-cached by the store, so cheap) picks up edits.
import type { DeckStore } from '../decks/store.ts';
import type { SlideNotes } from './protocol.ts';
import type { DeckShape } from './navigation.ts';
import { deckShape } from './shape.ts';

interface Entry {
  shape: DeckShape;
  notes: SlideNotes[];
  checkedAt: number;
}

export class DeckShapes {
  private entries = new Map<string, Entry>();
  private loading = new Map<string, Promise<Entry | undefined>>();

  constructor(private readonly decks: DeckStore, private readonly maxAgeMs = 2000) {
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

  /** Loads once at a time per deck; a deck that fails to load keeps its last good shape. */
  private reload(slug: string): Promise<Entry | undefined> {
    let running = this.loading.get(slug);
    if (running) return running;
    running = this.decks
      .load(slug)
      .then(({ deck }) => {
        const entry: Entry = {
          shape: deckShape(deck),
          notes: deck.slides.filter((s) => s.notes).map(({ h, v, notes }) => ({ h, v, html: notes })),
          checkedAt: Date.now(),
        };
        this.entries.set(slug, entry);
        return entry;
      })
      .catch(() => {
        const kept = this.entries.get(slug);
        if (kept) kept.checkedAt = Date.now();
        return kept;
      })
      .finally(() => this.loading.delete(slug));
    this.loading.set(slug, running);
    return running;
  }
}
