// The presenter view and the follower page. Both are public HTML with the public slides: the
// presenter key lives in the URL fragment (never sent to the server), and speaker notes reach
// the presenter view only in the `session:join` ack, after the key was checked.
import type { LoadedDeck } from '../decks/load.ts';
import { revealMarkup } from '../render/reveal.ts';
import { deckView } from '../render/page-data.ts';
import { escapeHtml } from '../render/html.ts';
import { deckAssetBase, layout } from '../http/pages.ts';
import { deckStyles, diagramsSrc } from '../http/assets.ts';
import type { FollowerPageData, PresenterPageData } from '../../shared/page-data.ts';
import type { LiveState } from '../../shared/positions.ts';

type LivePageBase = Omit<PresenterPageData, 'followUrl'>;

// The mark is drawn, not the ▤ character: no bundled font has that glyph, and looking one up in
// the system's fonts (a round trip to the browser's font service per family in the fallback
// list) is a measurable part of the follower page's first layout.
const brandMark = `<svg viewBox="0 0 16 16" width="16" height="16" focusable="false"><g fill="none" stroke="currentColor" stroke-width="1"><rect x="2" y="2" width="12" height="12"/><path d="M2 3.71h12M2 5.43h12M2 7.14h12M2 8.86h12M2 10.57h12M2 12.29h12"/></g></svg>`;
const brand = `<a class="live-brand" href="/" aria-label="Lectern: all decks"><span class="brand__mark" aria-hidden="true">${brandMark}</span></a>`;

function base(loaded: LoadedDeck, session: string): LivePageBase {
  return { session, deck: loaded.slug, ...deckView(loaded.deck, { diagramsSrc: diagramsSrc() }) };
}

export function presenterPage(loaded: LoadedDeck, session: string, followUrl: string, qrSvg: string): string {
  const { duration } = loaded.deck.meta;
  const data: PresenterPageData = { ...base(loaded, session), followUrl, ...(duration === undefined ? {} : { duration }) };
  const title = escapeHtml(loaded.deck.meta.title);
  const body = `<div class="pv" id="lectern-app">
<header class="pv-bar">
  ${brand}
  <div class="pv-bar__title"><p class="pv-kicker"><span class="pv-wide">Presenter view · </span><span class="pv-code">${session}</span></p><h1>${title}</h1></div>
  <p class="live-status" id="lectern-status" data-state="connecting" role="status"><span class="live-status__dot" aria-hidden="true"></span><span id="lectern-status-text">Connecting…</span></p>
  <p class="pv-followers" title="People following live"><span class="pv-followers__n" id="lectern-followers">0</span> <span id="lectern-followers-label">following</span></p>
  <p class="pv-clock" aria-label="Time of day"><time id="lectern-clock">--:--</time></p>
</header>
<main class="pv-main">
  <section class="pv-current" aria-labelledby="lectern-now-label">
    <h2 class="pv-label" id="lectern-now-label">Now <span class="pv-position" id="lectern-position">Slide 1</span><span class="pv-blackout-tag" id="lectern-blackout-tag" hidden>Blackout on</span></h2>
    <div class="pv-frame">${revealMarkup(loaded.deck, { id: 'lectern-current', label: 'Current slide', assetBase: deckAssetBase(loaded) })}</div>
  </section>
  <section class="pv-next" aria-labelledby="lectern-next-label">
    <h2 class="pv-label" id="lectern-next-label">Next</h2>
    <div class="pv-frame pv-frame--next" aria-hidden="true" inert>
      ${revealMarkup(undefined, { id: 'lectern-next', theme: loaded.deck.meta.theme })}
      <p class="pv-end" id="lectern-next-end" hidden>End of the deck</p>
    </div>
  </section>
  <section class="pv-notes" aria-labelledby="lectern-notes-label">
    <h2 class="pv-label" id="lectern-notes-label">Notes</h2>
    <div class="pv-notes__body" id="lectern-notes" tabindex="0"><p class="pv-muted">Speaker notes appear here once the key is checked.</p></div>
  </section>
  <section class="pv-timer" aria-labelledby="lectern-timer-label">
    <h2 class="pv-label" id="lectern-timer-label">Elapsed</h2>
    <p class="pv-timer__value"><time id="lectern-elapsed">00:00</time></p>
    <div class="pv-timer__buttons">
      <button type="button" class="pv-button" id="lectern-timer-toggle">Start</button>
      <button type="button" class="pv-button pv-button--quiet" id="lectern-timer-reset">Reset</button>
    </div>
  </section>
  <section class="pv-follow" aria-labelledby="lectern-follow-label">
    <h2 class="pv-label" id="lectern-follow-label">Follow along</h2>
    <div class="pv-follow__qr" role="img" aria-label="QR code of the follow link">${qrSvg}</div>
    <div class="pv-follow__text">
      <p class="pv-follow__url"><a id="lectern-follow-link" href="${escapeHtml(followUrl)}" target="_blank" rel="noopener">${escapeHtml(followUrl.replace(/^https?:\/\//, ''))}</a></p>
      <p class="pv-follow__code">or open <strong>/live</strong> and type <strong class="pv-code">${session}</strong></p>
      <p class="pv-follow__actions">
        <button type="button" class="pv-button pv-button--quiet" id="lectern-copy-link">Copy link</button>
        <button type="button" class="pv-button pv-button--quiet" id="lectern-open-audience">Audience window</button>
        <button type="button" class="pv-button pv-button--quiet" id="lectern-end-session">End session</button>
      </p>
      <details class="pv-remote" id="lectern-remote">
        <summary>Use a phone as a remote</summary>
        <p>Scan with your phone: it gets the presenter key. Keep this off the projector.</p>
        <div class="pv-remote__qr" id="lectern-remote-qr"></div>
      </details>
    </div>
  </section>
</main>
<nav class="pv-controls" aria-label="Slide controls">
  <button type="button" class="pv-button pv-button--big" id="lectern-prev" aria-keyshortcuts="ArrowLeft PageUp"><span aria-hidden="true">◀</span> <span>Prev<span class="pv-wide">ious</span></span></button>
  <button type="button" class="pv-button pv-button--big pv-button--quiet" id="lectern-blackout" aria-pressed="false" aria-keyshortcuts="B">Blackout</button>
  <button type="button" class="pv-button pv-button--big pv-button--accent" id="lectern-next-button" aria-keyshortcuts="ArrowRight PageDown Space">Next <span aria-hidden="true">▶</span></button>
</nav>
<div class="pv-toast" id="lectern-toast" role="alert" hidden></div>
<div class="pv-gate" id="lectern-gate" hidden>
  <form class="pv-gate__card" id="lectern-gate-form">
    <h2>Presenter key</h2>
    <p id="lectern-gate-message">This view drives the live session <strong class="pv-code">${session}</strong>. Paste the presenter key you got when you started it.</p>
    <label class="pv-gate__field"><span>Key</span><input type="password" id="lectern-gate-key" name="key" autocomplete="off" required minlength="16" maxlength="128"></label>
    <p class="pv-gate__actions"><button type="submit" class="pv-button pv-button--accent">Present</button> <a class="pv-button pv-button--quiet" href="/live/${session}">Follow instead</a></p>
  </form>
</div>
</div>`;
  return layout({ title: `Presenting · ${loaded.deck.meta.title}`, bundle: 'presenter', slides: true, body, data, bodyClass: 'page-live page-presenter', styles: deckStyles(loaded) });
}

