// What the CLI shows while it works: a progress bar on a terminal, plain lines otherwise
// (CI logs, pipes), nothing at all with --quiet. Always on stderr: stdout carries the result.
import type { ExportStage } from '../../server/pdf/exporter.ts';

export interface Progress {
  /** A deck starts: `index` of `count`. */
  deck(name: string, index: number, count: number): void;
  stage(stage: ExportStage): void;
  /** The deck is done (or failed, with the message). */
  done(name: string, outcome: { pages: number; file: string; ms: number } | { error: string }): void;
  stop(): void;
}

const STAGES: ExportStage[] = ['browser', 'render', 'print', 'finish'];
const LABELS: Record<ExportStage, string> = {
  browser: 'starting the browser',
  render: 'laying out slides',
  print: 'printing',
  finish: 'adding outline and metadata',
};

/** One line per deck, for logs. */
export function lineProgress(stream: NodeJS.WritableStream): Progress {
  return {
    deck: (name, index, count) => stream.write(`exporting ${name}${count > 1 ? ` (${index + 1}/${count})` : ''}…\n`),
    stage: () => undefined,
    done: (name, outcome) => {
      if ('error' in outcome) stream.write(`failed ${name}: ${outcome.error}\n`);
    },
    stop: () => undefined,
  };
}

/** A bar that moves with each stage of each deck (cli-progress). */
export async function barProgress(stream: NodeJS.WritableStream): Promise<Progress> {
  const { SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar({
    stream,
    format: ' {bar} {percentage}% | {deck} — {step}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 24,
  });
  let count = 1;
  let index = 0;
  let started = false;
  const total = () => count * STAGES.length;
  return {
    deck(name, i, n) {
      count = n;
      index = i;
      if (!started) bar.start(total(), 0, { deck: name, step: 'starting' });
      started = true;
      bar.update(index * STAGES.length, { deck: name, step: 'loading the deck' });
    },
    stage(stage) {
      bar.update(index * STAGES.length + STAGES.indexOf(stage), { step: LABELS[stage] });
    },
    done(name, outcome) {
      bar.update((index + 1) * STAGES.length, { step: 'error' in outcome ? `failed: ${outcome.error}` : 'written' });
      if ('error' in outcome && count > 1) {
        bar.stop();
        stream.write(`failed ${name}: ${outcome.error}\n`);
        started = false;
      }
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function silentProgress(): Progress {
  return { deck: () => undefined, stage: () => undefined, done: () => undefined, stop: () => undefined };
}
