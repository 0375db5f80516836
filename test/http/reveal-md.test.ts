// reveal-md decks over HTTP: compressed pages, the deck's stylesheet (scoped) and theme on every
// page that shows it, the files a single-file deck may serve, config files, warnings in the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { request } from 'node:http';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { createSession } from '../live/helpers.ts';
import { DeckStore } from '../../server/decks/store.ts';
import { buildSite } from '../../server/site/build.ts';
import { clientDir } from '../../server/http/assets.ts';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'reveal-md');

/** GET with an Accept-Encoding (fetch would decode the body): status, headers and raw bytes. */
function rawGet(url: string, encoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('reveal-md decks over HTTP', () => {
  let server: TestServer;
  let decksDir: string;

  before(async () => {
    decksDir = await tempDir('lectern-reveal-md-http-');
    await fs.cp(FIXTURES, decksDir, { recursive: true });
    // A single-file deck beside files it does not load.
    await fs.writeFile(path.join(decksDir, 'pic.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await fs.writeFile(path.join(decksDir, 'other.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await fs.writeFile(path.join(decksDir, 'single.md'), `# Single\n\n![pic](pic.svg)\n\n${'Some text to compress. '.repeat(400)}\n`);
    server = await startServer({ decksDir });
  });

  after(async () => {
    await server?.close();
    if (decksDir) await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('HTML pages and JSON are compressed (brotli or gzip, as the client asks)', async () => {
    const plain = await rawGet(`${server.url}/decks/single/`, 'identity');
    const br = await rawGet(`${server.url}/decks/single/`, 'br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(br.body).toString(), plain.body.toString());
    assert.ok(br.body.length * 5 < plain.body.length, `${br.body.length} bytes vs ${plain.body.length}`);
    const gz = await rawGet(`${server.url}/api/decks`, 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.ok(JSON.parse(zlib.gunzipSync(gz.body).toString()));
  });

  test("a deck's stylesheet is served scoped to the slides, under its hash, and linked by its pages", async () => {
    const page = await (await fetch(`${server.url}/decks/styled/`)).text();
    const href = /<link rel="stylesheet" href="(\/decks\/styled\/lectern-deck\.css\?v=\w+)" data-lectern-style>/.exec(page)?.[1];
    assert.ok(href, 'the deck page links the stylesheet');
    assert.match(page, /\/assets\/styles\/themes\/league-\w+\.css/);
    const res = await fetch(`${server.url}${href}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/css/);
    assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    const css = await res.text();
    assert.match(css, /\.lectern-deck \.slides \.intro h1/);
    assert.doesNotMatch(css, /@import|javascript|\bbody\b/);
    // Every selector (the hostile `.deck-toolbar` one too) matches inside the deck element only.
    const selectors = [...css.replace(/\/\*[^]*?\*\//g, '').matchAll(/([^{}]+)\{[^{}]*\}/g)].flatMap((m) => (m[1] ?? '').split(',').map((sel) => sel.trim()));
    assert.ok(selectors.length >= 3);
    for (const selector of selectors) assert.match(selector, /^\.lectern-deck(\s|$)/, selector);
    assert.equal((await fetch(`${server.url}/decks/themed/lectern-deck.css`)).status, 404);
  });

  test('the presenter and follower pages link the same theme as the deck page', async () => {
    const session = await createSession(server.url, 'themed');
    for (const url of [`/present/${session.id}`, `/live/${session.id}`]) {
      const html = await (await fetch(`${server.url}${url}`)).text();
      assert.match(html, /\/assets\/styles\/themes\/black-\w+\.css/, url);
      assert.match(html, /\/assets\/styles\/highlight\/github-dark-\w+\.css/, url);
      assert.match(html, /class="reveal lectern-deck theme-black"/, url);
    }
  });

  test('a single-file deck serves the files its slides load, and no other file beside it', async () => {
    assert.equal((await fetch(`${server.url}/decks/single/pic.svg`)).status, 200);
    assert.equal((await fetch(`${server.url}/decks/single/other.svg`)).status, 404);
    assert.equal((await fetch(`${server.url}/decks/single/single.md`)).status, 404);
  });

  test('config files beside a deck set its theme, size and separator; their scripts are refused with a warning', async () => {
    const res = await fetch(`${server.url}/api/decks/config`);
    const body = (await res.json()) as { meta: { theme: string; reveal: Record<string, unknown> }; slides: unknown[]; warnings: Array<{ file?: string; message: string }> };
    assert.equal(body.meta.theme, 'solarized');
    assert.equal(body.meta.reveal.width, 1000);
    assert.equal(body.meta.reveal.height, 700);
    assert.equal(body.slides.length, 2);
    assert.ok(body.warnings.some((w) => /"scripts" is not run/.test(w.message)), JSON.stringify(body.warnings));
    const broken = (await (await fetch(`${server.url}/api/decks/broken-config`)).json()) as { warnings: Array<{ file?: string; line?: number; message: string }> };
    assert.ok(broken.warnings.some((w) => /reveal\.json$/.test(w.file ?? '') && w.line === 4 && /JSON5/.test(w.message)), JSON.stringify(broken.warnings));
  });

  test('file names with spaces or accents get slugs; a folder without index.md is listed as an error', async () => {
    const decks = (await (await fetch(`${server.url}/api/decks`)).json()) as Array<{ slug: string; title: string; error?: { message: string } }>;
    const slugs = decks.map((d) => d.slug);
    assert.ok(slugs.includes('my-talk-final'), slugs.join(' '));
    assert.ok(slugs.includes('uenicode'), slugs.join(' '));
    assert.equal((await fetch(`${server.url}/decks/my-talk-final`)).status, 200);
    assert.match(decks.find((d) => d.slug === 'notes-only')?.error?.message ?? '', /no index\.md/);
  });

  test("a static site of the decks: each page links its theme's files, copied beside it; a folder that is no deck is left out", async () => {
    const outDir = path.join(await tempDir('lectern-site-'), 'site');
    try {
      const result = await buildSite({ decks: new DeckStore(decksDir), outDir, clientDir });
      assert.ok(result.decks >= 10);
      const page = await fs.readFile(path.join(outDir, 'decks', 'themed', 'index.html'), 'utf8');
      const theme = /href="\.\.\/\.\.\/(assets\/styles\/themes\/black-\w+\.css)"/.exec(page)?.[1];
      assert.ok(theme, 'the black theme is linked');
      const css = await fs.readFile(path.join(outDir, theme), 'utf8');
      const font = /url\("?([^")]+\.woff2?)"?\)/.exec(css)?.[1];
      assert.ok(font, 'the theme names its fonts');
      await fs.access(path.join(outDir, path.dirname(theme), font));
      await assert.rejects(fs.access(path.join(outDir, 'decks', 'notes-only')));
    } finally {
      await fs.rm(path.dirname(outDir), { recursive: true, force: true });
    }
  });
});
