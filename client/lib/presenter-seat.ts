// This presenter tab's seat (shared/driver.ts): a random id kept in sessionStorage, so a reload
// keeps the controls and another tab is another presenter. A phone remote opened from this tab's
// QR code gets the seat in the link's fragment (#key=…&seat=…) and drives as part of this tab.
// The name other presenters see is the speaker's, kept in localStorage for every session.
import { seatSchema } from '../../shared/driver.ts';

const seatKey = (session: string) => `lectern:presenter-seat:${session}`;
const NAME_KEY = 'lectern:presenter-name';

function newSeat(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Takes a seat from the URL fragment (a remote link); call before the key is wiped from it. */
export function takeSeatFromUrl(session: string): void {
  const seat = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('seat');
  if (seat && seatSchema.safeParse(seat).success) sessionStorage.setItem(seatKey(session), seat);
}

export function presenterSeat(session: string): string {
  const stored = sessionStorage.getItem(seatKey(session));
  if (stored && seatSchema.safeParse(stored).success) return stored;
  const seat = newSeat();
  sessionStorage.setItem(seatKey(session), seat);
  return seat;
}

export function presenterName(): string | undefined {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name ? name.slice(0, 40) : undefined;
}

export function setPresenterName(name: string): void {
  const trimmed = name.replace(/\s+/g, ' ').trim().slice(0, 40);
  if (trimmed) localStorage.setItem(NAME_KEY, trimmed);
  else localStorage.removeItem(NAME_KEY);
}
