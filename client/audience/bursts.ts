// Reactions as a light, brief animation: each batch floats a few glyphs up one edge of a layer
// over the slide and fades them within about two seconds. However many taps a batch holds, at
// most a handful of glyphs per reaction are drawn: the room's mood, not a count. Nothing here
// runs with reduced motion. The projector's off switch is shared by the presenter view and the
// audience window through localStorage (same origin, same browser).
import { REACTION_LABELS, REACTIONS, type ReactionCounts } from '../../shared/audience.ts';

const OFF_KEY = 'lectern:screen-reactions';
const MAX_PER_REACTION = 4;

export function screenReactionsOn(): boolean {
  try {
    return localStorage.getItem(OFF_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setScreenReactions(on: boolean): void {
  try {
    localStorage.setItem(OFF_KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused: the switch holds for this page only.
  }
}

export function burst(layer: HTMLElement, counts: ReactionCounts): void {
  if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  for (const reaction of REACTIONS) {
    const n = Math.min(MAX_PER_REACTION, counts[reaction] ?? 0);
    for (let i = 0; i < n; i++) {
      const glyph = document.createElement('span');
      glyph.className = reaction === 'slower' ? 'aud-burst aud-burst--words' : 'aud-burst';
      glyph.textContent = REACTION_LABELS[reaction].glyph;
      glyph.style.setProperty('--x', `${Math.round(Math.random() * (reaction === 'slower' ? 15 : 70))}%`);
      glyph.style.setProperty('--delay', `${Math.round(i * 140 + Math.random() * 120)}ms`);
      glyph.addEventListener('animationend', () => glyph.remove());
      layer.append(glyph);
    }
  }
  // A tab in the background runs no animations: never let glyphs pile up there.
  while (layer.childElementCount > 40) layer.firstElementChild?.remove();
}
