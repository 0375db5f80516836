// The presenter view: the current slide (this page's deck, the only one that sends moves), a
// preview of the next step, notes, timer and clock, follower count and the follow link. Keys and
// clicker buttons are reveal's own (→ ← Space PageUp PageDown, B and . for blackout). Works as a
// phone remote too. This file starts the decks and hands them to the controller and the views
// (presenter/).
import './theme/app.css';
import './theme/live.css';
import './theme/audience.css';
import { pageData } from './lib/data.ts';
import { $ } from './lib/dom.ts';
import { startReveal } from './lib/reveal.ts';
import { storedKey, storeKey, takeKeyFromUrl } from './lib/live-key.ts';
import { takeSeatFromUrl } from './lib/presenter-seat.ts';
import { presenterPageData } from '../shared/page-data.ts';
import { PresenterController } from './presenter/controller.ts';
import { copySlidesToPreview, PresenterDeck } from './presenter/deck-view.ts';
import { showGate, toast, wireExport, wireFollowPanel, wireGate } from './presenter/panels.ts';
import { TimerView } from './presenter/timer-view.ts';
import { startAtFromHash } from './lib/start-at.ts';
import { SlideGrid } from './presenter/grid.ts';
import { JumpKeys } from './presenter/jump.ts';
import { CountdownView } from './presenter/countdown.ts';
import { hideRemoteQrOnItsOwn } from './presenter/remote-qr.ts';
import { wirePointer } from './presenter/pointer-tools.ts';
import './theme/cockpit.css';

async function main(): Promise<void> {
  const data = pageData(presenterPageData);
  const startAt = startAtFromHash(window.location.hash);
  // The seat first: taking the key wipes the fragment both came in.
  takeSeatFromUrl(data.session);
  takeKeyFromUrl(data.session);
  copySlidesToPreview();

  const common = { embedded: true, hash: false, respondToHashChanges: false, help: false } as const;
  const [deck, preview] = await Promise.all([
    startReveal($('current'), data, 'presenter', {
      ...common,
      controls: false,
      progress: true,
      slideNumber: false,
      overview: false,
      // G and numbers are the presenter view's (presenter/jump.ts); the grid's keys are its own.
      jumpToSlide: false,
      keyboardCondition: () => !document.body.classList.contains('has-grid'),
    }),
    startReveal($('next'), data, 'preview', {
      ...common,
      controls: false,
      progress: false,
      slideNumber: false,
      keyboard: false,
      touch: false,
      overview: false,
      pause: false,
      transition: 'none',
      backgroundTransition: 'none',
      autoPlayMedia: false,
    }),
  ]);
  window.Reveal = deck;

  const view = new PresenterDeck(deck, preview, data);
  const timer = new TimerView();
  const session = new PresenterController(data.session, data.deck, view, timer);
  timer.onRequest((action) => session.timerAction(action));
  new CountdownView(deck, data.deck, data.duration, () => timer.elapsedNow());
  // Opened from a deck page on slide 12: the speaker's move there is sent once joined.
  if (startAt) deck.slide(startAt.h, startAt.v, startAt.f);

  // A jump is one move: reveal.js goes straight there, and the controller sends where it lands.
  const jump = (h: number, v: number) => deck.slide(h, v, -1);
  const grid = new SlideGrid({ deck, geometry: data, live: () => session.live(), jump });
  new JumpKeys(deck, grid, jump, toast);
  wirePointer(deck, $('current'), session);

  $('prev').addEventListener('click', () => deck.prev());
  $('next-button').addEventListener('click', () => deck.next());
  $('blackout').addEventListener('click', () => deck.togglePause());
  wireFollowPanel(data, session);
  wireExport(data);
  hideRemoteQrOnItsOwn();
  wireGate((key) => {
    storeKey(data.session, key);
    session.connect();
  });

  view.render();
  void view.drawDiagrams();
  if (storedKey(data.session)) session.connect();
  else showGate();
}

void main();
