// A parsed deck → its DeckShape. Fragments are counted the way reveal.js numbers them
// (js/controllers/fragments.js `sort`): one step per distinct data-fragment-index, plus one per
// fragment without an index.
import { Parser } from 'htmlparser2';
import type { Deck } from '../deck/model.ts';
import type { DeckShape } from './navigation.ts';

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
