// `npm run export` as a user runs it (node scripts/export.mjs): files, messages, exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';
import { FRAG_DECK, outlineOf, pageTexts, pdfInfo } from './pdf-tools.ts';
import { HOSTILE_DECKS, SLOW_DECK } from '../helpers/hostile-decks.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run export`: the CLI bundled by scripts/export.mjs; `source`: the TypeScript run through tsx. */
function run(args: string[], options: { env?: Record<string, string>; cwd?: string; source?: boolean } = {}): Promise<Run> {
  const entry = options.source ? ['--import', 'tsx', path.join(projectRoot, 'scripts', 'export.ts')] : [path.join(projectRoot, 'scripts', 'export.mjs')];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      { cwd: options.cwd ?? projectRoot, env: { ...process.env, INIT_CWD: '', ...options.env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The error a user sees: one line, starting "lectern export:", no stack trace. */
function errorLine(result: Run): string {
  const lines = result.stderr.trim().split('\n');
  const line = lines[lines.length - 1];
  assert.match(line, /^lectern export: /);
  assert.ok(!result.stderr.includes('    at '), 'no stack trace without --debug');
  return line;
}

const SMALL = '---\ntitle: Small\n---\n\n# Only slide\n';

// A 1×1 PNG, to check that a deck's own images reach the PDF.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A decks folder of its own, for a test that adds decks (the others read one that never changes). */
async function decksWith(files: Record<string, string>): Promise<string> {
  const dir = await tempDir('lectern-cli-decks-');
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  return dir;
}

// Each test runs its own CLI processes on its own files, so they run a few at a time: most of
// a run is a process starting, a browser starting, or a parse running into its time limit.
describe('the export CLI', { concurrency: 4 }, () => {
  let decksDir: string;
  let outDir: string;
  const folders: string[] = [];
  const own = async (files: Record<string, string> = {}) => {
    const dir = await decksWith(files);
    folders.push(dir);
    return dir;
  };

  before(async () => {
    decksDir = await decksWith({ 'frag.md': FRAG_DECK, 'small.md': SMALL });
    outDir = await tempDir('lectern-cli-out-');
  });

  after(async () => {
    await Promise.all([decksDir, outDir, ...folders].map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  test('a slug: writes the PDF, prints its path and page count, exits 0', async () => {
    const out = path.join(outDir, 'frag.pdf');
    const result = await run(['frag', '--decks', decksDir, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /frag\.pdf \(6 pages, [\d.]+ s\)\n$/);
    assert.match(result.stderr, /exporting frag…/, 'plain progress lines when stderr is not a terminal');
    assert.equal((await pdfInfo(await fs.readFile(out))).Pages, '6');
  });

  test('the bundle and the TypeScript it is built from export the same document', async () => {
    const [bundled, source] = [path.join(outDir, 'bundled.pdf'), path.join(outDir, 'source.pdf')];
    const results = await Promise.all([run(['frag', '--decks', decksDir, '-o', bundled, '--fragments']), run(['frag', '--decks', decksDir, '-o', source, '--fragments'], { source: true })]);
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const [a, b] = await Promise.all([fs.readFile(bundled), fs.readFile(source)]);
    const [infoA, infoB] = await Promise.all([pdfInfo(a), pdfInfo(b)]);
    for (const key of ['Pages', 'Page size', 'Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']) assert.equal(infoA[key], infoB[key], key);
    assert.deepEqual(await pageTexts(a), await pageTexts(b));
    assert.deepEqual(await outlineOf(a), await outlineOf(b));
  });

  test('a rebuild of the bundle leaves the files of the build before it, which running exports still import', async () => {
    const bundleDir = path.join(projectRoot, 'dist', 'export-cli');
    // A chunk of an earlier build, as a CLI started before the rebuild would still import it.
    const earlier = path.join(bundleDir, 'chunk-EARLIER0.mjs');
    await fs.mkdir(bundleDir, { recursive: true });
    await fs.writeFile(earlier, 'export {};\n');
    try {
      await fs.rm(path.join(bundleDir, 'meta.json'), { force: true }); // stale: the next run builds
      const result = await run(['--help']);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(await fs.stat(earlier), 'the earlier build\'s chunk is still there');
      assert.ok(await fs.stat(path.join(bundleDir, 'meta.json')), 'the new build is installed');
    } finally {
      await fs.rm(earlier, { force: true });
    }
  });

  test('images the exporter refuses are named on stderr, and the PDF is still written', async () => {
    const reachDir = await own({ 'reach.md': '---\ntitle: Reach\n---\n\n# In\n\n<img src="https://127.0.0.1:9/a.png" alt=""><img src="https://127.0.0.1:9/b.png" alt=""><img src="http://example.invalid/c.png" alt="">\n' });
    const out = path.join(outDir, 'reach.pdf');
    const result = await run(['reach', '--decks', reachDir, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^lectern export: warning: reach: not loaded: 127\.0\.0\.1: a loopback address \(2 requests, e\.g\. https:\/\/127\.0\.0\.1:9\/[ab]\.png\)$/m);
    assert.match(result.stderr, /^lectern export: warning: reach: not loaded: example\.invalid: http: is off .*LECTERN_EXPORT_ALLOW_HTTP=1/m);
    assert.equal((await pdfInfo(await fs.readFile(out))).Pages, '1');
  });

  test("the deck's warnings are printed with their file and line, and the PDF is still written", async () => {
    const long = Array.from({ length: 160 }, (_, i) => `- item ${i + 1}`).join('\n');
    const dir = await own({ 'warned.md': `---\ntitle: Warned\ncss: nowhere.css\n---\n\n# In\n\n![gone](gone.png)\n\n---\n\n# Long\n\n${long}\n` });
    const out = path.join(outDir, 'warned.pdf');
    const result = await run(['warned', '--decks', dir, '-o', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /^lectern export: warning: \S*warned\.md: css "nowhere\.css" is not a file in the deck's folder/m);
    assert.match(result.stderr, /^lectern export: warning: \S*warned\.md:8: "gone\.png" is not in the deck's folder/m);
    // A slide that needs more than reveal.js's 30% zoom: printed whole, smaller, and named.
    assert.match(result.stderr, /^lectern export: warning: \S*warned\.md:12: slide 2 is printed at \d+% of its size to fit the page/m);
    assert.equal((await pdfInfo(await fs.readFile(out))).Pages, '2');
  });

  test('a path to a .md outside the decks folder, with an image beside it', async () => {
    const talk = await tempDir('lectern-cli-talk-');
    await fs.writeFile(path.join(talk, 'pixel.png'), PIXEL);
    await fs.writeFile(path.join(talk, 'my-talk.md'), '---\ntitle: Elsewhere\nauthor: Someone\n---\n\n# Outside\n\n![a pixel](pixel.png)\n\n---\n\n# Second\n');
    const result = await run(['my-talk.md', '--notes', '--fragments'], { cwd: talk });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^my-talk-notes\.pdf \(2 pages/);
    const pdf = await fs.readFile(path.join(talk, 'my-talk-notes.pdf'));
    assert.equal((await pdfInfo(pdf)).Title, 'Elsewhere');
    const raw = pdf.toString('latin1');
    assert.match(raw, /\/Subtype\s*\/Image/, 'the image beside the deck is in the PDF');
    await fs.rm(talk, { recursive: true, force: true });
  });

  test('--slides picks slides; outside the deck it is a usage error (exit 2) and writes nothing', async () => {
    const out = path.join(outDir, 'some.pdf');
    const ok = await run(['frag', '--decks', decksDir, '-o', out, '--slides', '2-3,6']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual((await pageTexts(await fs.readFile(out))).map((t) => t.trim().split('\n')[0]), ['Two', 'Three top', 'Four']);
    const bad = await run(['frag', '--decks', decksDir, '-o', path.join(outDir, 'none.pdf'), '--slides', '5-9']);
    assert.equal(bad.code, 2);
    assert.match(errorLine(bad), /the deck has 6 slides, so pick numbers from 1 to 6/);
    await assert.rejects(fs.stat(path.join(outDir, 'none.pdf')));
  });

  test('--png: one PNG per slide (per fragment step with --fragments) at --scale; --thumbnail: the first slide at 1200×630', async () => {
    const dir = path.join(outDir, 'png');
    const size = async (file: string) => {
      const head = await fs.readFile(file);
      assert.equal(head.subarray(1, 4).toString(), 'PNG', file);
      return `${head.readUInt32BE(16)}x${head.readUInt32BE(20)}`;
    };
    const slides = await run(['frag', '--decks', decksDir, '--png', '--out-dir', dir, '--scale', '0.5']);
    assert.equal(slides.code, 0, slides.stderr);
    assert.match(slides.stdout, /frag-01\.png … frag-06\.png \(6 images, [\d.]+ s\)\n$/);
    assert.deepEqual((await fs.readdir(dir)).sort(), ['01', '02', '03', '04', '05', '06'].map((n) => `frag-${n}.png`));
    assert.equal(await size(path.join(dir, 'frag-01.png')), '640x360');
    const steps = await run(['frag', '--decks', decksDir, '--png', '--fragments', '--out-dir', path.join(dir, 'steps')]);
    assert.equal(steps.code, 0, steps.stderr);
    assert.equal((await fs.readdir(path.join(dir, 'steps'))).length, 10, 'one image per fragment step');
    assert.equal(await size(path.join(dir, 'steps', 'frag-10.png')), '1280x720');
    const card = path.join(dir, 'card.png');
    const thumbnail = await run(['frag', '--decks', decksDir, '--thumbnail', '-o', card]);
    assert.equal(thumbnail.code, 0, thumbnail.stderr);
    assert.equal(await size(card), '1200x630');
    for (const [args, message] of [
      [['--png', '-o', 'x.png'], /use --out-dir instead of -o/],
      [['--png', '--thumbnail'], /pick one of --png/],
      [['--png', '--scale', '9'], /--scale "9": pick a number from 0.25 to 4/],
      [['--scale', '2'], /--scale sizes the images of --png/],
    ] as const) {
      const bad = await run(['frag', '--decks', decksDir, ...args]);
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, message);
    }
  });

  test('bad usage exits 2 with the usage line; --help exits 0', async () => {
    const unknown = await run(['frag', '--colour']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^lectern export: unknown option '--colour'$/m);
    assert.match(unknown.stderr, /Usage: npm run export --/);
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /which deck\?/);
    const size = await run(['frag', '--size', 'big']);
    assert.equal(size.code, 2);
    assert.match(size.stderr, /--size "big" is not a page size/);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: npm run export/);
  });

  test('an unknown deck: exit 1 and one line saying what to pass', async () => {
    const result = await run(['no-such-deck', '--decks', decksDir, '-o', path.join(outDir, 'x.pdf')]);
    assert.equal(result.code, 1);
    assert.match(errorLine(result), /no deck named "no-such-deck" in .*: pass a deck's slug \(its file name without \.md\) or a path to a \.md file/);
  });

  test('a deck over a parse limit: exit 1 and one line naming the file, the line and the limit', async () => {
    const limitsDir = await own({ 'slow.md': SLOW_DECK, 'nested.md': HOSTILE_DECKS['nested-list'].text });
    const [slow, nested] = await Promise.all([
      run(['slow', '--decks', limitsDir, '-o', path.join(outDir, 'slow.pdf')]),
      run([path.join(limitsDir, 'nested.md'), '-o', path.join(outDir, 'nested.pdf')]),
    ]);
    assert.equal(slow.code, 1);
    assert.match(errorLine(slow), /^lectern export: .*slow\.md:5: the deck took longer than 5 s to parse \(it stopped in the slide at line 5\): simplify that slide, or split the deck: fix the deck and run again$/);
    assert.equal(slow.stderr.trim().split('\n').filter((l) => l.startsWith('lectern')).length, 1);
    assert.equal(nested.code, 1);
    assert.match(errorLine(nested), /nested\.md:103: lists and block quotes nest more than 100 levels deep here/);
    await assert.rejects(fs.stat(path.join(outDir, 'slow.pdf')));
  });

  test('a missing browser: exit 1 and one line naming the fix', async () => {
    const result = await run(['frag', '--decks', decksDir, '-o', path.join(outDir, 'nobrowser.pdf')], { env: { CHROME_PATH: '/nonexistent/chrome' } });
    assert.equal(result.code, 1);
    assert.equal(errorLine(result), 'lectern export: CHROME_PATH is set to "/nonexistent/chrome", which is not an executable browser: fix or unset it');
    await assert.rejects(fs.stat(path.join(outDir, 'nobrowser.pdf')));
  });

  test('an unwritable output: exit 1, a clear message, no temp file left behind', async () => {
    // Its own output folder: the other tests' exports pass through temporary files in theirs.
    const target = await own();
    const missingDir = await run(['small', '--decks', decksDir, '-o', path.join(target, 'no', 'such', 'dir', 'x.pdf')]);
    assert.equal(missingDir.code, 1);
    assert.match(errorLine(missingDir), /cannot write to .*no\/such\/dir: the folder does not exist; create it or choose another output with -o/);
    await fs.mkdir(path.join(target, 'taken.pdf'));
    const isDir = await run(['small', '--decks', decksDir, '-o', path.join(target, 'taken.pdf')]);
    assert.equal(isDir.code, 1);
    assert.match(errorLine(isDir), /cannot write .*taken\.pdf/);
    const leftovers = (await fs.readdir(target)).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });

  test('--all --out-dir: one PDF per deck; a broken deck is reported, the rest still written', async () => {
    const allDir = await own({ 'frag.md': FRAG_DECK, 'small.md': SMALL, 'broken.md': '---\ntitle: [unclosed\n---\n\n# Broken\n' });
    const target = path.join(outDir, 'all');
    const result = await run(['--all', '--decks', allDir, '--out-dir', target]);
    assert.equal(result.code, 1, 'a failed deck makes the run fail');
    assert.match(result.stderr, /failed broken: .*broken\.md:\d+: /);
    assert.deepEqual((await fs.readdir(target)).sort(), ['frag.pdf', 'small.pdf']);
    assert.match(result.stdout, /small\.pdf \(1 page, /);
  });

  test('the set-up script (npm postinstall) exits 0 even when it cannot help', async () => {
    const result = await new Promise<Run>((resolve) =>
      execFile(
        path.join(projectRoot, 'node_modules', '.bin', 'tsx'),
        [path.join(projectRoot, 'scripts', 'setup-browser.ts')],
        { env: { ...process.env, CHROME_PATH: '/nonexistent/chrome' } },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'lectern: CHROME_PATH is set to "/nonexistent/chrome", which is not an executable browser: fix or unset it\n');
  });
});
