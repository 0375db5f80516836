// A follower's identity: a random id made on this device and kept in localStorage, sent with
// every join, so their questions and votes stay theirs across drops and reloads. Where storage
// is refused (private modes), it lasts as long as the page.
const KEY = 'lectern:follower-id';

function fresh(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

let current: string | undefined;

export function followerId(): string {
  if (current) return current;
  try {
    current = localStorage.getItem(KEY) ?? undefined;
    if (!current || !/^[A-Za-z0-9_-]{16,64}$/.test(current)) {
      current = fresh();
      localStorage.setItem(KEY, current);
    }
  } catch {
    current ??= fresh();
  }
  return current;
}
