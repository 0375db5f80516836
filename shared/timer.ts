// The presenters' elapsed-time clock as plain data, so it survives restarts and every
// presenter tab shows the same time. Pure: the server's `presenter:timer` and the presenter view
// compute it the same way.
import type { TimerRequest, TimerState } from './protocol.ts';

export function elapsedMs(timer: TimerState, now = Date.now()): number {
  return timer.running ? timer.elapsedMs + Math.max(0, now - timer.at) : timer.elapsedMs;
}

export function applyTimer(timer: TimerState, action: TimerRequest['action'], now = Date.now()): TimerState {
  switch (action) {
    case 'start':
      return timer.running ? timer : { running: true, elapsedMs: timer.elapsedMs, at: now };
    case 'pause':
      return timer.running ? { running: false, elapsedMs: elapsedMs(timer, now), at: now } : timer;
    case 'reset':
      return { running: false, elapsedMs: 0, at: now };
  }
}

/** 754_000 → "12:34"; past an hour "1:02:03". */
export function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
