// `npm run bench:ab -- <deck.md> <treeA> <treeB> [--runs 11]`: cold CLI exports of one deck by two
// checkouts of Lectern (each with its node_modules and `npm run build`), alternating A, B, A, B…
// so that a busy moment on the machine lands on both; prints each tree's median and min. A change
// to the exporter is measured against the tree before it this way: two runs of bench:export move
// more with the machine's load than most single changes do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './bench/stats.ts';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '11' } }, allowPositionals: true });
const [deck, ...trees] = positionals.map((p) => path.resolve(p));
if (!deck || trees.length < 2 || trees.some((tree) => !fs.existsSync(path.join(tree, 'scripts', 'export.mjs')))) {
  console.error('usage: npm run bench:ab -- <deck.md> <treeA> <treeB> [--runs 11] (each tree a Lectern checkout)');
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs) || 11);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-ab-'));
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);

/** One cold export by `tree`, in ms; exits on a failed one (its stderr is shown). */
function exportOnce(tree: string, k: number): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(tree, 'scripts', 'export.mjs'), deck!, '-o', path.join(out, `${k}.pdf`), '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    console.error(`bench:ab: ${tree} failed (exit ${result.status})`);
    process.exit(1);
  }
  return ms;
}

// One untimed run each: builds the tree's CLI bundle if it is stale and warms the file cache.
trees.forEach((tree, k) => exportOnce(tree, k));
const times = trees.map((): number[] => []);
for (let i = 0; i < runs; i++) {
  trees.forEach((tree, k) => {
    pause();
    times[k]!.push(exportOnce(tree, k));
  });
}
fs.rmSync(out, { recursive: true, force: true });
console.log(`bench:ab: ${path.basename(deck)}, ${runs} alternating runs, ${os.cpus().length} CPUs, load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
trees.forEach((tree, k) => console.log(`${tree}: median ${Math.round(median(times[k]!))} ms, min ${Math.round(Math.min(...times[k]!))} ms`));
