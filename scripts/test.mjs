// `npm test` and `npm run test:unit`: node's test runner over test/<area>/*.test.ts, with tsx's
// loader. The files of an area share a process (two for browser and pdf), each file's tests in
// a suite named by the file: a process per file would cost each file ~1–2 s of CPU to start node and tsx and load the
// server's modules (and puppeteer) again, more than most files take to run. The longest files
// run in processes of their own. Two processes run at a time: most spend part of their run
// waiting (for a browser, a server, a timer, a child process), so a pair keeps both cores busy;
// the longest start first, so that none of them is the last one running. The few files that
// assert how fast something answers run afterwards, one at a time, so that a neighbour's
// Chromium cannot make them late.
//
//   node scripts/test.mjs                 every area
//   node scripts/test.mjs unit            test/unit only (npm run test:unit)
//   node scripts/test.mjs test/pdf/x.ts   these files, one at a time, each in its own process
//
// TEST_CONCURRENCY overrides the two.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AREAS = ['unit', 'http', 'live', 'browser', 'pdf', 'scale', 'package'];
/**
 * The order processes start in, about the longest first: an area name stands for the processes
 * of that area's files; a file named here (12–40 s each) runs in a process of its own.
 */
const START_ORDER = [
  'test/package/lectern.test.ts',
  'browser',
  'scale',
  'test/browser/pointer.test.ts',
  'pdf',
  'test/browser/live.test.ts',
  'test/browser/offline.test.ts',
  'live',
  'test/pdf/cli.test.ts',
  'unit',
  'test/browser/reveal-md.test.ts',
  'http',
  'test/scale/cluster.test.ts',
  'test/pdf/print-views.test.ts',
  'test/browser/hostile-ids.test.ts',
];
/** Areas whose other files together run too long for one process (over ~60 s): dealt out to this many. */
const PROCESSES = { browser: 2, pdf: 2 };
/** Files with assertions on response times, or on rate limits refilling in real time. */
const TIMED = ['test/http/parse-limits.test.ts', 'test/pdf/http.test.ts', 'test/live/guessing.test.ts'];

const filesOf = (area) =>
  fs
    .readdirSync(path.join(root, 'test', area))
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => `test/${area}/${f}`);

const took = [];
/** [ms, file] for every file run, from scripts/test-durations.mjs. */
const fileTimes = [];

/**
 * Test files that run the files of an area in PROCESSES[area] processes (dealt out in turn): in
 * each, a suite per file, named by its path, so that the output, the failures and the
 * slowest-files list name the file, and a file's before/after hooks run around its own tests
 * only. A single file runs as itself.
 */
function areaEntries(dir, area, files) {
  const count = Math.min(PROCESSES[area] ?? 1, files.length);
  return Array.from({ length: count }, (_, i) => {
    const own = files.filter((_, j) => j % count === i);
    if (own.length === 1) return own[0];
    const entry = path.join(dir, count > 1 ? `${area}-${i + 1}.mjs` : `${area}.mjs`);
    const suites = own.map((f) => `describe(${JSON.stringify(f)}, () => import(${JSON.stringify(pathToFileURL(path.join(root, f)).href)}));`);
    fs.writeFileSync(entry, `import { describe } from 'node:test';\n${suites.join('\n')}\n`);
    return entry;
  });
}

function run(label, files, concurrency) {
  if (files.length === 0) return 0;
  const started = performance.now();
  const durations = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-test-')), 'durations.tsv');
  const reporters = [
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${path.join(root, 'scripts', 'test-durations.mjs')}`,
    `--test-reporter-destination=${durations}`,
  ];
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files], { cwd: root, stdio: 'inherit' });
  took.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const lines = fs.existsSync(durations) ? fs.readFileSync(durations, 'utf8').split('\n') : [];
  for (const line of lines.filter(Boolean)) {
    const [ms, file] = line.split('\t');
    fileTimes.push([Number(ms), path.relative(root, file)]);
  }
  fs.rmSync(path.dirname(durations), { recursive: true, force: true });
  return result.status ?? 1;
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => !AREAS.includes(a) && !fs.existsSync(path.join(root, a)));
if (unknown.length > 0) {
  console.error(`test: no area or file ${unknown.join(', ')} (areas: ${AREAS.join(', ')})`);
  process.exit(2);
}
const named = args.filter((a) => !AREAS.includes(a));
const areas = args.filter((a) => AREAS.includes(a));
const concurrency = Number(process.env.TEST_CONCURRENCY) || 2;

let status;
if (named.length > 0) {
  status = run(`${named.length} file(s)`, named, 1);
} else {
  const chosen = areas.length > 0 ? areas : AREAS;
  const files = chosen.flatMap(filesOf);
  const alone = new Set([...TIMED, ...START_ORDER.filter((f) => f.endsWith('.ts'))]);
  const entries = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-test-areas-'));
  try {
    const order = [...START_ORDER, ...chosen.filter((a) => !START_ORDER.includes(a))];
    const processes = order.flatMap((item) => {
      if (!AREAS.includes(item)) return files.includes(item) ? [item] : [];
      return chosen.includes(item) ? areaEntries(entries, item, filesOf(item).filter((f) => !alone.has(f))) : [];
    });
    const paired = run(`${concurrency} at a time`, processes, concurrency);
    const timed = run('timed files alone', files.filter((f) => TIMED.includes(f)), 1);
    status = paired || timed;
  } finally {
    fs.rmSync(entries, { recursive: true, force: true });
  }
}
const slowest = fileTimes.sort((a, b) => b[0] - a[0]).slice(0, 10);
if (slowest.length > 1) console.log(`# slowest files: ${slowest.map(([ms, file]) => `${file} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
console.log(`# test: ${took.join(', ')}`);
process.exit(status);
