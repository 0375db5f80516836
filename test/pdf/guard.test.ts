// The exporter's request guard in real Chromium, against a page that can run script (which a
// deck cannot: this is the layer beneath the sanitizer and CSP). fetch, XHR, EventSource,
// WebSocket, beacons, workers, a service worker, popups, frames and navigations all aim at a
// loopback listener; it must see nothing. And the print server's own headers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { projectRoot } from '../../server/config.ts';
import { RequestGuard } from '../../server/pdf/guard.ts';
import { launchChromium, killProcessTree, type RunningBrowser } from '../../server/pdf/launch.ts';
import { PrintServer } from '../../server/pdf/print-server.ts';
import { waitFor } from '../helpers/wait.ts';

function attackPage(trap: string): string {
  const ws = trap.replace('http:', 'ws:');
  return `<!doctype html><html><head>
<link rel="prefetch" href="${trap}/prefetch"><link rel="preconnect" href="${trap}"><link rel="dns-prefetch" href="//internal.test">
</head><body><iframe src="${trap}/frame"></iframe><a id="out" href="${trap}/link" target="_blank">out</a>
<script>
const attempts = [
  fetch('${trap}/fetch').catch(() => 0),
  fetch('/local').then((r) => r.text()),
  new Promise((resolve) => { const x = new XMLHttpRequest(); x.onloadend = resolve; x.open('GET', '${trap}/xhr'); x.send(); }),
  new Promise((resolve) => { const s = new EventSource('${trap}/sse'); s.onerror = () => { s.close(); resolve(); }; }),
  new Promise((resolve) => { const s = new WebSocket('${ws}/ws'); s.onerror = s.onclose = resolve; }),
  Promise.resolve(navigator.sendBeacon('${trap}/beacon', 'x')),
  new Promise((resolve) => { const w = new Worker('/worker.js'); w.onmessage = resolve; w.onerror = resolve; }),
  navigator.serviceWorker.register('/sw.js').then((r) => new Promise((resolve) => setTimeout(resolve, 300))).catch(() => 0),
  Promise.resolve(window.open('${trap}/popup')),
  Promise.resolve(document.getElementById('out').click()),
];
Promise.allSettled(attempts).then(() => { document.title = 'tried'; location.href = '${trap}/away'; });
</script></body></html>`;
}

describe('the request guard in Chromium', () => {
  let trapPort: number;
  let trapConnections = 0;
  let trapServer: net.Server;
  let origin: http.Server;
  let originUrl: string;
  let running: RunningBrowser;
  let guard: RequestGuard;

  before(async () => {
    trapServer = net.createServer((socket) => {
      trapConnections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trapServer.listen(0, '127.0.0.1', resolve));
    trapPort = (trapServer.address() as AddressInfo).port;
    const trap = `http://127.0.0.1:${trapPort}`;
    // Stands in for the print server: same origin rules, but serves script.
    origin = http.createServer((req, res) => {
      const js = (body: string) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
      if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(trap));
      else if (req.url === '/worker.js') js(`fetch('${trap}/worker').catch(() => 0).finally(() => postMessage(1));`);
      else if (req.url === '/sw.js') js(`fetch('${trap}/service-worker').catch(() => 0);`);
      else res.end('local');
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
    guard = new RequestGuard(async () => originUrl, { allowHttp: true });
    running = await launchChromium({}, { args: () => guard.launchArgs(), connected: (browser) => guard.attach(browser) });
  });

  after(async () => {
    if (running) killProcessTree(running.process);
    origin?.closeAllConnections();
    await Promise.all([new Promise((r) => origin?.close(r)), new Promise((r) => trapServer?.close(r))]);
  });

  test('a scripted page reaches nothing but its own origin, and stays where it was put', async () => {
    const page = (await running.browser.pages())[0];
    const url = `${originUrl}/page`;
    const navigation = guard.expect(url);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.title === 'tried', { timeout: 10_000 });
    // The last attempt, the navigation away, is decided once the guard has refused it.
    await waitFor('the guard to refuse the navigation away', () => navigation.blocked.some((b) => b.url.endsWith('/away')), { timeoutMs: 10_000 });
    assert.equal(page.url(), url, 'the navigation away was refused');
    assert.equal(trapConnections, 0, 'the loopback listener saw no connection');
    const reasons = new Set(navigation.blocked.map((b) => b.reason));
    assert.ok(reasons.has('navigation') && reasons.has('resource-type'), `refusals reported: ${[...reasons].join(', ')}`);
    navigation.end();
    // A second load of the same URL was not expected: refused (aborted, the page stays).
    await assert.rejects(page.goto(url), /ERR_ABORTED/);
  });
});

describe('the print server', () => {
  const server = new PrintServer(path.join(projectRoot, 'dist', 'client'));

  after(() => server.close());

  test('no Referer leaves any response; the print page forbids workers, frames, forms and fetches', async () => {
    const job = await server.add({ html: '<p>hi</p>', slug: 'x' });
    const origin = new URL(job.url).origin;
    for (const url of [job.url, `${origin}/assets/print.css`, `${origin}/nothing-here`]) {
      const res = await fetch(url);
      await res.arrayBuffer();
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', url);
    }
    const csp = (await fetch(job.url)).headers.get('content-security-policy') ?? '';
    for (const directive of ["connect-src 'none'", "worker-src 'none'", "frame-src 'none'", "form-action 'none'"]) assert.ok(csp.includes(directive), directive);
  });

  test('print pages have unguessable addresses', async () => {
    const [a, b] = await Promise.all([server.add({ html: '', slug: 'a' }), server.add({ html: '', slug: 'b' })]);
    const id = (url: string) => new URL(url).pathname.split('/')[2];
    assert.match(id(a.url), /^[\w-]{16}$/);
    assert.notEqual(id(a.url), id(b.url));
  });

  test('prefetched bundle files are answered with the files\' bytes; a file not in the bundle is still reported missing', async () => {
    const clientDir = path.join(projectRoot, 'dist', 'client');
    const fresh = new PrintServer(clientDir);
    const missing: string[] = [];
    fresh.onMissingAsset = (file) => missing.push(file);
    try {
      fresh.prefetch(['print.css', 'print.js', 'not-built.js']);
      const origin = new URL((await fresh.add({ html: '', slug: 'p' })).url).origin;
      for (const file of ['print.css', 'print.js']) {
        const res = await fetch(`${origin}/assets/${file}`);
        assert.deepEqual(Buffer.from(await res.arrayBuffer()), fs.readFileSync(path.join(clientDir, file)), file);
      }
      assert.deepEqual(missing, [], 'a prefetch reports nothing');
      assert.equal((await fetch(`${origin}/assets/not-built.js`)).status, 404);
      assert.deepEqual(missing, ['not-built.js']);
    } finally {
      await fresh.close();
    }
  });
});
