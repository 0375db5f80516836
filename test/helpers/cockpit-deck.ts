// The deck the cockpit and speaker-view browser tests present.

/** Fourteen slides, a 30-minute talk; the twelfth has two fragments, the first three a one-minute budget, the last a dark background. */
export const COCKPIT = `---
title: Cockpit talk
duration: 30m
---

${Array.from({ length: 14 }, (_, i) =>
  i === 11
    ? `## Slide 12\n\n- One <!-- .element: class="fragment" -->\n- Two <!-- .element: class="fragment" -->\n\nNote: notes of twelve`
    : `${i < 3 ? '<!-- .slide: data-timing="60" -->\n' : i === 13 ? '<!-- .slide: data-background-color="#14213d" -->\n' : ''}## Slide ${i + 1}\n\nText of slide ${i + 1}.\n\nNote: notes of ${i + 1}`,
).join('\n\n---\n\n')}
`;
