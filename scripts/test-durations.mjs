// A node:test reporter for scripts/test.mjs: one line per test file, "<ms>\t<file>", for the
// slowest-files list the runner prints at the end (what to look at when the suite gets slower).
// A file of a light area runs as a suite named by its path, inside its area's process.
import path from 'node:path';

const OWN_SUITE = /^test\/[^/]+\/[^/]+\.test\.ts$/;

export default async function* durations(source) {
  for await (const event of source) {
    if (event.type !== 'test:complete') continue;
    const { name, file, nesting, details } = event.data;
    const ms = Math.round(details?.duration_ms ?? 0);
    if (name === file && file.endsWith('.test.ts')) yield `${ms}\t${file}\n`;
    else if (nesting === 0 && OWN_SUITE.test(name)) yield `${ms}\t${path.resolve(name)}\n`;
  }
}
