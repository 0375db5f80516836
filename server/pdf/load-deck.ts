// The CLI's deck loading. Parsing runs on the shared parse pool's worker (server/deck/
// parse-pool.ts), with the server's time and memory limits, so it overlaps the browser's and
// puppeteer's start-up; a deck over a limit is a DeckError like any other.
import type { LoadedDeck } from '../decks/store.ts';

export type DeckRequest = { kind: 'file'; file: string; display: string } | { kind: 'slug'; decksDir: string; slug: string };

/** Starts loading at once; the promise settles with the deck or its DeckError. */
export async function loadDeck(request: DeckRequest): Promise<LoadedDeck> {
  if (request.kind === 'file') return (await import('../decks/load.ts')).loadDeckFile(request.file, request.display);
  const { DeckStore } = await import('../decks/store.ts');
  return new DeckStore(request.decksDir).load(request.slug);
}
