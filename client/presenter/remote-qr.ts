// *Use a phone as a remote* shows a QR code that carries the presenter key. It is shown only
// when asked for, and it hides again by itself after half a minute, so it does not stay up on a
// laptop that is also the projector's screen.
import { $ } from '../lib/dom.ts';

const HIDE_AFTER_MS = 30_000;

export function hideRemoteQrOnItsOwn(): void {
  const details = $<HTMLDetailsElement>('remote');
  const note = document.createElement('p');
  note.className = 'pv-remote__note';
  note.textContent = 'It hides again by itself after 30 seconds.';
  details.append(note);
  let timer: number | undefined;
  details.addEventListener('toggle', () => {
    clearTimeout(timer);
    if (details.open) timer = window.setTimeout(() => (details.open = false), HIDE_AFTER_MS);
    else $('remote-qr').replaceChildren();
  });
}
