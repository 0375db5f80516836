// Keeps a deck page and its speaker view (S) on the same slide and fragment, within this
// browser: a BroadcastChannel per deck, so nothing is sent to the server or anywhere else.
import type { RevealApi } from 'reveal.js';
import { positionSchema } from '../../shared/positions.ts';
import { samePosition, toPosition } from './live-state.ts';

/** `ask`: this page has just opened and takes the slide the others are on (the speaker view). */
export function syncDecks(deck: RevealApi, slug: string, ask = false): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(`lectern-deck:${slug}`);
  let applying = false;
  const post = () => {
    if (!applying) channel.postMessage({ type: 'at', ...toPosition(deck.getIndices()) });
  };
  for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden']) deck.on(name, post);
  channel.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data as { type?: unknown } | null;
    if (message?.type === 'hello') return post();
    if (message?.type !== 'at') return;
    // Another page of this origin, but still checked: a position, or nothing.
    const parsed = positionSchema.safeParse(message);
    if (!parsed.success || samePosition(parsed.data, toPosition(deck.getIndices()))) return;
    applying = true;
    try {
      deck.slide(parsed.data.h, parsed.data.v, parsed.data.f);
    } finally {
      applying = false;
    }
  });
  if (ask) channel.postMessage({ type: 'hello' });
}
