// "Did you mean …?" for keys an author probably misspelt: `highlight-theme`, `revealoptions`,
// `slidenumber`. Keys compare without case, dashes and underscores, then by edit distance.

const squash = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '');

/** Levenshtein distance, stopping early once it is over `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      // Both rows hold b.length + 1 entries: `previous` in full, `current` up to j - 1.
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** The known key `key` most likely stands for, or null when none is close. */
export function closestKey(key: string, known: Iterable<string>): string | null {
  const wanted = squash(key);
  if (wanted.length < 4) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === key) continue;
    const d = squash(candidate) === wanted ? 0 : distance(wanted, squash(candidate), 2);
    if (d <= 2 && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
