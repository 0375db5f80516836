// `npm run bench:export`: how fast PDF export is, beside its peers in the same run. Cold CLI
// export (a whole process: start to file written and exit) and warm server export (browser
// running, cache off) of the Europython deck and a generated 200-slide deck, median of N runs,
// each also through reveal.js's print view instead of the light print page (what the light page
// saves); then Marp CLI, reveal-md --print and DeckTape on the same decks with the
// same Chromium, if they are installed outside the project. Lectern prints with Chromium's
// headless shell when the machine has one (server/pdf/browser.ts); then every peer is run with
// the headless shell too, besides the full browser, and the fastest of all counts:
//
//   mkdir -p /tmp/peers && cd /tmp/peers && PUPPETEER_SKIP_DOWNLOAD=1 npm i @marp-team/marp-cli reveal-md decktape
//
// Options: --runs 5, --peers /tmp/peers, --skip lectern-reveal,marp,reveal-md,decktape,warm
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../server/config.ts';
import { DeckStore } from '../server/decks/store.ts';
import { isHeadlessShell, locateBrowser } from '../server/pdf/browser.ts';
import { PdfExporter } from '../server/pdf/exporter.ts';
import { pdfRouter } from '../server/pdf/routes.ts';
import { createApplication } from '../server/app.ts';
import type { AppContext } from '../server/context.ts';
import { median } from './bench/stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    peers: { type: 'string', default: path.join(os.tmpdir(), 'peers') },
    skip: { type: 'string', default: '' },
  },
});
const RUNS = Math.max(1, Number(values.runs) || 5);
const SKIP = new Set(values.skip.split(',').map((s) => s.trim()).filter(Boolean));
const PEERS = path.resolve(values.peers);
const SETTLE_MS = 1500;

/** A deterministic 200-slide deck: lists, paragraphs, code and tables, with notes. */
function generatedDeck(slides = 200): string {
  const words = 'cloud python compute storage network image identity orchestration dashboard metering community review gerrit jenkins launchpad blueprint release packaging upstream distro deploy'.split(' ');
  let seed = 4;
  const pick = () => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length];
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const out = ['---', 'title: Two hundred slides', 'author: Bench Mark', 'event: Lectern benchmark', 'footer: Lectern benchmark deck', '---', ''];
  for (let i = 0; i < slides; i++) {
    if (i > 0) out.push('', '---', '');
    out.push(`## Slide ${i + 1}: ${phrase(2)}`, '');
    switch (i % 4) {
      case 0:
        for (let j = 0; j < 4; j++) out.push(`- ${phrase(4 + ((i + j) % 5))}`);
        break;
      case 1:
        out.push(`${phrase(40)}.`);
        break;
      case 2:
        out.push('```python', 'def deploy(cloud):', '    for node in cloud.nodes:', `        node.upgrade()  # ${i}`, '    return cloud', '```');
        break;
      default:
        out.push('| Service | Nodes |', '|---|---|', ...Array.from({ length: 4 }, (_, j) => `| ${pick()} | ${(i * 7 + j * 13) % 999} |`));
    }
    out.push('', 'Note:', `Speaker notes for slide ${i + 1}.`);
  }
  return `${out.join('\n')}\n`;
}

