// The PDF exporter's print page for decks that need no reveal.js code (server/pdf/print-page.ts
// decides): the deck page's styles, the pages laid out in one pass (lib/print-pages.ts), then
// the same finishing steps as reveal's print view (lib/print.ts): images, fonts, fitting,
// page numbers, handout sheets, and the ready flag the exporter waits for.
import './theme/app.css';
import 'reveal.js/reset.css';
import 'reveal.js/reveal.css';
import './theme/frame.css';
import { pageData } from './lib/data.ts';
import { layOutPrintPages } from './lib/print-pages.ts';
import { finishPrintLayout, printFailed } from './lib/print.ts';
import { printableDeckData } from '../shared/print.ts';
import { drawDeckDiagrams } from './lib/deck-extras.ts';

async function main(): Promise<void> {
  const data = pageData(printableDeckData);
  const element = document.getElementById('lectern-deck')!;
  // The PDF waits for the deck's diagrams: drawn before the pages are laid out (and copied per fragment step).
  await drawDeckDiagrams(element, data);
  layOutPrintPages(element, data, { fragments: /(^|[?&])fragments=1(&|$)/.test(window.location.search) });
  await finishPrintLayout(element, data, data.print);
}

main().catch(printFailed);
