// A node:test reporter for scripts/test.mjs: one line per test file, "<ms>\t<file>", for the
// slowest-files list the runner prints at the end (what to look at when the suite gets slower).
export default async function* durations(source) {
  for await (const event of source) {
    if (event.type === 'test:complete' && event.data.name === event.data.file) {
      yield `${Math.round(event.data.details?.duration_ms ?? 0)}\t${event.data.file}\n`;
    }
  }
}
