// The deck page: reveal.js on server-rendered slides, plus live reload while the author edits.
import './theme/app.css';
import { pageData } from './lib/data.ts';
import { isPrintView, refitSlides, replaceSlides, startReveal } from './lib/reveal.ts';
import { drawDeckDiagrams, syncStyles } from './lib/deck-extras.ts';
import { showWarnings } from './lib/warnings.ts';
import { connect } from './lib/socket.ts';
import { finishPrintLayout, printFailed } from './lib/print.ts';
import { showLastLayers } from './lib/print-pages.ts';
import { wirePresentLive } from './lib/live-start.ts';
import { printableDeckData } from '../shared/print.ts';
import { toPosition } from './lib/live-state.ts';
import { syncDecks } from './lib/deck-sync.ts';
import { isSpeakerView, startSpeakerView, wireSpeakerKey } from './lib/speaker-view.ts';
import { keepForOffline } from './lib/offline.ts';
import { ReadingMode, readingKeyboardCondition } from './lib/reading-mode.ts';

async function main(): Promise<void> {
  // `print` is only set on the PDF exporter's own print page (server/pdf/print-page.ts).
  const data = pageData(printableDeckData);
  // The session starts where the speaker is (slide and fragment).
  wirePresentLive(document.getElementById('lectern-present-live'), () => (window.Reveal ? toPosition(window.Reveal.getIndices()) : undefined));
  const element = document.getElementById('lectern-deck')!;
  // The PDF waits for diagrams: drawn before reveal lays out the print view (on screen, after the first slide shows).
  if (isPrintView()) await drawDeckDiagrams(element, data);
  const deck = await startReveal(element, data, 'deck', { keyboardCondition: readingKeyboardCondition }, (created) => (window.Reveal = created));
  if (!isPrintView()) {
    void drawDeckDiagrams(element, data).then((drawn) => drawn > 0 && refitSlides(deck, element, data));
    showWarnings(data.warnings ?? [], data.slug, element);
  }
  if (isPrintView()) {
    document.body.classList.add('print-view');
    if (!deck.getConfig().pdfSeparateFragments) showLastLayers(element);
    await finishPrintLayout(element, data, data.print);
  }
  if (isPrintView()) return;
  // S: the local speaker view, in step with this page (nothing leaves the browser).
  syncDecks(deck, data.slug, isSpeakerView());
  if (isSpeakerView()) startSpeakerView(deck, data.slug, data, data.duration);
  else {
    wireSpeakerKey(deck, data.slug, document.getElementById('lectern-speaker-open'), document.getElementById('lectern-rehearse-open'));
    // The slide as text at the reader's size, as on the follower page.
    const toolbar = document.querySelector<HTMLElement>('.deck-toolbar');
    const pdf = toolbar?.querySelector('a[download]');
    if (toolbar && pdf) new ReadingMode(deck, { toggleBefore: pdf, over: document.body, below: toolbar, toggleClass: 'toolbar-button' });
    // Readable without the network after this visit, with its PDF; not the PDF of a deck being
    // written (every save would make the server export it again).
    void keepForOffline(data.watch ? {} : { pdfUrl: `/decks/${encodeURIComponent(data.slug)}.pdf` });
  }
  if (!data.watch) return;

  const socket = connect();
  const banner = document.createElement('div');
  banner.className = 'deck-error-banner';
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  document.body.append(banner);
  socket.on('connect', () =>
    socket.emit('deck:watch', { slug: data.slug }, (res) => {
      // Lets tests (and curious authors) see that edits will arrive.
      if (res.ok) document.documentElement.dataset.liveReload = 'on';
    }),
  );
  socket.on('deck:updated', (update) => {
    if (update.slug !== data.slug) return;
    if ('error' in update) {
      banner.textContent = `This deck has an error: ${update.error}`;
      banner.hidden = false;
      return;
    }
    banner.hidden = true;
    document.title = update.meta.title;
    void syncStyles(update.styles).then(async () => {
      replaceSlides(deck, element, update.sectionsHtml, data);
      showWarnings(update.warnings ?? [], data.slug, element);
      if ((await drawDeckDiagrams(element, data)) > 0) refitSlides(deck, element, data);
      document.dispatchEvent(new CustomEvent('lectern:deck-updated'));
    });
  });
}

main().catch((err: unknown) => {
  // The PDF exporter waits for the print view's flag: tell it at once rather than time out.
  if (isPrintView()) printFailed(err);
  throw err;
});
