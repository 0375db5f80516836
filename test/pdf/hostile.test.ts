// A hostile deck cannot make the exporter's Chromium touch the server's network: every way a
// deck can name a URL points at a listener on loopback, by address and by names that resolve
// there, and the listener must see no connection at all, while the export still succeeds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { DeckStore } from '../../server/decks/store.ts';
import type { LoadedDeck } from '../../server/decks/load.ts';
import { PdfExporter } from '../../server/pdf/exporter.ts';
import type { Resolved, Transport } from '../../server/pdf/egress.ts';
import { pino } from 'pino';
import { createApplication, type Lectern } from '../../server/app.ts';
import { copyDecks, tempDir } from '../helpers/server.ts';
import { FRAG_DECK, pagePixel, pageTexts } from './pdf-tools.ts';

/** Counts every TCP connection made to it, on 127.0.0.1 and (where the machine has IPv6) ::1, one port. */
async function trap(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const servers: net.Server[] = [];
  const listen = (host: string, port: number) =>
    new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer((socket) => {
        connections++;
        socket.destroy();
      });
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  const first = await listen('127.0.0.1', 0);
  servers.push(first);
  const { port } = first.address() as AddressInfo;
  const v6 = await listen('::1', port).catch(() => undefined);
  if (v6) servers.push(v6);
  return { port, connections: () => connections, close: async () => void (await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))) };
}

/**
 * Every place a deck can put a URL, at the trap: by address, in other spellings, and by names
 * (`internal.test` only where the test resolves names itself: no DNS query leaves the machine).
 */
function hostileDeck(port: number, testNames: boolean): string {
  const at = (base: string) => [
    `<img src="${base}/img" alt="">`,
    `<img srcset="${base}/srcset 2x" alt="">`,
    `<div style="background-image: url('${base}/style'); width: 50px; height: 50px">bg</div>`,
    `<video poster="${base}/poster" src="${base}/video" preload="auto" width="80"></video>`,
    `<audio src="${base}/audio" preload="auto"></audio>`,
    `<img data-src="${base}/lazy" alt="">`,
    `<iframe data-src="${base}/lazy-frame"></iframe>`,
    `<iframe src="${base}/frame"></iframe>`,
  ];
  return [
    '---\ntitle: Hostile\n---',
    `<!-- .slide: data-background-image="http://127.0.0.1:${port}/background" -->\n## By address\n\n${at(`http://127.0.0.1:${port}`).join('\n')}\n${at(`https://127.0.0.1:${port}`).slice(0, 2).join('\n')}`,
    [
      '## Other spellings',
      `<img src="http://2130706433:${port}/decimal" alt=""><img src="http://0x7f.0.0.1:${port}/hex" alt=""><img src="http://0177.0.0.1:${port}/octal" alt="">`,
      `<img src="http://[::1]:${port}/v6" alt=""><img src="http://[::ffff:127.0.0.1]:${port}/mapped" alt="">`,
      `<link rel="prefetch" href="http://127.0.0.1:${port}/prefetch"><link rel="preconnect" href="http://127.0.0.1:${port}">`,
      `<meta http-equiv="refresh" content="0;url=http://127.0.0.1:${port}/refresh">`,
    ].join('\n\n'),
    `## By name\n\n${at(`https://localhost:${port}`).join('\n')}\n${testNames ? at(`https://internal.test:${port}`).slice(0, 3).join('\n') : ''}`,
  ].join('\n\n---\n\n');
}

/** A resolver where internal.test is loopback and images.test is a public address; nothing leaves the machine. */
const resolve = async (hostname: string): Promise<Resolved[]> => {
  if (hostname === 'internal.test') return [{ address: '127.0.0.1', family: 4 }];
  if (hostname === 'images.test') return [{ address: '93.184.216.34', family: 4 }];
  if (hostname === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`not resolvable in this test: ${hostname}`), { code: 'ENOTFOUND' });
};

const RED = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"><rect width="16" height="9" fill="#ff0000"/></svg>';

