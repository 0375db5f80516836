// Deck parsing as a page load sees it: a fresh server process, then the first request for a
// deck (parsed cold), then re-parses after edits (one line changed, the rest from the render
// cache). Decks: decks/europython-2013.md and a generated 200-slide deck.
//
//   npx tsx scripts/bench-parse.ts [--runs 5] [--settle 0] [--root /path/to/other/checkout]
//
// --settle waits that many ms after the server listens before the first request (0: at once).
// --root measures another checkout's server (e.g. the main branch) with the same decks.
import { fork } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../server/config.ts';
import { median } from './bench/stats.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, settle: { type: 'string', default: '0' }, root: { type: 'string', default: projectRoot } },
});
const runs = Number(values.runs);
const settle = Number(values.settle);
const root = path.resolve(values.root!);

/** 200 slides: a heading, a list with emphasis and code, a highlighted block, notes. */
export function generatedDeck(slides = 200): string {
  let text = '---\ntitle: Two hundred slides\n---\n';
  for (let i = 0; i < slides; i++) {
    text += `\n## Slide ${i}\n\n- point **${i}** one <!-- .element: class="fragment" -->\n- point two with \`code\`\n\n`;
    text += `\`\`\`python\ndef f${i}(x):\n    return [y * ${i} for y in range(x)]\n\`\`\`\n\nNote: notes for slide ${i}\n\n---\n`;
  }
  return text;
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - started;
}

async function run(decksDir: string): Promise<Record<string, number>> {
  const started = performance.now();
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench', 'parse-child.ts'), [root, decksDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const ready = performance.now() - started;
  if (settle) await new Promise((r) => setTimeout(r, settle));
  const base = `http://127.0.0.1:${port}`;
  const result: Record<string, number> = { 'server ready': ready };
  result['europython first load'] = await timed(`${base}/decks/europython-2013`);
  result['200 slides first load'] = await timed(`${base}/decks/big200`);
  for (const slug of ['europython-2013', 'big200']) {
    const file = path.join(decksDir, `${slug}.md`);
    const original = await fs.readFile(file, 'utf8');
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      await fs.writeFile(file, original.replace(/\n## /, `\n## Edit ${i} `));
      times.push(await timed(`${base}/decks/${slug}`));
    }
    await fs.writeFile(file, original);
    result[`${slug === 'big200' ? '200 slides' : 'europython'} re-parse (median of 9)`] = median(times);
  }
  result['cached load'] = await timed(`${base}/decks/europython-2013`);
  child.send('close');
  await new Promise((resolve) => child.once('exit', resolve));
  return result;
}

const decksDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-parse-'));
await fs.copyFile(path.join(projectRoot, 'decks', 'europython-2013.md'), path.join(decksDir, 'europython-2013.md'));
await fs.writeFile(path.join(decksDir, 'big200.md'), generatedDeck());
const all: Array<Record<string, number>> = [];
for (let i = 0; i < runs; i++) all.push(await run(decksDir));
console.log(`${root} — ${runs} fresh server processes, settle ${settle} ms; median ms:`);
for (const key of Object.keys(all[0] ?? {})) console.log(`  ${key.padEnd(36)} ${median(all.map((r) => r[key] ?? NaN)).toFixed(1)}`);
await fs.rm(decksDir, { recursive: true, force: true });
