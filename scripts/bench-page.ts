// Page weight: how long the follower page takes to reach Reveal.isReady() in a warm
// browser, beside a reveal-md style page of the same deck measured in the same run. reveal-md
// itself is not a dependency; its page is rebuilt the way reveal-md's template builds it: the
// reveal.js UMD bundle, the markdown (marked in the browser), highlight, zoom and notes plugins,
// a theme and a highlight theme, and the whole markdown for the markdown plugin to split.
//
//   npx tsx scripts/bench-page.ts [--deck europython-2013] [--runs 15] [--reveal-md /path/to/bin/reveal-md] [--cache warm|cold|both]
//
// With --reveal-md (installed outside the project, e.g. `npm i reveal-md` in /tmp/peers) the real
// reveal-md server is measured too, serving the same deck file.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import puppeteer, { type Browser } from 'puppeteer-core';
import { createApplication } from '../server/app.ts';
import { loadConfig, projectRoot } from '../server/config.ts';
import { BROWSER_ARGS, findBrowser } from '../server/pdf/browser.ts';
import { ms, summarize } from './bench/stats.ts';

const reveal = (file: string) => path.join(projectRoot, 'node_modules', 'reveal.js', 'dist', file);

/** reveal-md's reveal.html, reduced to what loads and runs (no livereload, no print CSS). */
function revealMdPage(markdown: string): string {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/<\/textarea/gi, '&lt;/textarea');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>reveal-md style</title>
<link rel="stylesheet" href="/dist/reset.css"><link rel="stylesheet" href="/dist/reveal.css">
<link rel="stylesheet" href="/dist/theme/white.css" id="theme"><link rel="stylesheet" href="/dist/plugin/highlight/monokai.css">
</head><body>
<div class="reveal"><div class="slides">
<section data-markdown data-separator="^\\r?\\n---\\r?\\n$" data-separator-vertical="^\\r?\\n----\\r?\\n$" data-separator-notes="^Note:"><textarea data-template>${body}</textarea></section>
</div></div>
<script src="/dist/reveal.js"></script>
<script src="/dist/plugin/markdown.js"></script>
<script src="/dist/plugin/highlight.js"></script>
<script src="/dist/plugin/zoom.js"></script>
<script src="/dist/plugin/notes.js"></script>
<script>Reveal.initialize({ controls: true, progress: true, history: true, center: true, plugins: [RevealMarkdown, RevealHighlight, RevealZoom, RevealNotes] });</script>
</body></html>`;
}

/** A static server for the reveal-md style page, with the same cache policy Lectern's assets have. */
async function revealMdServer(markdown: string): Promise<{ url: string; close(): void }> {
  const page = revealMdPage(markdown);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const rel = url.pathname.replace(/^\/dist\//, '');
    if (!/^[\w./-]+$/.test(rel) || rel.includes('..')) return void res.writeHead(404).end();
    try {
      const body = await fs.readFile(reveal(rel));
      const type = rel.endsWith('.css') ? 'text/css' : 'text/javascript';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'max-age=3600' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

/** The real reveal-md serving the deck on a free loopback port; resolves once it answers. */
async function realRevealMd(bin: string, file: string): Promise<{ url: string; close(): void }> {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const child: ChildProcess = spawn(bin, [path.basename(file), '--port', String(port), '--host', '127.0.0.1', '--disable-auto-open'], {
    cwd: path.dirname(file),
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/${path.basename(file)}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return { url, close: () => child.kill() };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`reveal-md did not answer at ${url}`);
}

/**
 * Milliseconds from navigation start until Reveal.isReady(), polled every 2 ms in the page.
 * `cold`: in a fresh browser context, so nothing is in the HTTP or code cache — an audience
 * member opening the follow link for the first time; `warm`: the browser's default context,
 * after earlier loads of the same page.
 */
async function timeToReady(browser: Browser, url: string, viewport: { width: number; height: number }, cold = false): Promise<number> {
  const context = cold ? await browser.createBrowserContext() : undefined;
  const page = await (context ?? browser).newPage();
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { Reveal?: { isReady?: () => boolean }; __readyAt?: number };
    const poll = setInterval(() => {
      if (w.Reveal?.isReady?.()) {
        w.__readyAt = performance.now();
        clearInterval(poll);
      }
    }, 2);
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => (window as unknown as { __readyAt?: number }).__readyAt !== undefined, { timeout: 30_000, polling: 10 });
  const at = await page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  await page.close();
  await context?.close();
  return at;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deck: { type: 'string', default: 'europython-2013' },
      runs: { type: 'string', default: '15' },
      'reveal-md': { type: 'string' },
      cache: { type: 'string', default: 'both' },
    },
  });
  const runs = Math.min(100, Math.max(1, Number(values.runs) || 15));
  const config = { ...loadConfig([]), host: '127.0.0.1', port: 0, watch: false, logLevel: 'silent', dataDir: await fs.mkdtemp(path.join((await import('node:os')).tmpdir(), 'lectern-bench-page-')) };
  const lectern = await createApplication(config);
  const { port } = await lectern.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const created = (await (await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deck: values.deck }) })).json()) as { followUrl: string };
  const loaded = await lectern.context.decks.load(values.deck);
  const revealMd = await revealMdServer(await fs.readFile(loaded.file, 'utf8'));
  const real = values['reveal-md'] ? await realRevealMd(values['reveal-md'], loaded.file) : undefined;
  const browser = await puppeteer.launch({ executablePath: await findBrowser(), headless: true, args: BROWSER_ARGS });
  try {
    const targets = [
      { name: 'Lectern follower page', url: created.followUrl },
      { name: 'reveal-md style page', url: revealMd.url },
      ...(real ? [{ name: 'reveal-md (real server)', url: real.url }] : []),
    ];
    const modes = values.cache === 'both' ? ['warm', 'cold'] : [values.cache === 'cold' ? 'cold' : 'warm'];
    for (const mode of modes) {
      for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
        const cold = mode === 'cold';
        // Warm the browser: caches, fonts, compiled code (in the default context; a cold load gets a fresh one).
        for (const t of targets) for (let i = 0; i < 3; i++) await timeToReady(browser, t.url, viewport, cold);
        const times: number[][] = targets.map(() => []); // times[j] and medians[j]: targets[j]'s
        for (let i = 0; i < runs; i++) for (const [j, t] of targets.entries()) times[j]!.push(await timeToReady(browser, t.url, viewport, cold));
        console.log(`\n${values.deck} (${loaded.deck.slides.length} slides), ${viewport.width}×${viewport.height}, ${cold ? 'first visit (fresh browser context: empty HTTP and code caches)' : 'repeat visit (warm browser caches)'}, ${runs} loads each:`);
        const medians = times.map((t) => summarize(t).p50);
        for (const [j, t] of targets.entries()) {
          const s = summarize(times[j]!);
          console.log(`  ${t.name.padEnd(24)} median ${ms(s.p50).padStart(9)}   p95 ${ms(s.p95).padStart(9)}   max ${ms(s.max).padStart(9)}`);
        }
        for (let j = 1; j < targets.length; j++) {
          console.log(`  Lectern ÷ ${targets[j]!.name}: ${(medians[0]! / medians[j]!).toFixed(2)} (target ≤ 0.33)`);
        }
      }
    }
  } finally {
    await browser.close();
    revealMd.close();
    real?.close();
    await lectern.close();
    await fs.rm(config.dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
