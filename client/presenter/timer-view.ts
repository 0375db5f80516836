// The presenter view's elapsed-time clock (shared by every presenter tab, kept by the server)
// and the time of day. Start / Pause / Reset are asked of the server; what it answers is shown.
import type { TimerState } from '../../shared/protocol.ts';
import { elapsedMs, formatElapsed } from '../../shared/timer.ts';
import { $ } from '../lib/dom.ts';

export type TimerAction = 'start' | 'pause' | 'reset';

export class TimerView {
  private timer?: TimerState;

  constructor() {
    const tick = () => {
      this.render();
      $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    };
    setInterval(tick, 500);
    tick();
  }

  /** Start / Pause / Reset pressed: `request` asks the server. */
  onRequest(request: (action: TimerAction) => void): void {
    $('timer-toggle').addEventListener('click', () => request(this.timer?.running ? 'pause' : 'start'));
    $('timer-reset').addEventListener('click', () => request('reset'));
  }

  /** The session's timer (a join ack, a broadcast, an answer); undefined until one arrives. */
  set(timer: TimerState | undefined): void {
    this.timer = timer;
    this.render();
  }

  /** The session clock's elapsed time at this moment (0 before the first timer arrives). */
  elapsedNow(): number {
    return this.timer ? elapsedMs(this.timer) : 0;
  }

  render(): void {
    const timer = this.timer;
    $('elapsed').textContent = formatElapsed(timer ? elapsedMs(timer) : 0);
    $('timer-toggle').textContent = timer?.running ? 'Pause' : timer && timer.elapsedMs > 0 ? 'Resume' : 'Start';
  }
}
