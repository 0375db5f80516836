// The deck page's warnings for its author: what the server found (a missing image, an unknown
// option, a config file that does not parse; shared/page-data.ts) and what only the browser can
// see (a slide that had to shrink below reveal.js's 30% to fit). A "⚠ n" button in the toolbar
// opens a small panel; it opens by itself once when the page is opened on this machine
// (localhost: the author previewing), and stays closed once dismissed, until the warnings
// change. Only the deck page has it: followers and the PDF never show warnings.
import type { PageWarning } from '../../shared/page-data.ts';
import { SMALL_FIT } from '../../shared/print.ts';


const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

let serverWarnings: PageWarning[] = [];
let fitWarnings: PageWarning[] = [];
let slugOf = '';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function ensureUi(): { button: HTMLButtonElement; panel: HTMLElement; list: HTMLUListElement } {
  let button = document.getElementById('lectern-warnings-button') as HTMLButtonElement | null;
  let panel = document.getElementById('lectern-warnings');
  if (!button || !panel) {
    button = element('button', 'toolbar-button toolbar-button--warning');
    button.type = 'button';
    button.id = 'lectern-warnings-button';
    button.setAttribute('aria-controls', 'lectern-warnings');
    button.setAttribute('aria-expanded', 'false');
    // The page's own toolbar (a slide may hold an element of that class too).
    document.querySelector('body > .deck-toolbar')?.prepend(button);
    panel = element('aside', 'deck-warnings');
    panel.id = 'lectern-warnings';
    panel.setAttribute('aria-labelledby', 'lectern-warnings-title');
    panel.hidden = true;
    const header = element('div', 'deck-warnings__header');
    const title = element('h2', 'deck-warnings__title', 'Deck warnings');
    title.id = 'lectern-warnings-title';
    const close = element('button', 'deck-warnings__close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close the warnings');
    close.addEventListener('click', () => setOpen(false, true));
    header.append(title, close);
    const note = element('p', 'deck-warnings__note', 'Only on this page, for the deck’s author: followers and PDFs never show them.');
    panel.append(header, element('ul', 'deck-warnings__list'), note);
    document.body.append(panel);
    button.addEventListener('click', () => setOpen(panel!.hidden, !panel!.hidden));
  }
  return { button, panel, list: panel.querySelector('ul')! };
}

/** Changes whenever the warnings do (a small string hash), so new warnings open the panel again. */
function storageKey(): string {
  let hash = 5381;
  for (const c of all().map((w) => `${w.file ?? ''}:${w.line ?? ''}:${w.message}`).join('\n')) hash = ((hash * 33) ^ c.charCodeAt(0)) >>> 0;
  return `lectern-warnings-closed:${slugOf}:${hash.toString(36)}`;
}

function all(): PageWarning[] {
  return [...serverWarnings, ...fitWarnings];
}

function setOpen(open: boolean, remember: boolean): void {
  const { button, panel } = ensureUi();
  panel.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  if (remember) {
    try {
      if (open) sessionStorage.removeItem(storageKey());
      else sessionStorage.setItem(storageKey(), '1');
    } catch {
      // Storage refused (private mode): the panel just opens again next time.
    }
  }
}

function render(): void {
  const warnings = all();
  const { button, panel, list } = ensureUi();
  button.hidden = warnings.length === 0;
  button.textContent = `⚠ ${warnings.length}`;
  button.title = `${warnings.length} warning${warnings.length === 1 ? '' : 's'} about this deck`;
  list.replaceChildren(
    ...warnings.map((w) => {
      const item = element('li', 'deck-warnings__item');
      if (w.file) item.append(element('code', 'deck-warnings__where', `${w.file}${w.line ? `:${w.line}` : ''}`), ' ');
      item.append(w.message);
      return item;
    }),
  );
  if (warnings.length === 0) return setOpen(false, false);
  let closed = false;
  try {
    closed = sessionStorage.getItem(storageKey()) === '1';
  } catch {
    closed = false;
  }
  if (LOCAL_HOSTS.has(window.location.hostname) && !closed) setOpen(true, false);
  else if (panel.hidden) button.setAttribute('aria-expanded', 'false');
}

/** Shows the server's warnings for the deck `slug` (again after a live reload), and checks the slides' fit. */
export function showWarnings(warnings: readonly PageWarning[], slug: string, deck: HTMLElement): void {
  serverWarnings = [...warnings];
  slugOf = slug;
  render();
  // Slides are fitted when the browser is idle (lib/reveal.ts): look once that has happened.
  const check = () => {
    fitWarnings = [...deck.querySelectorAll<HTMLElement>('.slides section[data-lectern-h] > .slide-content[data-fit]')]
      .filter((content) => Number(content.dataset.fit) < SMALL_FIT)
      .map((content) => {
        const section = content.parentElement!;
        const n = [...deck.querySelectorAll('.slides section[data-lectern-h]:not(.stack)')].indexOf(section) + 1;
        const zoom = Math.round(Number(content.dataset.fit) * 100);
        return { message: `slide ${n} is shown at ${zoom}% of its size to fit the screen (below reveal.js's 30%): split it, or shorten it` };
      });
    render();
  };
  window.setTimeout(() => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(check, { timeout: 2000 }) : check()), 1500);
}
