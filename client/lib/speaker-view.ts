// The deck page's local speaker view: S (or *Speaker view*) opens this deck in a second window
// with the notes, the next slide and a timer, as reveal.js's speaker view does, following the
// deck page slide for slide (lib/deck-sync.ts). No session, nothing sent: the notes come from
// GET /api/decks/<slug>/notes, which only the machine Lectern runs on (or the admin token) gets;
// anywhere else the view says that notes are not available here. *Go live* starts a live session
// on the slide shown.
import type { RevealApi } from 'reveal.js';
import type { DeckGeometry } from './reveal.ts';
import type { SlideNotes } from '../../shared/protocol.ts';
import { applyTimer, elapsedMs, formatElapsed } from '../../shared/timer.ts';
import type { TimerState } from '../../shared/protocol.ts';
import { toPosition } from './live-state.ts';
import { flatSlides, thumbnail } from './thumbnail.ts';
import { wirePresentLive } from './live-start.ts';
import { isRehearsalLink, wireRehearsal } from './rehearsal-view.ts';
import '../theme/speaker.css';
import { el } from './dom.ts';

export function isSpeakerView(): boolean {
  return /(^|[?&])speaker=1(&|$)/.test(window.location.search);
}

function typingInField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** S or the toolbar's button opens the speaker view on the slide shown; *Rehearse* opens it rehearsing. */
export function wireSpeakerKey(deck: RevealApi, slug: string, button: HTMLElement | null, rehearse: HTMLElement | null = null): void {
  const open = (rehearsing = false) => {
    const { h, v, f } = toPosition(deck.getIndices());
    const url = `${window.location.pathname}?speaker=1${rehearsing ? '&rehearse=1' : ''}#/${h}/${v}${f >= 0 ? `/${f}` : ''}`;
    // A blocked popup: the speaker view opens in this tab instead.
    if (!window.open(url, `lectern-speaker-${slug}`, 'popup,width=1280,height=800')) window.location.assign(url);
  };
  button?.addEventListener('click', () => open());
  rehearse?.addEventListener('click', () => open(true));
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 's' && event.key !== 'S') return;
      if (event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      event.preventDefault();
      event.stopPropagation();
      open();
    },
    true,
  );
}

const NOTES_ELSEWHERE = 'Speaker notes are not available here: Lectern gives them only to the machine it runs on, or with the admin token. The slides, the next slide and the timer work as usual.';

/** Turns this deck page into the speaker view; `deckSeconds`: the deck's talk length, for rehearsals. */
export function startSpeakerView(deck: RevealApi, slug: string, geometry: DeckGeometry, deckSeconds?: number): void {
  document.body.classList.add('speaker-view');
  document.title = `Speaker view · ${document.title}`;
  const panel = el('aside', 'spk');
  panel.id = 'lectern-speaker';
  panel.setAttribute('aria-label', 'Speaker view');
  const head = el('header', 'spk__head');
  const position = el('p', 'spk__position', '');
  position.id = 'lectern-speaker-position';
  const clock = el('time', 'spk__clock');
  head.append(el('p', 'spk__kicker', 'Speaker view · this screen only'), position, clock);
  const next = el('section', 'spk__next');
  const nextBox = el('div', 'spk__next-box');
  nextBox.id = 'lectern-speaker-next';
  next.append(el('h2', 'spk__label', 'Next'), nextBox);
  const notesSection = el('section', 'spk__notes');
  const notes = el('div', 'spk__notes-body');
  notes.id = 'lectern-speaker-notes';
  notes.tabIndex = 0;
  notesSection.append(el('h2', 'spk__label', 'Notes'), notes);
  const timerBar = el('div', 'spk__timer');
  const elapsed = el('time', 'spk__elapsed', '00:00');
  elapsed.id = 'lectern-speaker-elapsed';
  const toggle = el('button', 'spk__button', 'Pause');
  toggle.type = 'button';
  toggle.id = 'lectern-speaker-timer';
  const reset = el('button', 'spk__button', 'Reset');
  reset.type = 'button';
  const live = el('button', 'spk__button spk__button--accent', 'Go live');
  live.type = 'button';
  live.id = 'lectern-speaker-go-live';
  live.dataset.slug = slug;
  timerBar.append(elapsed, toggle, reset, live);
  panel.append(head, next, notesSection, timerBar);
  document.body.append(panel);
  const rehearsal = wireRehearsal({ deck, slug, deckSeconds, timerBar, buttons: timerBar });
  if (isRehearsalLink()) rehearsal.start();
  wirePresentLive(live, () => toPosition(deck.getIndices()));

  // The speaker's own clock, started with the view: this window's alone.
  let timer: TimerState = applyTimer({ running: false, elapsedMs: 0, at: Date.now() }, 'start');
  const tick = () => {
    elapsed.textContent = formatElapsed(elapsedMs(timer));
    toggle.textContent = timer.running ? 'Pause' : 'Resume';
    clock.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  };
  toggle.addEventListener('click', () => {
    timer = applyTimer(timer, timer.running ? 'pause' : 'start');
    tick();
  });
  reset.addEventListener('click', () => {
    timer = applyTimer(applyTimer(timer, 'reset'), 'start');
    tick();
  });
  setInterval(tick, 500);
  tick();

  let bySlide: Map<string, string> | undefined;
  let notesMessage = 'Loading the speaker notes…';
  const render = () => {
    const slides = flatSlides(deck);
    const current = deck.getCurrentSlide();
    const at = slides.findIndex((s) => s.section === current);
    position.textContent = `Slide ${at + 1} of ${slides.length}`;
    const following = slides[at + 1];
    nextBox.replaceChildren(following ? thumbnail(deck, following.section, geometry, nextBox.clientWidth || 480) : el('p', 'spk__end', 'End of the deck'));
    const { h, v } = toPosition(deck.getIndices());
    const html = bySlide?.get(`${h}.${v}`);
    // Notes are HTML the server sanitized (server/deck/sanitize.ts), from the notes route.
    if (html !== undefined) notes.innerHTML = html;
    else notes.replaceChildren(el('p', 'spk__muted', bySlide ? 'No notes for this slide.' : notesMessage));
  };
  const loadNotes = async () => {
    try {
      const res = await fetch(`/api/decks/${encodeURIComponent(slug)}/notes`, { cache: 'no-store' });
      if (res.status === 403 || res.status === 401) notesMessage = NOTES_ELSEWHERE;
      else if (!res.ok) notesMessage = `The speaker notes could not be loaded (${res.status}).`;
      else bySlide = new Map(((await res.json()) as { notes: SlideNotes[] }).notes.map((n) => [`${n.h}.${n.v}`, n.html]));
    } catch {
      notesMessage = 'The speaker notes could not be loaded: the server is not reachable.';
    }
    document.body.dataset.speakerNotes = bySlide ? 'loaded' : 'unavailable';
    render();
  };
  for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden']) deck.on(name, render);
  window.addEventListener('resize', render);
  // An edit to the deck: new slides, and new notes.
  document.addEventListener('lectern:deck-updated', () => void loadNotes());
  deck.layout();
  render();
  void loadNotes();
}
