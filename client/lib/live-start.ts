// The deck page's "Present live" button: creates a session (POST /api/sessions) and opens the
// presenter view with the key in the URL fragment. A server with LECTERN_ADMIN_TOKEN asks for
// the token once per tab.
import type { ErrorBody } from '../../shared/errors.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import type { Position } from '../../shared/positions.ts';
import { formatAt } from './start-at.ts';

const TOKEN_KEY = 'lectern:admin-token';

async function create(slug: string, token: string | null): Promise<Response> {
  return fetch('/api/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ deck: slug }),
  });
}

/** `where`: the slide and fragment the speaker is on, where the session starts. */
export function wirePresentLive(button: HTMLElement | null, where?: () => Position | undefined): void {
  const slug = button?.dataset.slug;
  if (!button || !slug) return;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    button.setAttribute('aria-busy', 'true');
    try {
      let res = await create(slug, sessionStorage.getItem(TOKEN_KEY));
      if (res.status === 401) {
        const token = window.prompt('This server needs its admin token (LECTERN_ADMIN_TOKEN) to start a live session:');
        if (!token) return;
        sessionStorage.setItem(TOKEN_KEY, token);
        res = await create(slug, token);
      }
      if (res.status !== 201) {
        if (res.status === 401) sessionStorage.removeItem(TOKEN_KEY);
        const body = (await res.json().catch(() => ({}))) as Partial<ErrorBody>;
        button.textContent = `Could not start: ${body.error?.message ?? res.status}`;
        setTimeout(() => (button.textContent = label), 4000);
        return;
      }
      const created = (await res.json()) as CreatedSession;
      const at = where?.();
      // Same origin as this page; the key and the start position stay in the fragment.
      window.location.assign(`/present/${created.id}#key=${encodeURIComponent(created.presenterKey)}${at ? `&at=${formatAt(at)}` : ''}`);
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
}
