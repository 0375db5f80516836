// The talk's plan as the deck page and the presenter view read it: the talk's length (set in
// this browser for the deck, else the deck's `duration:`) and the slides' own budgets
// (`data-timing`, in seconds). The countdown and the rehearsal report read it from here.

/** Where the talk length set in this browser is kept, in whole minutes. */
export const talkMinutesKey = (deck: string) => `lectern:talk-minutes:${deck}`;

/** The talk's length in ms: set in this browser, else the deck's (in seconds), else none. */
export function talkLengthMs(deck: string, deckSeconds: number | undefined): number | undefined {
  const stored = Number(localStorage.getItem(talkMinutesKey(deck)));
  if (Number.isInteger(stored) && stored > 0) return stored * 60_000;
  return deckSeconds === undefined ? undefined : deckSeconds * 1000;
}

/** Each slide's `data-timing` in seconds, undefined where it has none (or a nonsense one). */
export function slideBudgets(slides: readonly Element[]): Array<number | undefined> {
  return slides.map((s) => {
    const n = Number(s.getAttribute('data-timing') ?? NaN);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  });
}
