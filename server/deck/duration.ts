// A talk's length (`duration:` in front matter) as the presenter view's countdown uses it:
// "30m", "1h15m", "90s", "45 min", or a bare number of minutes (`duration: 30`).

/** The shortest and longest talk a countdown makes sense for. */
export const DURATION_LIMITS = { minSeconds: 10, maxSeconds: 24 * 3600 } as const;

const PARTS = /^(?:(\d{1,3})\s*h(?:ours?)?)?\s*(?:(\d{1,4})\s*m(?:in(?:utes?)?)?)?\s*(?:(\d{1,5})\s*s(?:ec(?:onds?)?)?)?$/i;

/** Seconds, or an explanation of what is wrong (shown as a warning). */
export function parseDuration(value: unknown): { seconds: number } | { problem: string } {
  let seconds: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) seconds = Math.round(value * 60);
  else if (typeof value === 'string') {
    const text = value.trim();
    const match = text.length <= 40 ? PARTS.exec(text) : null;
    if (/^\d{1,4}$/.test(text)) seconds = Number(text) * 60;
    else if (match && (match[1] ?? match[2] ?? match[3]) !== undefined) {
      seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
    }
  }
  if (seconds === undefined) return { problem: `must be a talk length such as 30m, 1h15m or 90s, not ${JSON.stringify(value)}: ignored` };
  if (seconds < DURATION_LIMITS.minSeconds || seconds > DURATION_LIMITS.maxSeconds) {
    return { problem: 'must be between 10 seconds and 24 hours: ignored' };
  }
  return { seconds };
}
