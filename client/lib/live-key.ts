// The presenter key arrives in the URL fragment (#key=...), which browsers send neither to the
// server nor in Referer headers. It is moved to sessionStorage for this tab and wiped from the
// address bar, so it is not on screen when the laptop is projected.

const storageKey = (session: string) => `lectern:presenter-key:${session}`;

export function takeKeyFromUrl(session: string): void {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const key = params.get('key');
  if (!key) return;
  sessionStorage.setItem(storageKey(session), key);
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function storedKey(session: string): string | undefined {
  return sessionStorage.getItem(storageKey(session)) ?? undefined;
}

export function storeKey(session: string, key: string): void {
  sessionStorage.setItem(storageKey(session), key);
}

export function forgetKey(session: string): void {
  sessionStorage.removeItem(storageKey(session));
}

/** The presenter URL with the key, for pairing a phone as a remote; `seat`: the remote drives with this tab. */
export function presenterUrlWithKey(session: string, key: string, seat?: string): string {
  return `${window.location.origin}/present/${session}#key=${encodeURIComponent(key)}${seat ? `&seat=${encodeURIComponent(seat)}` : ''}`;
}