interface Case {
  name: string;
  slides: number;
  /** Lectern's deck (with its theme). */
  file: string;
  /** The same deck for peers (no `theme: lectern`, which they cannot load). */
  peerFile: string;
  slug: string;
  /** Lectern's cold CLI time at most this share of Marp CLI's on the browser Lectern prints with. */
  target: number;
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ ms: number; code: number; output: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ ms: performance.now() - started, code: code ?? 1, output }));
  });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(projectRoot, 'dist', 'client', 'deck.js'))) {
    console.error('bench: the client bundle is missing: run `npm run build` first');
    process.exit(1);
  }
  const browser = await locateBrowser();
  const chromium = browser.executablePath;
  const printing = await locateBrowser({}, 'print');
  // The browsers peers run with: the full one, and the headless shell Lectern uses, if any.
  const browsers: Array<[label: string, file: string]> = [['chromium', chromium]];
  if (isHeadlessShell(printing.executablePath)) browsers.push(['headless shell', printing.executablePath]);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-'));
  const decksDir = path.join(work, 'decks');
  const outDir = path.join(work, 'out');
  await fs.mkdir(decksDir);
  await fs.mkdir(outDir);
  const europython = await fs.readFile(path.join(projectRoot, 'decks', 'europython-2013.md'), 'utf8');
  // The last field: the cold CLI export's target, as a share of Marp CLI's on the same browser.
  const sources: Array<[string, string, string, number, number]> = [
    ['Europython (27 slides)', 'europython-2013', europython, 27, 0.4],
    ['generated (200 slides)', 'bench-200', generatedDeck(), 200, 0.45],
  ];
  const cases: Case[] = [];
  for (const [name, slug, text, slides, target] of sources) {
    const file = path.join(decksDir, `${slug}.md`);
    const peerFile = path.join(work, `${slug}.peer.md`);
    await fs.writeFile(file, text);
    await fs.writeFile(peerFile, text.replace(/^theme:.*\n/m, ''));
    cases.push({ name, slides, file, peerFile, slug, target });
  }

  // DeckTape prints a served reveal.js deck: Lectern's own deck page, from an in-process server.
  const server = await createApplication({ port: 0, host: '127.0.0.1', decksDir, dataDir: path.join(work, 'data'), watch: false, logLevel: 'silent' });
  const { port } = await server.listen(0, '127.0.0.1');

  const bin = (name: string) => path.join(PEERS, 'node_modules', '.bin', name);
  const exportScript = path.join(projectRoot, 'scripts', 'export.mjs');
  type Tool = { name: string; key: string; available: string | true; command(c: Case, out: string): [string, string[], NodeJS.ProcessEnv?] };
  const peer = (key: string, name: string, binary: string, args: (c: Case, out: string, browser: string) => string[], env?: (browser: string) => NodeJS.ProcessEnv): Tool[] =>
    browsers.map(([label, file]) => ({
      name: browsers.length > 1 ? `${name} (${label})` : name,
      key,
      available: existsSync(bin(binary)) || `not installed in ${PEERS}`,
      command: (c, out) => [bin(binary), args(c, out, file), env?.(file)],
    }));
  const tools: Tool[] = [
    { name: 'Lectern CLI', key: 'lectern', available: true, command: (c, out) => [process.execPath, [exportScript, c.file, '-o', out, '-q']] },
    {
      name: 'Lectern CLI, reveal print view',
      key: 'lectern-reveal',
      available: true,
      command: (c, out) => [process.execPath, [exportScript, c.file, '-o', out, '-q'], { LECTERN_PRINT_VIEW: 'reveal' }],
    },
    ...peer('marp', 'Marp CLI', 'marp', (c, out, b) => [c.peerFile, '--pdf', '--html', '--allow-local-files', '--browser-path', b, '-o', out], (b) => ({ CHROME_PATH: b })),
    ...peer('reveal-md', 'reveal-md --print', 'reveal-md', (c, out, b) => [c.peerFile, '--print', out, '--puppeteer-chromium-executable', b, '--puppeteer-launch-args=--no-sandbox --disable-dev-shm-usage']),
    ...peer('decktape', 'DeckTape (no pause)', 'decktape', (c, out, b) => ['reveal', '--chrome-path', b, '--chrome-arg=--no-sandbox', '--pause', '0', '-s', '1280x720', `http://127.0.0.1:${port}/decks/${c.slug}`, out]),
  ];
  const active = tools.filter((t) => {
    if (SKIP.has(t.key)) return false;
    if (t.available !== true) console.log(`bench: skipping ${t.name}: ${t.available}`);
    return t.available === true;
  });

  console.log(`bench: ${RUNS} runs each, Lectern prints with ${printing.executablePath} (${printing.source}), peers with ${browsers.map(([, f]) => f).join(' and ')}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  // One untimed run: builds the CLI bundle (scripts/export.mjs) and warms the OS file cache for all.
  for (const c of cases) await run(process.execPath, [exportScript, c.file, '-o', path.join(outDir, 'warmup.pdf'), '-q']);

  const times = new Map<string, number[]>();
  const pages = new Map<string, string>();
  const sizes = new Map<string, number>();
  // Round-robin (run 1 of every tool, then run 2, ...), so a busy moment on the machine does not
  // land on one tool only; the order rotates each round, and every run starts after a pause so
  // the previous tool's browser has fully exited.
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const order = [...active.slice(i % active.length), ...active.slice(0, i % active.length)];
      for (const tool of order) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const out = path.join(outDir, `${tool.name.replace(/\W+/g, '-')}-${c.slug}.pdf`);
        await fs.rm(out, { force: true });
        const [command, args, env] = tool.command(c, out);
        const result = await run(command, args, { env, cwd: work });
        const key = `${tool.name}|${c.name}`;
        if (result.code !== 0 || !existsSync(out)) {
          console.log(`bench: ${tool.name} failed on ${c.name} (exit ${result.code}): ${result.output.trim().split('\n').slice(-2).join(' ')}`);
          continue;
        }
        (times.get(key) ?? times.set(key, []).get(key)!).push(result.ms);
        if (!pages.has(key)) {
          const info = await run('pdfinfo', [out]);
          pages.set(key, /Pages:\s+(\d+)/.exec(info.output)?.[1] ?? '?');
          sizes.set(key, (await fs.stat(out)).size);
        }
        process.stdout.write('.');
      }
    }
  }
  process.stdout.write('\n');

  // Warm server export: the HTTP route with its cache off, on a browser that is already running.
  const warm = new Map<string, number[]>();
  for (const view of SKIP.has('warm') ? [] : (['auto', 'reveal'] as const)) {
    if (view === 'reveal' && SKIP.has('lectern-reveal')) continue;
    const exporter = new PdfExporter({ printView: view });
    const closers: Array<() => Promise<void> | void> = [];
    const context = {
      config: { port: 0, host: '127.0.0.1', decksDir, dataDir: work, watch: false, logLevel: 'silent' },
      decks: new DeckStore(decksDir),
      logger: pino({ level: 'silent' }),
      onClose: (fn: () => Promise<void> | void) => closers.push(fn),
    } as unknown as AppContext; // the PDF route uses neither socket.io nor live sessions
    const app = express().use(pdfRouter(context, { exporter, cacheBytes: 0 }));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    for (const c of cases) {
      await (await fetch(`${base}/decks/${c.slug}.pdf`)).arrayBuffer(); // starts the browser
      const key = `${view}|${c.name}`;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const res = await fetch(`${base}/decks/${c.slug}.pdf`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`warm export of ${c.slug} answered ${res.status}`);
        (warm.get(key) ?? warm.set(key, []).get(key)!).push(performance.now() - started);
      }
    }
    http.close();
    for (const fn of closers.reverse()) await fn();
  }
  await server.close();

  // The table.
  const rows: string[][] = [['tool', 'deck', 'pages', 'PDF size', 'median', 'min', 'per slide', 'vs Lectern']];
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
  const kb = (bytes: number | undefined) => (bytes === undefined ? '' : `${Math.round(bytes / 1024)} KB`);
  for (const c of cases) {
    const ours = times.get(`Lectern CLI|${c.name}`);
    for (const tool of active) {
      const xs = times.get(`${tool.name}|${c.name}`);
      if (!xs?.length) continue;
      const m = median(xs);
      rows.push([tool.name, c.name, pages.get(`${tool.name}|${c.name}`) ?? '?', kb(sizes.get(`${tool.name}|${c.name}`)), fmt(m), fmt(Math.min(...xs)), fmt(m / c.slides), ours ? `${(m / median(ours)).toFixed(1)}×` : '']);
    }
    for (const [view, label] of [['auto', 'Lectern server (warm, no cache)'], ['reveal', 'Lectern server, reveal print view (warm, no cache)']] as const) {
      const w = warm.get(`${view}|${c.name}`);
      if (w) rows.push([label, c.name, String(c.slides), '', fmt(median(w)), fmt(Math.min(...w)), fmt(median(w) / c.slides), '']);
    }
  }
  const [header = []] = rows;
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(['', line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));

  console.log('');
  for (const c of cases) {
    const ours = times.get(`Lectern CLI|${c.name}`);
    const peers = active.filter((t) => !t.key.startsWith('lectern')).map((t) => [t.name, times.get(`${t.name}|${c.name}`)] as const).filter(([, xs]) => xs?.length);
    if (!ours?.length || peers.length === 0) continue;
    const [fastest, xs] = peers.reduce((a, b) => (median(a[1]!) <= median(b[1]!) ? a : b));
    const ratio = median(ours) / median(xs!);
    console.log(`${c.name}: Lectern cold ${fmt(median(ours))} = ${(ratio * 100).toFixed(0)}% of the fastest peer (${fastest}, ${fmt(median(xs!))})`);
    // The target is set against Marp CLI on the same browser binary Lectern prints with.
    const sameBinary = browsers.find(([, file]) => file === printing.executablePath)?.[0];
    const marp = peers.find(([name]) => name.startsWith('Marp CLI') && (browsers.length === 1 || name.includes(`(${sameBinary})`)));
    if (marp?.[1]?.length) {
      const r = median(ours) / median(marp[1]);
      console.log(`${c.name}: Lectern cold = ${(r * 100).toFixed(0)}% of ${marp[0]} (${fmt(median(marp[1]))}); target ≤ ${c.target * 100}%: ${r <= c.target ? 'met' : 'NOT met'}`);
    }
    // Marp's PDF is the smallest of the peers' for the same text: the size target is 2× it.
    const [ourSize, marpSize] = [sizes.get(`Lectern CLI|${c.name}`), [...sizes].find(([k]) => k.startsWith('Marp CLI') && k.endsWith(`|${c.name}`))?.[1]];
    if (ourSize && marpSize) console.log(`${c.name}: Lectern PDF ${kb(ourSize)} = ${(ourSize / marpSize).toFixed(1)}× Marp CLI's (${kb(marpSize)}); target ≤ 2×: ${ourSize <= 2 * marpSize ? 'met' : 'NOT met'}`);
  }
  const europythonCase = cases[0]!; // the first of `sources`
  const warmEp = warm.get(`auto|${europythonCase.name}`);
  if (warmEp) console.log(`${europythonCase.name}: warm server export ${fmt(median(warmEp))}; target < 600 ms: ${median(warmEp) < 600 ? 'met' : 'NOT met'}`);
  console.log(`load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await fs.rm(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
