// The `lectern` command's argument handling, without starting anything: what each command is
// told, what it refuses (exit 2), and what serving prints first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { LecternError } from '../../shared/errors.ts';
import { parseServeArgs, servingLines, type Served } from '../../cli/lectern/serve.ts';
import { parseBase, parseBuildArgs } from '../../cli/lectern/build.ts';
import { resolveTarget } from '../../cli/lectern/target.ts';
import { dataDirFor } from '../../cli/lectern/data-dir.ts';
import { lectern } from '../../cli/lectern/main.ts';
import { configFrom } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';

const usage = (fn: () => unknown, message: RegExp) => assert.throws(fn, (err: unknown) => err instanceof LecternError && err.exitCode === 2 && message.test(err.message));

test('serve arguments: one target, the server flags, --open; watching on unless --no-watch', () => {
  assert.deepEqual(parseServeArgs(['slides.md', '--port', '4000', '--open']), { target: 'slides.md', open: true, flags: { port: '4000' }, help: false });
  assert.equal(parseServeArgs(['--watch']).flags['no-watch'], undefined);
  assert.equal(parseServeArgs(['--no-watch']).flags['no-watch'], true);
  usage(() => parseServeArgs(['a.md', 'b.md']), /one deck or folder at a time/);
  usage(() => parseServeArgs(['--watch', '--no-watch']), /not both/);
  usage(() => parseServeArgs(['--colour']), /^unknown option '--colour'$/);
});

test('build arguments: --out, --no-pdf, --single-file, --base made a path ending in "/"', () => {
  assert.deepEqual(parseBuildArgs(['talks', '--no-pdf', '--single-file', '-o', 'out']), {
    target: 'talks', out: 'out', pdf: false, singleFile: true, base: undefined, quiet: false, debug: false, help: false,
  });
  assert.equal(parseBuildArgs([]).out, 'site');
  assert.equal(parseBase('/talks'), '/talks/');
  assert.equal(parseBase('https://example.org/t/'), 'https://example.org/t/');
  for (const bad of ['talks/', 'javascript:alert(1)', '/a"b', 'https://']) usage(() => parseBase(bad), /--base/);
});

test('the target: a folder, a deck file served alone, a folder deck by its folder or index.md; anything else refused', async () => {
  const dir = await tempDir('lectern-target-');
  await fs.mkdir(path.join(dir, 'deck'));
  await fs.writeFile(path.join(dir, 'deck', 'index.md'), '# x');
  await fs.writeFile(path.join(dir, 'slides.md'), '# x');
  await fs.writeFile(path.join(dir, 'notes.txt'), 'x');
  assert.deepEqual(await resolveTarget(undefined, dir), { decksDir: dir, display: '.' });
  assert.deepEqual(await resolveTarget('slides.md', dir), { decksDir: dir, only: 'slides.md', display: 'slides.md' });
  assert.deepEqual(await resolveTarget('deck/index.md', dir), { decksDir: dir, only: 'deck', display: 'deck/index.md' });
  assert.deepEqual(await resolveTarget('deck', dir), { decksDir: dir, only: 'deck', display: 'deck' });
  await assert.rejects(resolveTarget('notes.txt', dir), (err: unknown) => err instanceof LecternError && err.exitCode === 2);
  await assert.rejects(resolveTarget('gone.md', dir), (err: unknown) => err instanceof LecternError && err.exitCode === 1 && /no such file or folder/.test(err.message));
  await fs.rm(dir, { recursive: true, force: true });
});

test('sessions are kept per decks folder in the user data folder, never in the speaker\'s folder', () => {
  const a = dataDirFor('/home/me/talks/pycon', '/data');
  assert.match(a, /^\/data\/folders\/pycon-[0-9a-f]{12}$/);
  assert.notEqual(a, dataDirFor('/home/you/talks/pycon', '/data'), 'two folders of the same name do not share sessions');
  assert.match(dataDirFor('/', '/data'), /^\/data\/folders\/root-/);
});

test('serving prints the deck URL first, then the network ones, then all decks', () => {
  const config = configFrom({ host: '127.0.0.1' }, {}, { decksDir: '/t', dataDir: '/d' });
  const served = {
    config, port: 4000, firstPath: '/decks/slides/', target: { decksDir: '/t', only: 'slides.md', display: 'slides.md' },
    decks: [{ slug: 'slides', title: 'S', slides: 3 }],
  } as unknown as Served;
  assert.deepEqual(servingLines(served), [
    'Lectern is serving slides.md',
    '  Deck:      http://localhost:4000/decks/slides/',
    '  Bound:     http://127.0.0.1:4000/decks/slides/',
    '  All decks: http://localhost:4000/',
  ]);
});

test('lectern: --version, help topics, and an unknown help topic as a usage error', async () => {
  const run = async (argv: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await lectern(argv, { env: {}, cwd: process.cwd(), stdout, stderr });
    return { code, out, err };
  };
  assert.match((await run(['--version'])).out, /^\d+\.\d+\.\d+\n$/);
  assert.match((await run(['help', 'build'])).out, /^Usage: lectern build/);
  assert.match((await run(['export', '--help'])).out, /^Usage: lectern export/);
  const bad = await run(['help', 'bogus']);
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'lectern: no command "bogus": the commands are serve, present, export, build, help\nRun `lectern --help` for the options.\n');
});
