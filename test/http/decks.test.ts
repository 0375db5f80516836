// The deck routes over real HTTP: API shapes, pages, errors, and no way out of the decks folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import zlib from 'node:zlib';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { projectRoot } from '../../server/config.ts';
import { copyDecks, startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { rawGet } from '../helpers/http.ts';

const SHOWCASE = [
  'europython-2013',
  'from-our-code-to-your-production-cloud',
  'anatomy-of-an-openstack-distro',
  'building-the-rackstack',
  'orchestration-for-public-cloud-heat-at-rackspace',
];

const BROKEN = `---
title: Broken deck
author: [unclosed
---

# Slide
`;

const SECRET = 'TOP-SECRET-OUTSIDE-DECKS';

describe('deck routes', () => {
  let server: TestServer;
  let decksDir: string;
  let outside: string;

  before(async () => {
    decksDir = await copyDecks({
      'broken.md': BROKEN,
      'folder-deck/index.md': '---\ntitle: Folder deck\n---\n\n# With a picture\n\n![dot](dot.svg)\n\nNote: folder secret note\n',
      'folder-deck/dot.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="5"/></svg>',
      'notes-deck.md': '---\ntitle: Notes deck\n---\n\n# Public heading\n\nNote: whisper-only-for-the-speaker\n',
    });
    // A file beside the decks folder that no URL may ever reach.
    outside = path.join(path.dirname(decksDir), `${path.basename(decksDir)}-secret.md`);
    await fs.writeFile(outside, `---\ntitle: ${SECRET}\n---\n# ${SECRET}\n`);
    await fs.writeFile(path.join(decksDir, '.hidden.md'), `# ${SECRET}\n`);
    server = await startServer({ decksDir });
  });

  after(async () => {
    await server.close();
    await fs.rm(outside, { force: true });
  });

  test('GET /healthz answers 200', async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
  });

  test('GET /api/decks lists every deck with its slide count and broken ones with an error', async () => {
    const res = await fetch(`${server.url}/api/decks`);
    assert.equal(res.status, 200);
    const decks = (await res.json()) as Array<{ slug: string; title: string; slides: number; error?: { file: string; line?: number; message: string } }>;
    const slugs = decks.map((d) => d.slug);
    for (const slug of SHOWCASE) assert.ok(slugs.includes(slug), `missing ${slug}`);
    const europython = decks.find((d) => d.slug === 'europython-2013')!;
    assert.equal(europython.title, 'OpenStack: A python based IaaS provider');
    assert.equal(europython.slides, 27);
    const broken = decks.find((d) => d.slug === 'broken')!;
    assert.ok(broken.error, 'broken deck carries an error');
    assert.equal(broken.error.file, path.join(path.basename(decksDir), 'broken.md'));
    assert.equal(broken.error.line, 3);
    assert.ok(!slugs.includes('.hidden'));
  });

  test('GET /api/decks/<slug> gives slides with h, v, title, html and never the notes', async () => {
    const res = await fetch(`${server.url}/api/decks/notes-deck`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { slug: string; meta: { title: string }; slides: Array<Record<string, unknown>> };
    assert.equal(body.slug, 'notes-deck');
    assert.equal(body.meta.title, 'Notes deck');
    assert.deepEqual(Object.keys(body.slides[0]).sort(), ['h', 'html', 'title', 'v']);
    assert.equal(body.slides[0].title, 'Public heading');
    assert.ok(!JSON.stringify(body).includes('whisper-only'));
  });

  test('the deck page holds every slide and no speaker notes', async () => {
    const res = await fetch(`${server.url}/decks/notes-deck`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Public heading/);
    assert.ok(!html.includes('whisper-only'));
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const euro = await (await fetch(`${server.url}/decks/europython-2013`)).text();
    assert.equal((euro.match(/<section[ >]/g) ?? []).length, 27);
    assert.match(euro, /@flaper87 – Europython 2013/);
  });

  test('the index lists the decks as cards with a filter box and an error badge', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    assert.match(html, /id="lectern-filter"/);
    assert.match(html, /OpenStack: A python based IaaS provider/);
    assert.match(html, /27 slides/);
    assert.match(html, /badge--error/);
    assert.match(html, /broken\.md:3/);
  });

  test('an unknown deck is a 404 page and a 404 JSON error', async () => {
    const page = await fetch(`${server.url}/decks/no-such-deck`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /Deck not found/);
    const api = await fetch(`${server.url}/api/decks/no-such-deck`);
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'not-found');
  });

  test('a broken deck returns an error page naming the file and line; others keep working', async () => {
    const res = await fetch(`${server.url}/decks/broken`);
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.match(html, /broken\.md:3/);
    assert.match(html, /error__line--bad"><span class="error__num">3<\/span>author: \[unclosed/);
    assert.equal((await fetch(`${server.url}/decks/europython-2013`)).status, 200);
  });

  test('fixing a broken deck fixes its page without a restart', async () => {
    const file = path.join(decksDir, 'fixable.md');
    await fs.writeFile(file, '---\ntitle: [oops\n---\n# Hi\n');
    assert.equal((await fetch(`${server.url}/decks/fixable`)).status, 422);
    await fs.writeFile(file, '---\ntitle: Fixed now\n---\n# Hi there\n');
    const res = await fetch(`${server.url}/decks/fixable`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Hi there/);
  });

  test('a deck over the size limit gets a clear 422, not a hung server', async () => {
    await fs.writeFile(path.join(decksDir, 'huge.md'), '# Huge\n\n' + 'x'.repeat(6 * 1024 * 1024));
    const res = await fetch(`${server.url}/decks/huge`);
    assert.equal(res.status, 422);
    assert.match(await res.text(), /limited to 5\.0 MB/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test('a folder deck serves its images but never its markdown', async () => {
    const page = await fetch(`${server.url}/decks/folder-deck`);
    assert.equal(page.status, 200);
    // Served at ".../folder-deck/" so the relative "dot.svg" resolves inside the deck's folder.
    assert.equal(new URL(page.url).pathname, '/decks/folder-deck/');
    assert.match(await page.text(), /<img src="dot\.svg"/);
    const img = await fetch(`${server.url}/decks/folder-deck/dot.svg`);
    assert.equal(img.status, 200);
    assert.match(img.headers.get('content-type') ?? '', /image\/svg/);
    assert.match(img.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    for (const p of ['/decks/folder-deck/index.md', '/decks/folder-deck/INDEX.MD', '/decks/folder-deck/missing.png']) {
      const res = await rawGet(server.port, p);
      assert.equal(res.status, 404, p);
      assert.ok(!res.body.includes('folder secret note'), p);
    }
  });

  test('no path leaves the decks folder or the built client', async () => {
    const secretName = path.basename(outside);
    const attempts = [
      `/decks/../${secretName.replace(/\.md$/, '')}`,
      `/decks/..%2f${secretName.replace(/\.md$/, '')}`,
      `/decks/%2e%2e/${secretName}`,
      `/decks/%2e%2e%2f${secretName}`,
      `/decks/%252e%252e%252f${secretName}`,
      `/decks/..%5c${secretName}`,
      `/decks/..\\${secretName}`,
      `/decks/folder-deck/..%2f..%2f${secretName}`,
      `/decks/folder-deck/%2e%2e/%2e%2e/${secretName}`,
      `/decks/folder-deck/..%5c..%5c${secretName}`,
      `/decks/europython-2013%00.md`,
      `/decks/%00`,
      `/decks/.hidden`,
      `/api/decks/..%2f..%2fetc%2fpasswd`,
      `/api/decks/%2e%2e`,
      `/api/decks/.hidden`,
      `/assets/../package.json`,
      `/assets/..%2f..%2fpackage.json`,
      `/assets/%2e%2e/%2e%2e/package.json`,
      `/decks/folder-deck/../../../../etc/passwd`,
      `/decks/..%2f..%2f..%2f..%2fetc%2fpasswd`,
    ];
    for (const attempt of attempts) {
      const res = await rawGet(server.port, attempt);
      assert.ok(res.status === 404 || res.status === 400, `${attempt} → ${res.status}`);
      assert.ok(!res.body.includes(SECRET), `${attempt} leaked the secret`);
      assert.ok(!res.body.includes('root:x:0'), `${attempt} leaked /etc/passwd`);
      assert.ok(!res.body.includes('"name": "lectern"'), `${attempt} leaked package.json`);
    }
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  test('a symlink inside the decks folder that points outside it is not served', async () => {
    await fs.symlink(outside, path.join(decksDir, 'sneaky.md'));
    const res = await fetch(`${server.url}/decks/sneaky`);
    assert.equal(res.status, 404);
    assert.ok(!(await res.text()).includes(SECRET));
    const list = await (await fetch(`${server.url}/api/decks`)).text();
    assert.ok(!list.includes(SECRET));
  });

  test('the built client is served with the bundled fonts (no CDN)', async () => {
    const css = await (await fetch(`${server.url}/assets/deck.css`)).text();
    assert.match(css, /Inter Variable/);
    assert.ok(!/https?:\/\//.test(css.replace(/\/\*[\s\S]*?\*\//g, '')), 'no external URLs in the deck stylesheet');
    const font = css.match(/url\("?(\.\/files\/inter-latin-wght-normal-[^")]+)"?\)/);
    assert.ok(font, 'Inter latin font referenced');
    assert.equal((await fetch(`${server.url}/assets/${font[1].slice(2)}`)).status, 200);
  });

  test('scripts and styles go out precompressed (brotli, else gzip) to browsers that accept it, byte for byte the same', async () => {
    const get = (file: string, encoding?: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        const req = http.get(`${server.url}/assets/${file}`, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
      });
    for (const file of ['deck.js', 'follow.css']) {
      const plain = await get(file);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      const br = await get(file, 'gzip, deflate, br');
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(String(br.headers.vary), /Accept-Encoding/i);
      assert.match(String(br.headers['content-type']), file.endsWith('.js') ? /javascript/ : /text\/css/);
      assert.ok(br.body.length < plain.body.length / 2, `${file}: ${br.body.length} of ${plain.body.length} bytes`);
      assert.deepEqual(zlib.brotliDecompressSync(br.body), plain.body);
      const gz = await get(file, 'gzip');
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.deepEqual(zlib.gunzipSync(gz.body), plain.body);
    }
    for (const attempt of ['..%2fpackage.json', '%2e%2e/%2e%2e/package.json', 'nope.js']) {
      const res = await rawGet(server.port, `/assets/${attempt}`, { 'accept-encoding': 'br' });
      assert.equal(res.status, 404, attempt);
    }
  });

  test('hashed chunks and fonts are cached for good; page bundles are checked on every load, and unchanged ones answer 304', async () => {
    const html = await (await fetch(`${server.url}/decks/europython-2013`)).text();
    const chunk = /href="(\/assets\/chunks\/[^"]+\.js)"/.exec(html)?.[1];
    const font = /href="(\/assets\/files\/[^"]+\.woff2)"/.exec(html)?.[1];
    assert.ok(chunk && font, 'the deck page names a chunk and a font');
    for (const url of [chunk, font]) {
      for (const encoding of ['br', 'identity']) {
        const res = await fetch(`${server.url}${url}`, { headers: { 'accept-encoding': encoding } });
        assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', `${url} (${encoding})`);
      }
    }
    for (const url of ['/assets/deck.js', '/assets/follow.css', '/assets/favicon.svg']) {
      const res = await fetch(`${server.url}${url}`);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=0, must-revalidate', url);
      const etag = res.headers.get('etag');
      assert.ok(etag, `${url} has an ETag`);
      // Not fetch(): a conditional fetch() adds Cache-Control: no-cache, which forbids a 304.
      const again = await rawGet(server.port, url, { 'if-none-match': etag, 'accept-encoding': res.headers.get('content-encoding') ?? 'identity' });
      assert.equal(again.status, 304, `${url} unchanged: 304`);
    }
  });

  test('a slide page preloads the chunks its bundle imports and the slide fonts, all served', async () => {
    const html = await (await fetch(`${server.url}/decks/europython-2013`)).text();
    const preloads = [...html.matchAll(/<link rel="(modulepreload|preload)" href="([^"]+)"/g)].map(([, rel, href]) => ({ rel, href }));
    assert.ok(preloads.some(({ rel }) => rel === 'modulepreload'), 'the chunks deck.js imports');
    assert.ok(preloads.some(({ rel, href }) => rel === 'preload' && /\/inter-latin-wght-normal-/.test(href)), 'Inter, Latin subset');
    for (const { href } of preloads) assert.equal((await fetch(`${server.url}${href}`)).status, 200, href);
    assert.doesNotMatch(await (await fetch(`${server.url}/`)).text(), /rel="(module)?preload"/, 'the index shows no slides');
  });
});

describe('configuration', () => {
  test('a DECKS_DIR that does not exist, or is a file, is a start-up error naming it', async () => {
    const dir = await tempDir();
    const missing = path.join(dir, 'nope');
    await assert.rejects(startServer({ decksDir: missing }), (err) => err instanceof LecternError && err.code === 'config' && err.exitCode === 2 && err.message.includes(`${missing} does not exist`));
    const file = path.join(dir, 'talk.md');
    await fs.writeFile(file, '# A file, not a folder\n');
    await assert.rejects(startServer({ decksDir: file }), (err) => err instanceof LecternError && err.code === 'config' && err.message.includes(`${file} is not a folder`));
    await fs.rm(dir, { recursive: true, force: true });
  });

  test('npm start --decks /nonexistent: one line saying so, exit 2, no stack trace', async () => {
    const missing = path.join(await tempDir(), 'nope');
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server', 'main.ts'), '--port', '0', '--host', '127.0.0.1', '--decks', missing], { cwd: projectRoot, timeout: 30_000 }, (err, _stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    assert.equal(code, 2, stderr);
    assert.equal(stderr, `lectern: the decks folder ${missing} does not exist: pass --decks <folder> (or set DECKS_DIR)\n`);
  });
});