describe('a hostile deck', () => {
  let listener: Awaited<ReturnType<typeof trap>>;
  let decksDir: string;
  let store: DeckStore;
  let hostile: LoadedDeck;
  let exporter: PdfExporter;
  const fetched: Array<{ url: string; address: string; headers: Record<string, string> }> = [];
  const transport: Transport = async (target, { headers }) => {
    fetched.push({ url: target.url.href, address: target.addresses.map((a) => a.address).join(' '), headers });
    if (target.url.pathname === '/redirect') return { status: 302, headers: { location: `http://127.0.0.1:${listener.port}/redirected` }, body: Buffer.alloc(0) };
    return { status: 200, headers: { 'content-type': 'image/svg+xml', 'set-cookie': ['a=b'] }, body: Buffer.from(RED) };
  };

  before(async () => {
    listener = await trap();
    decksDir = await copyDecks({
      'hostile.md': hostileDeck(listener.port, true),
      'hostile-http.md': hostileDeck(listener.port, false),
      'frag.md': FRAG_DECK,
      'public.md': '---\ntitle: Public\n---\n\n<!-- .slide: data-background-image="https://images.test/red.svg" -->\n## Red\n\n<img src="https://images.test/redirect" alt="">',
    });
    store = new DeckStore(decksDir);
    hostile = await store.load('hostile');
    exporter = new PdfExporter({ egress: { allowHttp: true, resolve, transport } });
  });

  after(async () => {
    await exporter?.close();
    await listener?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('through the exporter API (http: allowed, names resolved by the test): nothing reaches loopback, every slide prints', async () => {
    const result = await exporter.export(hostile);
    assert.equal(result.pages, 3);
    assert.match((await pageTexts(result.pdf))[2], /By name/);
    assert.equal(listener.connections(), 0, 'no connection reached the loopback listener');
    assert.deepEqual(fetched, [], 'nothing was fetched from outside either');
    const refused = new Map(result.blocked.map((b) => [new URL(b.url).pathname, b]));
    for (const path of ['/img', '/srcset', '/style', '/poster', '/background', '/decimal', '/hex', '/octal', '/v6', '/mapped']) {
      assert.ok(refused.has(path), `${path} was asked for and refused (got ${[...refused.keys()].join(' ')})`);
    }
    assert.equal(refused.get('/img')?.reason, 'loopback');
    assert.equal(refused.get('/mapped')?.reason, 'loopback');
    const hosts = new Set(result.blocked.map((b) => `${b.host} ${b.reason}`));
    assert.ok(hosts.has('localhost loopback'), 'a name is judged by the address it resolves to');
    assert.ok(hosts.has('internal.test loopback'), 'whatever the name looks like');
  });

  test('raw HTML past the sanitizer (meta refresh, prefetch, preconnect, frames) cannot navigate or connect either', async () => {
    const base = `http://127.0.0.1:${listener.port}`;
    const raw = [
      `<meta http-equiv="refresh" content="0;url=${base}/refresh">`,
      `<link rel="prefetch" href="${base}/prefetch"><link rel="preconnect" href="${base}"><link rel="dns-prefetch" href="//internal.test">`,
      `<iframe src="${base}/frame"></iframe><a href="${base}/link" target="_blank">link</a>`,
    ].join('\n');
    const deck = await store.load('frag');
    const injected: LoadedDeck = { ...deck, deck: { ...deck.deck, slides: deck.deck.slides.map((s, i) => (i === 0 ? { ...s, html: raw + s.html } : s)) } };
    const result = await exporter.export(injected);
    assert.equal(result.pages, 6);
    assert.match((await pageTexts(result.pdf))[0], /One/, 'the print page stayed where it was');
    assert.equal(listener.connections(), 0);
    // A same-origin refresh (the page reloading itself, or another print page) is refused as well.
    const self: LoadedDeck = { ...deck, deck: { ...deck.deck, slides: deck.deck.slides.map((s, i) => (i === 0 ? { ...s, html: `<meta http-equiv="refresh" content="0;url=?again">${s.html}` } : s)) } };
    const again = await exporter.export(self);
    assert.equal(again.pages, 6);
    assert.ok(again.blocked.some((b) => b.reason === 'navigation'), 'the refresh was refused');
  });

  test('a public https image is fetched from Node at the checked address, without Referer, and printed; its redirect to loopback is refused', async () => {
    const result = await exporter.export(await store.load('public'));
    assert.equal(result.pages, 1);
    const red = await pagePixel(result.pdf, 1, 8, 8);
    assert.ok(red[0] > 200 && red[1] < 60 && red[2] < 60, `the slide's background is the fetched red image (got ${red})`);
    assert.ok(fetched.some((f) => f.url === 'https://images.test/red.svg' && f.address === '93.184.216.34'));
    for (const f of fetched) {
      assert.deepEqual(Object.keys(f.headers).filter((h) => /referer|origin|cookie/i.test(h)), [], 'no Referer, Origin or Cookie is forwarded');
    }
    assert.deepEqual(
      result.blocked.map((b) => [b.host, b.reason]),
      [['127.0.0.1', 'loopback']],
      'the redirect hop to loopback was checked and refused',
    );
    assert.equal(listener.connections(), 0);
  });

  describe('over HTTP (GET /decks/hostile-http.pdf, the default: https only, the system resolver)', () => {
    let lectern: Lectern;
    let url: string;
    let dataDir: string;
    const logs: Array<{ msg?: string; slug?: string; blocked?: string[] }> = [];

    before(async () => {
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
      dataDir = await tempDir();
      lectern = await createApplication({ port: 0, host: '127.0.0.1', decksDir, dataDir, watch: false, logLevel: 'warn' }, { logger });
      url = `http://127.0.0.1:${(await lectern.listen(0, '127.0.0.1')).port}`;
    });

    after(async () => {
      await lectern?.close();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    test('200 with every slide, the loopback listener saw nothing, and the log names the deck and the refused hosts', async () => {
      const res = await fetch(`${url}/decks/hostile-http.pdf`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-lectern-pages'), '3');
      await res.arrayBuffer();
      assert.equal(listener.connections(), 0);
      const warning = logs.find((l) => l.slug === 'hostile-http');
      assert.ok(warning, 'a warning for the deck');
      assert.ok(warning.blocked?.some((line) => line.startsWith('localhost: a loopback address')), warning.blocked?.join('\n'));
      assert.ok(warning.blocked?.some((line) => line.startsWith('127.0.0.1: http: is off')), 'http: is refused by default');
    });
  });
});
