// A real pino logger whose JSON lines are kept in memory, so a test can count and read them.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** One parsed log line: pino's level number and message, and whatever fields the call added. */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export function keptLogger(): { lines: LogLine[]; logger: Logger } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}
