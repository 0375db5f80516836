// Rehearsal in the local speaker view: *Rehearse* times each slide of a run through the deck
// (fragments count to their slide) on this browser's clock, Pause stops it for a break, Reset
// starts the run again, Stop ends it and shows the report against the slides' plan. Nothing is
// sent anywhere: the last runs are kept in this browser's localStorage, per deck.
import type { RevealApi } from 'reveal.js';
import { plannedMs } from '../../shared/countdown.ts';
import { formatElapsed } from '../../shared/timer.ts';
import {
  finishRehearsal,
  keepRun,
  moveRehearsal,
  pauseRehearsal,
  readRuns,
  rehearsalSpent,
  resumeRehearsal,
  startRehearsal,
  type Rehearsal,
  type RehearsalRun,
} from '../../shared/rehearsal.ts';
import { slideBudgets, talkLengthMs } from './talk-plan.ts';
import { renderReport } from './rehearsal-report.ts';
import '../theme/rehearsal.css';
import { el } from './dom.ts';

const runsKey = (deck: string) => `lectern:rehearsals:${deck}`;

export function isRehearsalLink(): boolean {
  return /(^|[?&])rehearse=1(&|$)/.test(window.location.search);
}

function button(id: string, text: string, accent = false): HTMLButtonElement {
  const b = el('button', accent ? 'spk__button spk__button--accent' : 'spk__button', text);
  b.type = 'button';
  b.id = `lectern-rehearse-${id}`;
  return b;
}

/** A slide's title as the report shows it: its first heading, else its number. */
function slideTitle(section: Element, index: number): string {
  const heading = section.querySelector('h1, h2, h3, h4, h5, h6');
  const text = heading?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : `Slide ${index + 1}`;
}

export interface RehearsalOptions {
  deck: RevealApi;
  slug: string;
  /** The deck's `duration:` in seconds. */
  deckSeconds: number | undefined;
  /** The speaker view's own timer bar, which the rehearsal bar stands in for while it runs. */
  timerBar: HTMLElement;
  /** Where the *Rehearse* and *Report* buttons go. */
  buttons: HTMLElement;
  /** Time in ms; the page's clock (tests move it by hand). */
  now?: () => number;
}

export function wireRehearsal({ deck, slug, deckSeconds, timerBar, buttons, now = () => Date.now() }: RehearsalOptions): { start: () => void } {
  const open = button('start', 'Rehearse');
  const showLast = button('last', 'Last runs');
  buttons.append(open, showLast);

  const bar = el('div', 'spk__timer rh-bar');
  bar.id = 'lectern-rehearsal';
  bar.hidden = true;
  const label = el('p', 'rh-bar__label', 'Rehearsing');
  const slideTime = el('time', 'rh-bar__slide');
  slideTime.id = 'lectern-rehearse-slide';
  const total = el('time', 'spk__elapsed rh-bar__total');
  total.id = 'lectern-rehearse-total';
  const pause = button('pause', 'Pause');
  const reset = button('reset', 'Reset');
  const stop = button('stop', 'Stop', true);
  bar.append(label, total, slideTime, pause, reset, stop);
  timerBar.after(bar);

  const report = el('section', 'rh-report');
  report.id = 'lectern-rehearsal-report';
  report.setAttribute('role', 'dialog');
  report.setAttribute('aria-modal', 'true');
  report.setAttribute('aria-labelledby', 'lectern-rehearsal-title');
  report.hidden = true;
  document.body.append(report);

  let run: Rehearsal | undefined;
  const slides = () => deck.getSlides();
  const index = () => {
    const current = deck.getCurrentSlide();
    return current ? slides().indexOf(current) : 0;
  };
  const runs = () => readRuns(localStorage.getItem(runsKey(slug)));
  const plan = () => plannedMs(slideBudgets(slides()), talkLengthMs(slug, deckSeconds));

  const render = () => {
    const rehearsing = run !== undefined;
    document.body.dataset.rehearsal = run ? (run.since === undefined ? 'paused' : 'running') : 'off';
    bar.hidden = !rehearsing;
    timerBar.hidden = rehearsing;
    showLast.hidden = rehearsing || runs().length === 0;
    if (!run) return;
    const spent = rehearsalSpent(run, now());
    const at = index();
    total.textContent = formatElapsed(spent.reduce((a, b) => a + b, 0));
    const budget = plan()[at];
    slideTime.textContent = `Slide ${at + 1}: ${formatElapsed(spent[at] ?? 0)}${budget === undefined ? '' : ` of ${formatElapsed(budget)}`}`;
    pause.textContent = run.since === undefined ? 'Resume' : 'Pause';
    label.textContent = run.since === undefined ? 'Rehearsal paused' : 'Rehearsing';
  };

  const showReport = (latest: RehearsalRun, older: RehearsalRun[]) => {
    renderReport(report, latest, older, plan(), talkLengthMs(slug, deckSeconds), () => {
      report.hidden = true;
      render();
      open.focus();
    });
    report.hidden = false;
    report.querySelector<HTMLElement>('h2')?.focus();
  };

  const start = () => {
    report.hidden = true;
    run = startRehearsal(slides().length, index(), now());
    render();
    pause.focus();
  };
  open.addEventListener('click', start);
  showLast.addEventListener('click', () => {
    const [latest, ...older] = runs();
    if (latest) showReport(latest, older);
  });
  pause.addEventListener('click', () => {
    if (!run) return;
    run = run.since === undefined ? resumeRehearsal(run, now()) : pauseRehearsal(run, now());
    render();
  });
  reset.addEventListener('click', () => {
    if (run) start();
  });
  stop.addEventListener('click', () => {
    if (!run) return;
    const finished = finishRehearsal(run, now(), slides().map(slideTitle));
    run = undefined;
    const older = runs();
    try {
      localStorage.setItem(runsKey(slug), JSON.stringify(keepRun(older, finished)));
    } catch {
      // Storage full or off: the report still shows; the run is not kept.
    }
    render();
    showReport(finished, older);
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !report.hidden) {
      event.preventDefault();
      report.hidden = true;
      render();
    }
  });
  deck.on('slidechanged', () => {
    if (run) run = moveRehearsal(run, index(), now());
    render();
  });
  setInterval(render, 250);
  render();
  return { start };
}
