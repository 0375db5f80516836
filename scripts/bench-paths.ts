// `npm run bench:paths`: what each of the exporter's speed-only paths saves against the plain
// way of doing the same thing, each pair run alternately (A, B, A, B…) so a busy moment on the
// machine lands on both; medians of N runs.
//
//   launch   Lectern's own spawn and CDP pipe (server/pdf/launch.ts) against puppeteer.launch({ pipe: true }),
//            same browser, same flags: from nothing to a page loaded in the browser.
//   finish   metadata and outline as an incremental update (server/pdf/incremental.ts) against
//            pdf-lib's parse and re-save (server/pdf/pdf-lib.ts), each in a fresh process as the
//            CLI runs it: loading the code, then the work.
//   cli      `node scripts/export.mjs` (the CLI bundled by esbuild) against `tsx scripts/export.ts`
//            and `node --import tsx scripts/export.ts`: a whole export, process start to exit.
//
// Options: --runs 7, --only launch,finish,cli
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { projectRoot } from '../server/config.ts';
import { median } from './bench/stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    only: { type: 'string', default: 'launch,finish,cli' },
    child: { type: 'string' },
    file: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(values.runs) || 7);
const ONLY = new Set(values.only.split(',').map((s) => s.trim()));

const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

/** Runs every variant RUNS times, alternating, and prints medians and the difference to the first. */
async function compare(title: string, variants: Array<[string, () => Promise<number>]>): Promise<void> {
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (const [, run] of variants) await run(); // warms the OS file cache and any build
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 ? [...variants].reverse() : variants;
    for (const [name, run] of order) times.get(name)!.push(await run());
  }
  const first = variants[0]![0]; // every comparison has variants
  const base = median(times.get(first)!);
  console.log(`\n${title} (median of ${RUNS}, alternating)`);
  for (const [name] of variants) {
    const xs = times.get(name)!;
    const m = median(xs);
    const spread = `min ${fmt(Math.min(...xs))}, max ${fmt(Math.max(...xs))}`;
    console.log(`  ${name.padEnd(44)} ${fmt(m).padStart(8)}  (${spread})${name === first ? '' : `  ${m - base >= 0 ? '+' : ''}${fmt(m - base)}`}`);
  }
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

async function launchBench(): Promise<void> {
  const { launchChromium, killProcessTree } = await import('../server/pdf/launch.ts');
  const { HEADLESS_ARGS, locateBrowser } = await import('../server/pdf/browser.ts');
  const { sandboxPlan } = await import('../server/pdf/sandbox.ts');
  const { temporaryProfile } = await import('../server/pdf/profile.ts');
  const puppeteer = (await import('puppeteer-core')).default;
  const executablePath = (await locateBrowser({}, 'print')).executablePath;
  const plan = sandboxPlan(executablePath);
  const page = 'data:text/html,<h1>ready</h1>';
  await compare(`browser start to a loaded page, ${executablePath}`, [
    [
      'launch.ts: own spawn + CDP pipe',
      async () => {
        const started = performance.now();
        const running = await launchChromium({ executablePath });
        const [tab = await running.browser.newPage()] = await running.browser.pages();
        await tab.goto(page);
        const ms = performance.now() - started;
        killProcessTree(running.process);
        return ms;
      },
    ],
    [
      'puppeteer.launch({ pipe: true })',
      async () => {
        // The same flags and a temporary profile; puppeteer's defaults off so only the launcher differs.
        // (puppeteer.launch cannot start the browser as another user: on root, with the sandbox on, this row runs without it.)
        const profile = temporaryProfile();
        const started = performance.now();
        const browser = await puppeteer.launch({
          executablePath,
          pipe: true,
          ignoreDefaultArgs: true,
          defaultViewport: null,
          args: [...HEADLESS_ARGS, ...(plan.sandbox && !plan.user ? [] : ['--no-sandbox']), '--headless', `--user-data-dir=${profile.dir}`, 'about:blank'],
        });
        const [tab = await browser.newPage()] = await browser.pages();
        await tab.goto(page);
        const ms = performance.now() - started;
        await browser.close();
        profile.release();
        return ms;
      },
    ],
  ]);
}

/** A deck for the whole-export rows: the Europython deck. */
const DECK = path.join(projectRoot, 'decks', 'europython-2013.md');

