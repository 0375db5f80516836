// The presenter view's panels around the decks: the toast, the key form (the gate), the
// "session ended" card, and the follow panel (copy link, audience window, a phone as a remote,
// End session).
import QRCode from 'qrcode';
import type { PresenterPageData } from '../../shared/page-data.ts';
import { $ } from '../lib/dom.ts';
import { presenterUrlWithKey, storedKey } from '../lib/live-key.ts';
import { presenterSeat } from '../lib/presenter-seat.ts';

export function toast(message: string): void {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(Number(el.dataset.timer));
  el.dataset.timer = String(window.setTimeout(() => (el.hidden = true), 3500));
}

/** Asks for the presenter key; `submitted` gets what was typed. */
export function wireGate(submitted: (key: string) => void): void {
  $('gate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>('gate-key');
    const key = input.value.trim();
    input.value = '';
    submitted(key);
  });
}

export function showGate(message?: string): void {
  $('gate').hidden = false;
  if (message) $('gate-message').textContent = message;
  $('gate-key').focus();
}

export function hideGate(): void {
  $('gate').hidden = true;
}

/** The session is over: the gate's card says so and leads back to the deck. */
export function showEnded(deck: string): void {
  $('status').dataset.state = 'ended';
  $('status-text').textContent = 'Ended';
  showGate();
  const title = document.createElement('h2');
  title.textContent = 'Session ended';
  const text = document.createElement('p');
  text.textContent = 'Followers see that it has ended; the follow link and the presenter key no longer work.';
  const back = document.createElement('a');
  back.className = 'pv-button';
  back.href = `/decks/${encodeURIComponent(deck)}`;
  back.textContent = 'Back to the deck';
  $('gate-form').replaceChildren(title, text, back);
  back.focus();
}

/** What ending the session needs from the page's connection. */
export interface SessionEnder {
  /** Joined as presenter right now. */
  connected(): boolean;
  end(): void;
}

/** The follow panel's buttons; the session is ended only once the speaker confirmed it. */
export function wireFollowPanel(data: PresenterPageData, session: SessionEnder): void {
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(data.followUrl);
      toast('Follow link copied.');
    } catch {
      toast(data.followUrl);
    }
  });
  $('open-audience').addEventListener('click', () => window.open(`/live/${data.session}?screen`, 'lectern-audience', 'popup'));
  $('remote').addEventListener('toggle', async () => {
    const key = storedKey(data.session);
    if (!$<HTMLDetailsElement>('remote').open || !key) return;
    const svg = await QRCode.toString(presenterUrlWithKey(data.session, key, presenterSeat(data.session)), { type: 'svg', margin: 1, color: { dark: '#14213d', light: '#ffffff' } });
    // The qrcode library's own SVG markup (paths and a viewBox), drawn from this page's URL.
    $('remote-qr').innerHTML = svg;
  });
  // After the talk: end the session for everyone (followers see "This session has ended").
  $('end-session').addEventListener('click', () => {
    if (!session.connected()) return toast('Not connected: the session cannot be ended right now.');
    if (!window.confirm('End this session for everyone? Followers will see that it has ended, and the link stops working.')) return;
    session.end();
  });
}

/** After the talk: the questions and poll results as a file, fetched with the presenter key. */
export function wireExport(data: PresenterPageData): void {
  const download = async (ext: 'json' | 'csv') => {
    const key = storedKey(data.session);
    if (!key) return toast('Paste the presenter key first.');
    try {
      const res = await fetch(`/api/sessions/${data.session}/audience.${ext}`, { headers: { authorization: `Bearer ${key}` } });
      if (!res.ok) return toast(`Export failed (${res.status}).`);
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `lectern-${data.session}-audience.${ext}`;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      toast('Export failed: the server cannot be reached.');
    }
  };
  $('export-json').addEventListener('click', () => void download('json'));
  $('export-csv').addEventListener('click', () => void download('csv'));
}
