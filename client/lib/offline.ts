// Offline-first for the pages that show a deck: once the page has loaded (and the browser is
// idle), the service worker (client/sw/service-worker.ts) is asked to keep the page, the deck
// page, their files and the deck's images, so a reader who loses the Wi-Fi can still browse
// every slide. The PDF follows when idle: kept at once if small, after asking if it is large.
// While the server cannot be reached the follower page says so (offlineIndicator), in place of
// a connection status that would only ever say "Reconnecting…".
import { PDF_ASK_BYTES, PDF_DELAY_MS, SERVICE_WORKER_URL, type FromWorker, type ToWorker } from '../../shared/offline.ts';
import { el } from './dom.ts';
import '../theme/offline.css';

export interface OfflineOptions {
  /** The deck page, kept too: the reader can browse the deck there after the session. */
  deckUrl?: string;
  /** The deck's PDF. */
  pdfUrl?: string;
}

const DECLINED_KEY = 'lectern:offline-pdf-declined';

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    const go = () => (typeof window.requestIdleCallback === 'function' ? window.requestIdleCallback(() => resolve(), { timeout: 3000 }) : window.setTimeout(resolve, 200));
    if (document.readyState === 'complete') go();
    else window.addEventListener('load', go, { once: true });
  });
}

function ask(worker: ServiceWorker, message: ToWorker): Promise<FromWorker> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<FromWorker>) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

/** Tests and styles read how far keeping got: `data-offline` on <html> ("kept", "failed"), `data-offline-pdf`. */
function mark(name: 'offline' | 'offlinePdf', value: string): void {
  document.documentElement.dataset[name] = value;
}

/** How often an offline page checks whether the server answers again. */
const PROBE_EVERY_MS = 5000;

/** Whether the server answers (its health check never goes through the worker). */
async function serverAnswers(): Promise<boolean> {
  if (!navigator.onLine) return false;
  try {
    return (await fetch('/healthz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

export interface OfflineIndicator {
  /** The live connection's news: up, or down (then the indicator finds out whether the network is). */
  connection(up: boolean): void;
}

/**
 * "Offline · saved copy" in place of the connection status while the server cannot be reached.
 * The browser's own offline flag is not enough (it stays "online" on Wi-Fi without a way out,
 * and in some emulations), so a dropped connection is checked against the server itself.
 */
export function offlineIndicator(before: Element): OfflineIndicator {
  const chip = document.createElement('p');
  chip.id = 'lectern-offline';
  chip.className = 'off-chip';
  chip.setAttribute('role', 'status');
  chip.hidden = true;
  const dot = document.createElement('span');
  dot.className = 'off-chip__dot';
  dot.setAttribute('aria-hidden', 'true');
  const text = document.createElement('span');
  // Phones show "Offline"; the rest is still read out.
  const more = document.createElement('span');
  more.className = 'off-chip__more';
  chip.append(dot, text, more);
  before.before(chip);
  let probe: ReturnType<typeof setTimeout> | undefined;
  const render = (offline: boolean) => {
    document.body.classList.toggle('is-offline', offline);
    chip.hidden = !offline;
    // A page a worker controls came from the kept copy, or has it to fall back on.
    text.textContent = offline ? 'Offline' : '';
    more.textContent = offline && navigator.serviceWorker?.controller ? ' · saved copy' : '';
  };
  const check = (delay: number) => {
    clearTimeout(probe);
    probe = setTimeout(async () => {
      const up = await serverAnswers();
      render(!up);
      if (!up) check(PROBE_EVERY_MS);
    }, delay);
  };
  window.addEventListener('offline', () => render(true));
  window.addEventListener('online', () => check(0));
  if (!navigator.onLine) render(true);
  return {
    connection(up) {
      if (up) {
        clearTimeout(probe);
        render(false);
      } else check(1500);
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A small question at the foot of the page; resolves with the reader's answer. */
function confirmLargePdf(bytes: number): Promise<boolean> {
  return new Promise((resolve) => {
    const box = el('section', 'off-prompt');
    box.id = 'lectern-offline-prompt';
    box.setAttribute('aria-label', 'Keep the PDF offline');
    const text = el('p', 'off-prompt__text', `Keep the PDF (${megabytes(bytes)}) on this device for reading offline?`);
    const yes = el('button', 'off-prompt__button off-prompt__button--yes', 'Keep');
    yes.type = 'button';
    const no = el('button', 'off-prompt__button', 'Not now');
    no.type = 'button';
    const buttons = el('div', 'off-prompt__buttons');
    buttons.append(no, yes);
    box.append(text, buttons);
    document.body.append(box);
    const answer = (keep: boolean) => {
      box.remove();
      resolve(keep);
    };
    yes.addEventListener('click', () => answer(true));
    no.addEventListener('click', () => answer(false));
  });
}

function declined(url: string): boolean {
  try {
    return localStorage.getItem(DECLINED_KEY) === url;
  } catch {
    return false;
  }
}

function decline(url: string): void {
  try {
    localStorage.setItem(DECLINED_KEY, url);
  } catch {
    // storage refused: the reader is asked again next time
  }
}

async function keepPdf(worker: ServiceWorker, url: string): Promise<void> {
  if (declined(url)) return mark('offlinePdf', 'declined');
  let size: number;
  try {
    const head = await fetch(url, { method: 'HEAD' });
    size = Number(head.headers.get('content-length'));
    if (!head.ok || !Number.isFinite(size) || size <= 0) return mark('offlinePdf', 'unavailable');
  } catch {
    return mark('offlinePdf', 'unavailable');
  }
  if (size > PDF_ASK_BYTES && !(await confirmLargePdf(size))) {
    decline(url);
    return mark('offlinePdf', 'declined');
  }
  const answer = await ask(worker, { type: 'keep-pdf', url: new URL(url, location.href).href });
  mark('offlinePdf', answer.type === 'pdf-kept' ? 'kept' : 'failed');
}

/**
 * Registers the worker and asks it to keep this page's deck; again whenever a new build's worker
 * takes over (it starts with an empty cache). Does nothing where service workers are not
 * available (plain http to another machine than this one, old browsers, file://).
 */
export async function keepForOffline(options: OfflineOptions): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  await whenIdle();
  const container = navigator.serviceWorker;
  const keep = async () => {
    const worker = (await container.ready).active;
    // A page opened from the kept copy while offline has nothing newer to keep.
    if (!worker || !(await serverAnswers())) return;
    const page = location.href.replace(/#.*$/, '');
    const loaded = performance.getEntriesByType('resource').map((entry) => entry.name);
    const deck = options.deckUrl ? new URL(options.deckUrl, location.href).href : undefined;
    const answer = await ask(worker, { type: 'keep', page, ...(deck && { deck }), loaded });
    mark('offline', answer.type === 'kept' ? 'kept' : 'failed');
    // The PDF may need an export on the server: only for readers who stay a while.
    if (options.pdfUrl) {
      const pdfUrl = options.pdfUrl;
      setTimeout(() => void whenIdle().then(() => keepPdf(worker, pdfUrl)), window.lecternPdfDelayMs ?? PDF_DELAY_MS);
    }
  };
  try {
    await container.register(SERVICE_WORKER_URL, { scope: '/' });
    let taken = Boolean(container.controller);
    container.addEventListener('controllerchange', () => {
      // The first worker taking over this page is the one asked below; a later one is a new build.
      if (taken) void keep();
      taken = true;
    });
    await keep();
  } catch {
    mark('offline', 'failed');
  }
}
