// `npm test` and `npm run test:unit`: node's test runner over test/<area>/*.test.ts, with tsx's
// loader. Files run two at a time: most spend much of their run waiting (for a browser, a
// server, a timer, a child process), so a pair keeps both cores busy. The list alternates the
// areas that run Chromium or whole processes with the lighter ones. The files of a light area
// run in one process, each file's tests in a suite named by the file: a process of its own
// would cost each file ~1 s of CPU to start node and tsx and load the server's modules again,
// more than most of these files take to run. The few files that assert how fast something
// answers run afterwards, one at a time, so that a neighbour's Chromium cannot make them late.
//
//   node scripts/test.mjs                 every area
//   node scripts/test.mjs unit            test/unit only (npm run test:unit)
//   node scripts/test.mjs test/pdf/x.ts   these files, one at a time
//
// TEST_CONCURRENCY overrides the two.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AREAS = ['unit', 'http', 'live', 'browser', 'pdf', 'scale', 'package'];
const HEAVY = new Set(['browser', 'pdf', 'scale', 'package']);
/** Light areas whose files share one process: none changes the environment, process listeners or globals another reads. */
const SHARED = new Set(['unit', 'http', 'live']);
/** The longest files (10–40 s each), started first so none of them is the last one running. */
const LONGEST = ['test/package/lectern.test.ts', 'test/browser/live.test.ts', 'test/pdf/cli.test.ts', 'test/scale/cluster.test.ts', 'test/pdf/print-views.test.ts', 'test/browser/hostile-ids.test.ts'];
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
 * One test file that runs every file of an area in this process: a suite per file, named by its
 * path, so that the output, the failures and the slowest-files list name the file, and a file's
 * before/after hooks run around its own tests only.
 */
function areaEntry(dir, area, files) {
  const entry = path.join(dir, `${area}.mjs`);
  const suites = files.map((f) => `describe(${JSON.stringify(f)}, () => import(${JSON.stringify(pathToFileURL(path.join(root, f)).href)}));`);
  fs.writeFileSync(entry, `import { describe } from 'node:test';\n${suites.join('\n')}\n`);
  return entry;
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
  const heavy = chosen
    .filter((a) => HEAVY.has(a))
    .flatMap(filesOf)
    .sort((x, y) => (LONGEST.includes(y) ? 1 : 0) - (LONGEST.includes(x) ? 1 : 0));
  const light = chosen.filter((a) => !HEAVY.has(a));
  const timed = light.flatMap(filesOf).filter((f) => TIMED.includes(f));
  const entries = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-test-areas-'));
  try {
    const lightRuns = light.map((area) => (SHARED.has(area) ? areaEntry(entries, area, filesOf(area).filter((f) => !TIMED.includes(f))) : filesOf(area))).flat();
    const all = Array.from({ length: Math.max(heavy.length, lightRuns.length) }, (_, i) => [heavy[i], lightRuns[i]]).flat().filter(Boolean);
    const paired = run(`${concurrency} at a time`, all.filter((f) => !TIMED.includes(f)), concurrency);
    const alone = run('timed files alone', [...heavy.filter((f) => TIMED.includes(f)), ...timed], 1);
    status = paired || alone;
  } finally {
    fs.rmSync(entries, { recursive: true, force: true });
  }
}
const slowest = fileTimes.sort((a, b) => b[0] - a[0]).slice(0, 10);
if (slowest.length > 1) console.log(`# slowest files: ${slowest.map(([ms, file]) => `${file} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
console.log(`# test: ${took.join(', ')}`);
process.exit(status);
