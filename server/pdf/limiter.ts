// At most `concurrency` exports at once; the rest wait in line (FIFO), and past `maxQueue`
// waiting, new ones are refused ('busy') so a burst cannot pile up unbounded work.
import { LecternError } from '../../shared/errors.ts';

export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency = 2,
    readonly maxQueue = 100,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) throw new LecternError('busy', 'too many PDF exports are waiting');
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
