// The presenter view (issue #3): the current slide (this page's deck, the only one that sends
// moves), a preview of the next step (a second reveal.js instance that never sends), notes,
// timer and clock, follower count and the follow link. Keys and clicker buttons are reveal's
// own (→ ← Space PageUp PageDown, B and . for blackout). Works as a phone remote too.
import './theme/app.css';
import './theme/live.css';
import QRCode from 'qrcode';
import { pageData } from './lib/data.ts';
import { replaceSlides, startReveal, type RevealApi } from './lib/reveal.ts';
import { samePosition, toPosition } from './lib/live-state.ts';
import { PresenterSync, type Wanted } from './lib/live-presenter.ts';
import { joinLive, renderStatus } from './lib/live-session.ts';
import { forgetKey, presenterUrlWithKey, storedKey, storeKey, takeKeyFromUrl } from './lib/live-key.ts';
import type { LecternSocket } from './lib/socket.ts';
import { presenterPageData } from '../shared/page-data.ts';
import type { LiveState, TimerState } from '../server/live/protocol.ts';
import { elapsedMs, formatElapsed } from '../server/live/timer.ts';

declare global {
  interface Window {
    /** The page's reveal.js instance, for browser tests and third-party plugins. */
    Reveal: RevealApi;
  }
}

/** The page's own elements: their ids are in the namespace authors cannot use (server/http/pages.ts). */
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(`lectern-${id}`) as T;

function toast(message: string): void {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(Number(el.dataset.timer));
  el.dataset.timer = String(window.setTimeout(() => (el.hidden = true), 3500));
}

/** The preview's slides carry no ids: they would clash with the main deck's. */
function stripIds(slides: Element): void {
  for (const el of slides.querySelectorAll('[id]')) el.removeAttribute('id');
}

/** The same slides for the preview. */
function cloneSlides(from: HTMLElement, to: HTMLElement): void {
  const slides = from.querySelector('.slides')!.cloneNode(true) as HTMLElement;
  stripIds(slides);
  to.querySelector('.slides')!.replaceWith(slides);
}

