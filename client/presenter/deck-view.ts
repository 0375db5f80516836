// The presenter view's two decks: the current slide (the page's deck, the only one whose moves
// are sent) and the preview of the next step (a second reveal.js instance that never sends). Shows
// where the session is — position, blackout, the next step, the notes — and moves the deck to
// a state the session sends without that counting as the speaker's own move.
import type { RevealApi } from 'reveal.js';
import type { LiveState } from '../../shared/positions.ts';
import type { SlideNotes } from '../../shared/protocol.ts';
import { $ } from '../lib/dom.ts';
import { refitSlides, replaceSlides, type DeckGeometry } from '../lib/reveal.ts';
import { drawDeckDiagrams, syncStyles, type DiagramsData } from '../lib/deck-extras.ts';
import { samePosition, toPosition } from '../lib/live-state.ts';
import type { Wanted } from '../lib/live-presenter.ts';

/** The preview's slides carry no ids: they would clash with the main deck's. */
function stripIds(slides: Element): void {
  for (const el of slides.querySelectorAll('[id]')) el.removeAttribute('id');
}

/** Gives the (empty) preview deck the same slides as the current one, before reveal.js starts. */
export function copySlidesToPreview(): void {
  const slides = $('current').querySelector('.slides')!.cloneNode(true) as HTMLElement;
  stripIds(slides);
  $('next').querySelector('.slides')!.replaceWith(slides);
}

export class PresenterDeck {
  /** The deck is moving to the session's state: reveal's events are not the speaker's. */
  private applying = false;
  private notes = new Map<string, string>();

  constructor(
    readonly deck: RevealApi,
    private readonly preview: RevealApi,
    private readonly geometry: DeckGeometry & DiagramsData,
  ) {}

  /** Draws the decks' diagrams (decks that have them), then fits their slides again. */
  async drawDiagrams(): Promise<void> {
    for (const [deck, element] of [[this.deck, $('current')], [this.preview, $('next')]] as const) {
      if ((await drawDeckDiagrams(element, this.geometry)) > 0) refitSlides(deck, element, this.geometry);
    }
  }

  /** Calls `moved` whenever the speaker moves the deck (keys, clicker, buttons), not the session. */
  onSpeakerMove(moved: () => void): void {
    const handler = () => {
      if (!this.applying) moved();
    };
    for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden', 'paused', 'resumed']) this.deck.on(name, handler);
  }

  /** Where the speaker has the deck, as a move. */
  wanted(): Wanted {
    return { ...toPosition(this.deck.getIndices()), paused: this.deck.isPaused() };
  }

  /** Moves the deck to the session's state. */
  apply(state: LiveState): void {
    this.quietly(() => {
      this.deck.slide(state.h, state.v, state.f);
      if (this.deck.isPaused() !== state.paused) this.deck.togglePause(state.paused);
    });
    this.render();
  }

  /** Notes from a presenter's join ack (sanitized HTML, by slide). */
  setNotes(notes: SlideNotes[] = []): void {
    this.notes.clear();
    for (const note of notes) this.notes.set(`${note.h}.${note.v}`, note.html);
  }

  /** The deck was edited: its styles, then new slides in both decks, on the same slide. */
  async replace(sectionsHtml: string, styles?: readonly string[]): Promise<void> {
    await syncStyles(styles);
    this.quietly(() => {
      replaceSlides(this.deck, $('current'), sectionsHtml, this.geometry);
      replaceSlides(this.preview, $('next'), sectionsHtml, this.geometry);
      stripIds($('next').querySelector('.slides')!);
    });
    this.render();
    await this.drawDiagrams();
  }

  render(): void {
    const { deck, preview } = this;
    const { h, v, f } = toPosition(deck.getIndices());
    const slide = deck.getCurrentSlide();
    const n = slide ? deck.getSlides().indexOf(slide) + 1 : h + 1;
    $('position').textContent = `Slide ${n} of ${deck.getTotalSlides()}`;
    const paused = deck.isPaused();
    $('blackout-tag').hidden = !paused;
    $('blackout').setAttribute('aria-pressed', String(paused));
    $('blackout').textContent = paused ? 'Resume' : 'Blackout';
    document.body.classList.toggle('is-blackout', paused);
    // Preview: the same place, one step on, exactly as reveal.js steps.
    preview.slide(h, v, f);
    preview.next();
    $('next-end').hidden = !samePosition(toPosition(preview.getIndices()), { h, v, f });
    const text = this.notes.get(`${h}.${v}`);
    // Notes are HTML the server sanitized (server/deck/sanitize.ts), sent in the presenter's join ack.
    $('notes').innerHTML = text ?? '<p class="pv-muted">No notes for this slide.</p>';
  }

  private quietly(change: () => void): void {
    this.applying = true;
    try {
      change();
    } finally {
      this.applying = false;
    }
  }
}
