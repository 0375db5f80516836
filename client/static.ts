// The static site's deck page (`lectern build`): reveal.js on the slides written into the page,
// and nothing that needs a Lectern server (no live reload, no live sessions, no socket). One
// classic script (scripts/build-client.ts), so the page also runs from file:// and inlines into
// a single-file deck.
import './theme/app.css';
import { pageData } from './lib/data.ts';
import { refitSlides, startReveal } from './lib/reveal.ts';
import { drawDeckDiagrams } from './lib/deck-extras.ts';
import { deckPageData } from '../shared/page-data.ts';

const data = pageData(deckPageData);
const element = document.getElementById('lectern-deck');
if (!element) throw new Error('deck element missing');
// Diagrams are drawn after the first slide shows, from the module the page data names (served
// over http(s): a browser refuses module scripts from file://, where they stay as their source).
void startReveal(element, data, 'deck', {}, (created) => (window.Reveal = created)).then((deck) =>
  drawDeckDiagrams(element, data).then((drawn) => drawn > 0 && refitSlides(deck, element, data)),
);
