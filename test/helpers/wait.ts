// Waiting for a condition in tests: polled until it holds, or a failure that says what never
// happened (a wait that runs out is the test's failure, never swallowed).

export interface WaitOptions {
  /** Longest wait, in ms (default 10 s). */
  timeoutMs?: number;
  /** Pause between checks, in ms (default 25). */
  intervalMs?: number;
}

/** Resolves once `check` returns true; rejects with `what` (and the last error, if any) at the deadline. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, { timeoutMs = 10_000, intervalMs = 25 }: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
