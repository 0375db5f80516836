// Where *Present live* starts: the deck page hands the speaker's slide and fragment to the
// presenter view in the URL fragment (`#key=…&at=12.0.1`), which, like the key, never reaches
// the server and leaves the address bar at once.
import { positionSchema, type Position } from '../../shared/positions.ts';

/** `{h: 12, v: 0, f: 1}` → "12.0.1". */
export function formatAt({ h, v, f }: Position): string {
  return `${h}.${v}.${f}`;
}

/** The `at` parameter of a URL fragment, checked; undefined when absent or malformed. */
export function startAtFromHash(hash: string): Position | undefined {
  const at = new URLSearchParams(hash.replace(/^#/, '')).get('at');
  const match = at === null ? null : /^(\d{1,5})\.(\d{1,5})\.(-1|\d{1,5})$/.exec(at);
  if (!match) return undefined;
  const parsed = positionSchema.safeParse({ h: Number(match[1]), v: Number(match[2]), f: Number(match[3]) });
  return parsed.success ? parsed.data : undefined;
}