export function followerPage(loaded: LoadedDeck, session: string, state: LiveState): string {
  const pdfUrl = `/decks/${encodeURIComponent(loaded.slug)}.pdf`;
  const data: FollowerPageData = { ...base(loaded, session), state, pdfUrl };
  const title = escapeHtml(loaded.deck.meta.title);
  const body = `<div class="live" id="lectern-app">
<header class="live-bar">
  ${brand}
  <div class="live-bar__title"><h1>${title}</h1><p class="live-kicker">Live · <span class="pv-code">${session}</span></p></div>
  <p class="live-status" id="lectern-status" data-state="connecting" role="status"><span class="live-status__dot" aria-hidden="true"></span><span id="lectern-status-text">Connecting…</span></p>
</header>
<main class="live-stage" id="lectern-stage" tabindex="-1">
  ${revealMarkup(loaded.deck, { id: 'lectern-deck', label: 'Slides', assetBase: deckAssetBase(loaded) })}
  <div class="live-cover" id="lectern-paused" hidden><div><p class="live-cover__title">Paused</p><p>The speaker will be right back.</p></div></div>
  <div class="live-cover" id="lectern-ended" hidden><div><p class="live-cover__title">This session has ended</p><p><a href="/decks/${encodeURIComponent(loaded.slug)}">Browse the deck</a></p></div></div>
</main>
<footer class="live-foot">
  <a class="live-pill live-pill--quiet" href="${pdfUrl}" download>Download PDF</a>
  <button type="button" class="live-pill live-pill--accent" id="lectern-back-to-live" hidden>Back to live</button>
</footer>
</div>`;
  return layout({ title: `${loaded.deck.meta.title} · live`, bundle: 'follow', slides: true, body, data, bodyClass: 'page-live page-follow', styles: deckStyles(loaded) });
}

/** /live without an id: type the code from the slide. Styled by app.css alone (no bundle). */
export function joinPage(error?: string): string {
  const invalid = error ? ' aria-describedby="lectern-join-error" aria-invalid="true"' : '';
  const body = `<main class="error-page">
  <p class="brand"><span class="brand__mark" aria-hidden="true">▤</span> Lectern</p>
  <h1>Follow a talk</h1>
  <p class="error__detail">Type the six-character code shown on the speaker's screen.</p>
  <form method="get" action="/live">
    <p class="filter"><label for="lectern-code" class="visually-hidden">Session code</label><input id="lectern-code" name="session" autocapitalize="characters" autocomplete="off" spellcheck="false" maxlength="6" required placeholder="ABC234"${invalid}></p>
    ${error ? `<p class="card__error" id="lectern-join-error" role="alert">${escapeHtml(error)}</p>` : ''}
    <p><button type="submit" class="button">Follow</button></p>
  </form>
</main>`;
  return layout({ title: 'Follow a talk · Lectern', body, bodyClass: 'page-error' });
}