async function finishBench(work: string): Promise<void> {
  const { PdfExporter } = await import('../server/pdf/exporter.ts');
  const { loadDeckFile } = await import('../server/decks/load.ts');
  const { outlineEntries } = await import('../server/pdf/outline.ts');
  // Chromium's own PDF of the real print page, before finishing: what finish.ts is given. The
  // exporter's finishing step is swapped for one that keeps it.
  const raws: Array<[string, string]> = [];
  const exporter = new PdfExporter();
  let raw: Uint8Array | undefined;
  const finishPdf = async (bytes: Uint8Array) => {
    raw = bytes;
    return { pdf: bytes, pages: (await import('pdf-lib')).PDFDocument.load(bytes).then((d) => d.getPageCount()) };
  };
  (exporter as unknown as { finishing: Promise<unknown> }).finishing = Promise.resolve({
    finishPdf: async (bytes: Uint8Array) => {
      const result = await finishPdf(bytes);
      return { pdf: result.pdf, pages: await result.pages };
    },
    outlineEntries,
  });
  try {
    const loaded = await loadDeckFile(DECK);
    await exporter.export(loaded);
    const file = path.join(work, 'europython.raw.pdf');
    await fs.writeFile(file, raw!);
    raws.push([`Europython, ${loaded.deck.slides.length} pages`, file]);
  } finally {
    await exporter.close();
  }
  // Loading the code can overlap the page's layout (the exporter starts it early); the work cannot.
  const split = new Map<string, Array<[number, number]>>();
  const child = (mode: string, file: string) => async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'bench-paths.ts'), '--child', mode, '--file', file], { cwd: projectRoot });
    const [total = NaN, load = NaN, work = NaN] = stdout.trim().split(' ').map(Number);
    (split.get(mode) ?? split.set(mode, []).get(mode)!).push([load, work]);
    return total;
  };
  for (const [name, raw] of raws) {
    await compare(`finishing Chromium's PDF (${name}), code loaded and run in a fresh process`, [
      ['incremental update (incremental.ts)', child('incremental', raw)],
      ['pdf-lib parse and save (pdf-lib.ts)', child('pdf-lib', raw)],
    ]);
    for (const [mode, xs] of split) console.log(`  ${mode}: loading the code ${fmt(median(xs.map((x) => x[0])))}, the work ${fmt(median(xs.map((x) => x[1])))} (medians)`);
    split.clear();
  }
}

/** In a fresh process: time loading the finishing code and finishing one PDF, as the CLI does. */
async function finishChild(mode: string, file: string): Promise<void> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const meta = { title: 'OpenStack: A python based IaaS provider', author: 'Flavio Percoco', event: 'Europython 2013', aspect: '16:9' } as import('../server/deck/model.ts').DeckMeta;
  const outline = Array.from({ length: 27 }, (_, i) => ({ title: `Slide ${i + 1}`, page: i, children: [] }));
  const started = performance.now();
  const { finishPdf } = await import('../server/pdf/finish.ts');
  // finish.ts imports pdf-lib only when it writes that way: count that import as loading.
  if (mode === 'pdf-lib') await import('../server/pdf/pdf-lib.ts');
  const loaded = performance.now();
  await finishPdf(bytes, { meta, outline, producer: 'bench' }, mode === 'pdf-lib' ? 'pdf-lib' : 'auto');
  const done = performance.now();
  process.stdout.write(`${done - started} ${loaded - started} ${done - loaded}\n`);
}

async function cliBench(work: string): Promise<void> {
  const out = path.join(work, 'cli.pdf');
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  await compare('a cold CLI export of the Europython deck, process start to exit', [
    ['node scripts/export.mjs (esbuild bundle)', () => timed(process.execPath, [path.join(projectRoot, 'scripts', 'export.mjs'), DECK, '-o', out, '-q'])],
    ['tsx scripts/export.ts', () => timed(tsx, [path.join(projectRoot, 'scripts', 'export.ts'), DECK, '-o', out, '-q'])],
    ['node --import tsx scripts/export.ts', () => timed(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts', 'export.ts'), DECK, '-o', out, '-q'])],
  ]);
}

async function main(): Promise<void> {
  if (values.child) return finishChild(values.child, values.file!);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-paths-'));
  console.log(`bench: ${RUNS} runs each, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    if (ONLY.has('launch')) await launchBench();
    if (ONLY.has('finish')) await finishBench(work);
    if (ONLY.has('cli')) await cliBench(work);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  console.log(`\nload at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