async function main(): Promise<void> {
  const data = pageData(presenterPageData);
  takeKeyFromUrl(data.session);
  cloneSlides($('current'), $('next'));

  const common = { embedded: true, hash: false, respondToHashChanges: false, help: false } as const;
  const [deck, preview] = await Promise.all([
    startReveal($('current'), data, { ...common, controls: false, progress: true, slideNumber: false, overview: false }),
    startReveal($('next'), data, {
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

  const notes = new Map<string, string>();
  const sync = new PresenterSync();
  let timer: TimerState | undefined;
  let joined = false;
  let movedOffline = false;
  let applying = false;
  let retry: number | undefined;
  let socket: LecternSocket | undefined;

  const wanted = (): Wanted => ({ ...toPosition(deck.getIndices()), paused: deck.isPaused() });

  // ---------------------------------------------------------------- what the page shows

  const renderPosition = () => {
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
    const after = toPosition(preview.getIndices());
    $('next-end').hidden = !samePosition(after, { h, v, f });
    const text = notes.get(`${h}.${v}`);
    // Notes are HTML the server sanitized (server/deck/sanitize.ts), sent in the presenter's join ack.
    $('notes').innerHTML = text ?? '<p class="pv-muted">No notes for this slide.</p>';
  };

  const apply = (state: LiveState) => {
    applying = true;
    try {
      deck.slide(state.h, state.v, state.f);
      if (deck.isPaused() !== state.paused) deck.togglePause(state.paused);
    } finally {
      applying = false;
    }
    renderPosition();
  };

  const reconcile = () => {
    const target = sync.target(wanted());
    if (target) apply(target);
  };

  // ---------------------------------------------------------------- sending moves

  const send = () => {
    renderPosition();
    if (applying) return;
    if (!joined || !socket) {
      // Keep this slide until we have joined again and sent it: a `session:state` that arrives
      // first (the store's re-publish after a Redis outage) must not throw the presenter back.
      movedOffline = true;
      sync.retrying = true;
      return;
    }
    const move = sync.local(wanted());
    if (!move) return;
    socket.emit('presenter:navigate', move, (res) => {
      sync.answered(res.ok ? res.state : undefined);
      if (!res.ok && res.error === 'store-unavailable') {
        // The server's session store (Redis) is away: keep the local slide and send it once the
        // server says the store is back and we have joined again (issue #5).
        sync.retrying = true;
        movedOffline = true;
        joined = false;
        renderStatus($('status'), $('status-text'), 'degraded');
        return;
      }
      if (!res.ok && res.error === 'rate-limited') {
        // A stuck clicker: keep the local slide and send where we are once the bucket refills.
        sync.retrying = true;
        clearTimeout(retry);
        retry = window.setTimeout(() => {
          sync.retrying = false;
          send();
          reconcile();
        }, 400);
        toast('Slow down: moves are being rate-limited.');
      } else if (!res.ok) toast(`Move refused: ${res.error}`);
      reconcile();
    });
  };
  for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden', 'paused', 'resumed']) deck.on(name, send);

  $('prev').addEventListener('click', () => deck.prev());
  $('next-button').addEventListener('click', () => deck.next());
  $('blackout').addEventListener('click', () => deck.togglePause());

  // ---------------------------------------------------------------- timer and clock

  const renderTimer = () => {
    $('elapsed').textContent = formatElapsed(timer ? elapsedMs(timer) : 0);
    $('timer-toggle').textContent = timer?.running ? 'Pause' : timer && timer.elapsedMs > 0 ? 'Resume' : 'Start';
  };
  const renderClock = () => {
    $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  };
  setInterval(() => {
    renderTimer();
    renderClock();
  }, 500);
  renderClock();
  const timerAction = (action: 'start' | 'pause' | 'reset') =>
    socket?.emit('presenter:timer', { action }, (res) => {
      if (res.ok) timer = res.timer;
      renderTimer();
    });
  $('timer-toggle').addEventListener('click', () => timerAction(timer?.running ? 'pause' : 'start'));
  $('timer-reset').addEventListener('click', () => timerAction('reset'));

  // ---------------------------------------------------------------- follow link, remote

  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(data.followUrl);
      toast('Follow link copied.');
    } catch {
      toast(data.followUrl);
    }
  });
  $('open-audience').addEventListener('click', () => window.open(`/live/${data.session}`, 'lectern-audience', 'popup'));
  $('remote').addEventListener('toggle', async () => {
    const key = storedKey(data.session);
    if (!($('remote') as HTMLDetailsElement).open || !key) return;
    const svg = await QRCode.toString(presenterUrlWithKey(data.session, key), { type: 'svg', margin: 1, color: { dark: '#14213d', light: '#ffffff' } });
    // The qrcode library's own SVG markup (paths and a viewBox), drawn from this page's URL.
    $('remote-qr').innerHTML = svg;
  });

  // After the talk: end the session for everyone (followers see "This session has ended").
  $('end-session').addEventListener('click', () => {
    if (!socket || !joined) return toast('Not connected: the session cannot be ended right now.');
    if (!window.confirm('End this session for everyone? Followers will see that it has ended, and the link stops working.')) return;
    socket.emit('presenter:end', {}, (res) => {
      if (!res.ok) toast(`Could not end the session: ${res.error}`);
    });
  });

  const showEnded = () => {
    socket?.close();
    forgetKey(data.session);
    $('status').dataset.state = 'ended';
    $('status-text').textContent = 'Ended';
    gate();
    const card = $('gate-form');
    const title = document.createElement('h2');
    title.textContent = 'Session ended';
    const text = document.createElement('p');
    text.textContent = 'Followers see that it has ended; the follow link and the presenter key no longer work.';
    const back = document.createElement('a');
    back.className = 'pv-button';
    back.href = `/decks/${encodeURIComponent(data.deck)}`;
    back.textContent = 'Back to the deck';
    card.replaceChildren(title, text, back);
    back.focus();
  };

  // ---------------------------------------------------------------- the session

  const gate = (message?: string) => {
    $('gate').hidden = false;
    if (message) $('gate-message').textContent = message;
    $('gate-key').focus();
  };

  const connect = () => {
    socket?.close();
    socket = joinLive(data.session, () => storedKey(data.session), {
      status: (status) => {
        if (status !== 'live') joined = false;
        renderStatus($('status'), $('status-text'), status);
      },
      joined: (result) => {
        if (result.role !== 'presenter') return;
        $('gate').hidden = true;
        notes.clear();
        for (const note of result.notes ?? []) notes.set(`${note.h}.${note.v}`, note.html);
        timer = result.timer;
        $('followers').textContent = String(result.followers);
        // The snapshot always wins over what we had: the server may have restarted. A move of
        // ours still unanswered (a re-join after a store outage races it) is sent again instead.
        const pending = sync.pending;
        sync.snapshot(result.state);
        sync.retrying = false;
        joined = true;
        document.body.dataset.joined = 'presenter';
        if (movedOffline || pending) {
          movedOffline = false;
          send();
        } else apply(result.state);
        renderTimer();
      },
      refused: (error) => {
        if (error === 'bad-key') {
          forgetKey(data.session);
          socket?.close();
          gate('That key does not match this session. Paste the presenter key again.');
        } else if (error === 'unknown-session') {
          socket?.close();
          gate('This session no longer exists: start a new one from the deck page.');
        } else toast(`Could not join: ${error}`);
      },
      state: (state) => {
        sync.accept(state);
        reconcile();
      },
      presence: (followers) => {
        $('followers').textContent = String(followers);
      },
      timer: (next) => {
        timer = next;
        renderTimer();
      },
      ended: showEnded,
      // The deck was edited: new slides in both views (the re-join that follows brings the notes).
      deckUpdated: (update) => {
        applying = true;
        try {
          replaceSlides(deck, $('current'), update.sectionsHtml, data);
          replaceSlides(preview, $('next'), update.sectionsHtml, data);
          stripIds($('next').querySelector('.slides')!);
        } finally {
          applying = false;
        }
        renderPosition();
      },
    }, data.deck);
  };

  $('gate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('gate-key');
    storeKey(data.session, input.value.trim());
    input.value = '';
    connect();
  });

  renderPosition();
  renderTimer();
  if (storedKey(data.session)) connect();
  else gate();
}

void main();
