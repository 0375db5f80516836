// The follower page: the deck on the live slide, following every move; the reader may
// browse away and come back; the connection indicator and the snapshot on every re-join bring
// the page back to the live slide after any drop. This page never sends a move.
import './theme/app.css';
import './theme/live.css';
import './theme/audience.css';
import type { Position } from '../shared/positions.ts';
import { pageData } from './lib/data.ts';
import { $ } from './lib/dom.ts';
import { refitSlides, replaceSlides, startReveal } from './lib/reveal.ts';
import { drawDeckDiagrams, syncStyles } from './lib/deck-extras.ts';
import { followReducer, initialFollowModel, toPosition, type FollowEvent } from './lib/live-state.ts';
import { followerPageData } from '../shared/page-data.ts';
import { FollowerAudience } from './audience/follower-panel.ts';
import { FollowerPolls } from './audience/follower-polls.ts';
import { followerId } from './lib/follower-id.ts';
import { SlideAnnouncer } from './lib/announce.ts';
import { PointerOverlay } from './lib/pointer-overlay.ts';
import { PointerInk } from './lib/pointer-ink.ts';
import { ReadingMode, readingKeyboardCondition } from './lib/reading-mode.ts';
import { keepForOffline, offlineIndicator } from './lib/offline.ts';

async function main(): Promise<void> {
  const data = pageData(followerPageData);
  // Not `embedded`: reveal then sizes the deck to its element all the same, and upright phones get
  // lib/reveal.ts's portrait slide box, whose text stays readable at 390 px.
  const deck = await startReveal($('deck'), data, 'follow', {
    hash: false,
    respondToHashChanges: false,
    // The speaker pauses for everyone; a reader pressing B would only black out their own copy.
    pause: false,
    overview: false,
    help: false,
    // Slides laid out around the current one: its neighbours (for the transitions), not two
    // slides further as by default; fewer slides laid out before the first frame.
    viewDistance: 2,
    mobileViewDistance: 2,
    keyboardCondition: readingKeyboardCondition,
  }, (created) => (window.Reveal = created), toPosition(data.state));

  // Screen readers hear each slide the page lands on: title, text, images by their alt text.
  new SlideAnnouncer(deck);
  // An upright phone reflows slides into a portrait box: the pointer then goes by its anchor.
  const speakersBox = () => deck.getConfig().width === data.width && deck.getConfig().height === data.height;
  const pointer = new PointerOverlay(deck, $('deck'), speakersBox);
  const ink = new PointerInk(deck, $('deck'), speakersBox);
  // The slide as text at the reader's size, on the same slide as the slide view.
  new ReadingMode(deck, { toggleBefore: $('status'), over: $('stage') });
  const back = $<HTMLButtonElement>('back-to-live');
  const audience = new FollowerAudience();
  const polls = new FollowerPolls($('deck'), () => (model.live ? deck.getSlide(model.live.h, model.live.v) : undefined), audience.screen);
  let model = initialFollowModel();
  let applying = false;

  const goto = ({ h, v, f }: Position) => {
    applying = true;
    try {
      deck.slide(h, v, f);
    } finally {
      applying = false;
    }
  };

  const slideNumber = (h: number, v: number) => {
    const slide = deck.getSlide(h, v);
    return slide ? deck.getSlides().indexOf(slide) + 1 : h + 1;
  };

  const render = () => {
    const { live, mode } = model;
    document.body.dataset.mode = mode;
    $('paused').hidden = !(live?.paused && mode === 'live');
    back.hidden = mode === 'live' || !live;
    if (live && mode === 'browsing') {
      back.textContent = live.paused ? 'Back to live · paused' : `Back to live · slide ${slideNumber(live.h, live.v)}`;
    }
  };

  const dispatch = (event: FollowEvent) => {
    const step = followReducer(model, event);
    model = step.model;
    if (step.goto) goto(step.goto);
    render();
    polls.render();
  };

  dispatch({ type: 'snapshot', state: data.state });
  document.body.classList.add('is-positioned');
  void drawDeckDiagrams($('deck'), data).then((drawn) => drawn > 0 && refitSlides(deck, $('deck'), data));

  const onLocal = () => {
    if (!applying) dispatch({ type: 'local', at: toPosition(deck.getIndices()) });
  };
  for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden']) deck.on(name, onLocal);
  back.addEventListener('click', () => {
    dispatch({ type: 'back-to-live' });
    $('stage').focus({ preventScroll: true });
  });

  // The socket.io client (~45 KB) runs only now: the page opened on the live slide from its page
  // data, so the deck waits neither for the connection nor for that code to run.
  const { joinLive, renderStatus } = await import('./lib/live-session.ts');
  // The deck stays readable without the network: this page, the deck page after the session, the PDF.
  void keepForOffline({ deckUrl: `/decks/${encodeURIComponent(data.deck)}`, pdfUrl: data.pdfUrl });
  const offline = offlineIndicator($('status'));
  const ended = () => {
    $('ended').hidden = false;
    $('paused').hidden = true;
    back.hidden = true;
    socket.close();
    renderStatus($('status'), $('status-text'), 'reconnecting');
    $('status-text').textContent = 'Ended';
    $('status').dataset.state = 'ended';
  };

  const socket = joinLive(data.session, () => undefined, {
    status: (status) => {
      renderStatus($('status'), $('status-text'), status);
      offline.connection(status === 'live' || status === 'degraded');
    },
    joined: (result) => {
      dispatch({ type: 'snapshot', state: result.state });
      audience.joined(result.audience);
      polls.joined(result.polls);
    },
    polls: (state) => polls.state(state),
    pointer: (update) => pointer.show(update),
    draw: (update) => ink.apply(update),
    questions: (list) => audience.questions(list),
    reactions: (batch) => audience.reactions(batch),
    state: (state) => dispatch({ type: 'state', state }),
    refused: (error) => {
      if (error === 'unknown-session') ended();
    },
    ended,
    deckUpdated: (update) => {
      void syncStyles(update.styles).then(async () => {
        applying = true;
        try {
          replaceSlides(deck, $('deck'), update.sectionsHtml, data);
        } finally {
          applying = false;
        }
        if ((await drawDeckDiagrams($('deck'), data)) > 0) refitSlides(deck, $('deck'), data);
        document.dispatchEvent(new CustomEvent('lectern:deck-updated'));
      });
    },
  }, data.deck, followerId(), audience.screen);
  audience.connect(socket);
  polls.connect(socket);
}

void main();
