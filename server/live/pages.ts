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
import { QUESTION_MAX_CHARS, NAME_MAX_CHARS, REACTIONS, REACTION_LABELS } from '../../shared/audience.ts';

/** The question the speaker puts over the slide (follower page and audience window). */
const shownQuestion = `<aside class="aud-shown" id="lectern-shown" hidden aria-live="polite" aria-labelledby="lectern-shown-kicker">
    <p class="aud-shown__kicker" id="lectern-shown-kicker">Question from the room</p>
    <p class="aud-shown__text" id="lectern-shown-text"></p>
    <p class="aud-shown__by" id="lectern-shown-by"></p>
  </aside>`;

const reactionButtons = REACTIONS.map((r) => {
  const { glyph, label } = REACTION_LABELS[r];
  return r === 'slower'
    ? `<button type="button" class="aud-react aud-react--words" data-reaction="${r}">${glyph}</button>`
    : `<button type="button" class="aud-react" data-reaction="${r}" aria-label="${label}" title="${label}"><span aria-hidden="true">${glyph}</span></button>`;
}).join('');

const questionSheet = `<section class="aud-sheet" id="lectern-questions" hidden aria-labelledby="lectern-questions-title">
  <header class="aud-sheet__head">
    <h2 id="lectern-questions-title">Questions</h2>
    <div class="aud-order" role="group" aria-label="Order">
      <button type="button" data-order="top" aria-pressed="true">Top</button><button type="button" data-order="newest" aria-pressed="false">Newest</button>
    </div>
    <button type="button" class="aud-close" id="lectern-close-questions" aria-label="Close questions">✕</button>
  </header>
  <form class="aud-ask" id="lectern-ask-form">
    <label class="visually-hidden" for="lectern-ask-text">Your question</label>
    <textarea id="lectern-ask-text" rows="2" maxlength="${QUESTION_MAX_CHARS * 2}" placeholder="Ask the speaker…" required></textarea>
    <div class="aud-ask__row">
      <label class="visually-hidden" for="lectern-ask-name">Your name (optional)</label>
      <input id="lectern-ask-name" maxlength="${NAME_MAX_CHARS}" autocomplete="nickname" placeholder="Name (optional)">
      <span class="aud-ask__count" id="lectern-ask-count" aria-label="characters left">${QUESTION_MAX_CHARS}</span>
      <button type="submit" class="live-pill live-pill--accent">Ask</button>
    </div>
    <p class="aud-ask__status" id="lectern-ask-status" role="status"></p>
  </form>
  <p class="aud-off" id="lectern-questions-off" hidden>The speaker has turned questions off.</p>
  <ol class="aud-list" id="lectern-question-list"></ol>
  <p class="aud-empty" id="lectern-questions-empty">No questions yet. Be the first!</p>
</section>`;

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
    <div class="pv-frame">${revealMarkup(loaded.deck, { id: 'lectern-current', label: 'Current slide', assetBase: deckAssetBase(loaded) })}<div class="aud-bursts" id="lectern-pv-bursts" aria-hidden="true"></div></div>
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
  <section class="pv-questions" id="lectern-pv-questions" aria-labelledby="lectern-questions-label">
    <h2 class="pv-label" id="lectern-questions-label">Audience <span class="pv-position" id="lectern-question-total">No questions</span></h2>
    <div class="pv-q-tools">
      <div class="pv-q-order" role="group" aria-label="Order"><button type="button" data-pv-order="newest" aria-pressed="true">Newest</button><button type="button" data-pv-order="top" aria-pressed="false">Top</button></div>
      <label class="pv-q-mode">Mode <select id="lectern-question-mode"><option value="moderated">Moderated</option><option value="open">Open</option><option value="off">Off</option></select></label>
    </div>
    <div class="pv-poll" id="lectern-pv-poll" hidden>
      <p class="pv-poll__head"><span id="lectern-pv-poll-question"></span><span class="pv-poll__state" id="lectern-pv-poll-state"></span></p>
      <ol class="pv-poll__bars" id="lectern-pv-poll-bars"></ol>
      <div class="pv-poll__buttons" id="lectern-pv-poll-buttons"></div>
    </div>
    <div class="pv-slower" id="lectern-slower-meter" data-level="low">
      <div class="pv-slower__bar" aria-hidden="true"><span id="lectern-slower-fill"></span></div>
      <p class="pv-slower__text" id="lectern-slower-text" role="status">Nobody asked to slow down</p>
      <label class="pv-slower__switch"><input type="checkbox" id="lectern-screen-reactions" checked> Reactions on screen</label>
    </div>
    <ol class="aud-list pv-q-list" id="lectern-pv-question-list"></ol>
    <p class="pv-muted" id="lectern-pv-questions-empty">No questions yet. Followers ask from their phones.</p>
    <p class="pv-q-export">Questions and poll results: <button type="button" class="pv-chip" id="lectern-export-json">JSON</button> <button type="button" class="pv-chip" id="lectern-export-csv">CSV</button></p>
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
  ${shownQuestion}
  <div class="aud-bursts" id="lectern-bursts" aria-hidden="true"></div>
  <div class="live-cover" id="lectern-ended" hidden><div><p class="live-cover__title">This session has ended</p><p><a href="/decks/${encodeURIComponent(loaded.slug)}">Browse the deck</a></p></div></div>
</main>
${questionSheet}
<footer class="live-foot">
  <section class="aud-poll" id="lectern-poll" hidden aria-labelledby="lectern-poll-question">
    <p class="aud-poll__kind" id="lectern-poll-kind">Poll</p>
    <p class="aud-poll__question" id="lectern-poll-question"></p>
    <div class="aud-poll__choices" id="lectern-poll-choices" role="group" aria-labelledby="lectern-poll-question"></div>
    <p class="aud-poll__status" id="lectern-poll-status" role="status"></p>
  </section>
  <div class="aud-reactions" id="lectern-reactions" role="group" aria-label="React">${reactionButtons}</div>
  <div class="live-foot__row">
    <button type="button" class="live-pill live-pill--quiet" id="lectern-open-questions" aria-expanded="false" aria-controls="lectern-questions">Questions <span class="aud-count" id="lectern-question-count">0</span></button>
    <a class="live-pill live-pill--quiet" href="${pdfUrl}" download>Download PDF</a>
    <button type="button" class="live-pill live-pill--accent" id="lectern-back-to-live" hidden>Back to live</button>
  </div>
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
