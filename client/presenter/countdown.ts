// The presenter view's countdown: the talk's length (the deck's `duration:`, or set here and
// kept in this browser for the deck) against the session's clock, which Pause stops for
// questions. The colour changes as the end nears (shared/countdown.ts). With per-slide budgets
// (`data-timing` on slides) it also says whether the speaker is ahead or behind.
import type { RevealApi } from 'reveal.js';
import { countdown, pace } from '../../shared/countdown.ts';
import { formatElapsed } from '../../shared/timer.ts';
import { $, el } from '../lib/dom.ts';
import { slideBudgets, talkLengthMs, talkMinutesKey as storageKey } from '../lib/talk-plan.ts';

/** "12:34", or "+01:05" past the end. */
function formatRemaining(ms: number): string {
  return ms >= 0 ? formatElapsed(Math.ceil(ms / 1000) * 1000) : `+${formatElapsed(-ms)}`;
}

export class CountdownView {
  private readonly box = el('div', 'pv-countdown');
  private readonly value = el('time', 'pv-countdown__value');
  private readonly caption = el('span', 'pv-countdown__caption');
  private readonly bar = el('span', 'pv-countdown__bar');
  private readonly paceLine = el('p', 'pv-countdown__pace');
  private readonly input = el('input', 'pv-talk__input');

  constructor(
    private readonly deck: RevealApi,
    private readonly deckSlug: string,
    /** The deck's own talk length in seconds, if it sets one. */
    private readonly deckSeconds: number | undefined,
    private readonly elapsed: () => number,
  ) {
    this.box.id = 'lectern-countdown';
    this.value.id = 'lectern-remaining';
    this.paceLine.id = 'lectern-pace';
    const track = el('span', 'pv-countdown__track');
    track.setAttribute('aria-hidden', 'true');
    track.append(this.bar);
    const line = el('p', 'pv-countdown__line');
    line.append(this.value, this.caption);
    this.box.append(line, track, this.paceLine);

    const label = el('label', 'pv-talk');
    this.input.id = 'lectern-talk-length';
    this.input.type = 'number';
    this.input.inputMode = 'numeric';
    this.input.min = '1';
    this.input.max = '1440';
    this.input.placeholder = '–';
    label.append('Talk length ', this.input, ' min');
    this.input.value = this.minutes() === undefined ? '' : String(this.minutes());
    this.input.addEventListener('change', () => this.setMinutes(this.input.value));

    const section = $('elapsed').closest('section')!;
    section.querySelector('.pv-timer__value')!.after(this.box);
    section.append(label);
    setInterval(() => this.render(), 500);
    deck.on('slidechanged', () => this.render());
    this.render();
  }

  /** The talk's length in whole minutes, as the field shows it. */
  private minutes(): number | undefined {
    const ms = this.talkMs();
    return ms === undefined ? undefined : Math.round(ms / 60_000);
  }

  /** The talk's length: set in this browser, else the deck's, else none. */
  private talkMs(): number | undefined {
    return talkLengthMs(this.deckSlug, this.deckSeconds);
  }

  private setMinutes(text: string): void {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < 1 || n > 1440) localStorage.removeItem(storageKey(this.deckSlug));
    else localStorage.setItem(storageKey(this.deckSlug), String(n));
    this.input.value = this.minutes() === undefined ? '' : String(this.minutes());
    this.render();
  }

  render(): void {
    const talkMs = this.talkMs();
    this.box.hidden = talkMs === undefined;
    if (talkMs === undefined) return;
    const elapsed = this.elapsed();
    const state = countdown(talkMs, elapsed);
    this.box.dataset.phase = state.phase;
    this.value.textContent = formatRemaining(state.remainingMs);
    this.caption.textContent = state.phase === 'over' ? `over the ${Math.round(talkMs / 60_000)} min` : `left of ${Math.round(talkMs / 60_000)} min`;
    this.bar.style.width = `${(state.used * 100).toFixed(2)}%`;
    this.renderPace(talkMs, elapsed);
  }

  /** Ahead or behind, only for decks with per-slide budgets. */
  private renderPace(talkMs: number, elapsed: number): void {
    const slides = this.deck.getSlides();
    const budgets = slideBudgets(slides);
    const current = this.deck.getCurrentSlide();
    this.paceLine.hidden = budgets.every((b) => b === undefined) || !current;
    if (this.paceLine.hidden || !current) return;
    const ms = pace(budgets, talkMs, slides.indexOf(current), elapsed);
    this.paceLine.dataset.pace = ms > 0 ? 'ahead' : ms < 0 ? 'behind' : 'on';
    this.paceLine.textContent = ms === 0 ? 'On pace' : `${formatElapsed(Math.abs(ms))} ${ms > 0 ? 'ahead' : 'behind'}`;
  }
}
