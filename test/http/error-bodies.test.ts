// One error shape on every API: { error: { code, message, file?, line? } } with the code's status,
// whatever failed (a deck, a body, the session store, something unexpected); the PDF route answers
// it to a client that asks for JSON. And the one way commands end: a line and the code's exit code.
// Run: npx tsx --test test/http/error-bodies.test.ts
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { failure } from '../../cli/exit.ts';
import { FileSessionStore } from '../../server/live/stores/file-store.ts';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { keptLogger } from '../helpers/log.ts';
import { liveDecks, postSession } from '../live/helpers.ts';

/** A real file store whose creations fail as a bug would: not with a code of the catalogue. */
class BrokenStore extends FileSessionStore {
  override create(): Promise<boolean> {
    return Promise.reject(new Error('boom'));
  }
}

describe('the JSON error body', () => {
  let server: TestServer;
  let decksDir: string;
  const { lines: logged, logger } = keptLogger();

  before(async () => {
    decksDir = await liveDecks();
    await fs.writeFile(path.join(decksDir, 'broken.md'), '---\ntitle: [unclosed\n---\n# Broken\n');
    const dataDir = await tempDir('lectern-data-');
    server = await startServer({ decksDir, dataDir }, { logger, live: { store: new BrokenStore(path.join(dataDir, 'sessions')) } });
  });

  after(async () => {
    await server.close();
    await fs.rm(decksDir, { recursive: true, force: true });
  });

  test('a broken deck on the decks API: 422 with the code, the file and the line', async () => {
    const res = await fetch(`${server.url}/api/decks/broken`);
    assert.equal(res.status, 422);
    const body = (await res.json()) as { error: { code: string; message: string; file: string; line: number } };
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'front-matter');
    assert.equal(body.error.file, path.join(path.basename(decksDir), 'broken.md'));
    assert.equal(body.error.line, 2);
  });

  test('POST /api/sessions: a deck it cannot use, and an unexpected failure (logged), both JSON', async () => {
    const broken = await postSession(server.url, 'broken');
    assert.equal(broken.status, 422);
    assert.equal(((await broken.json()) as { error: { code: string } }).error.code, 'front-matter');
    const before = logged.filter((l) => l.level >= 50).length;
    const failed = await postSession(server.url, 'talk');
    assert.equal(failed.status, 500);
    assert.match(failed.headers.get('content-type') ?? '', /json/);
    assert.deepEqual(await failed.json(), { error: { code: 'internal', message: 'the server could not answer this request' } });
    assert.equal(logged.filter((l) => l.level >= 50).length, before + 1, 'one error line in the log');
  });

  test('an unknown API path is a JSON 404; a page is the HTML one', async () => {
    const api = await fetch(`${server.url}/api/nothing-here`);
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'not-found');
    const page = await fetch(`${server.url}/nothing-here`);
    assert.equal(page.status, 404);
    assert.match(await page.text(), /There is nothing at this address/);
  });

  test('the PDF route answers JSON to a client that asks for it', async () => {
    const res = await fetch(`${server.url}/decks/no-such-deck.pdf`, { headers: { accept: 'application/json' } });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: { code: 'not-found', message: 'no deck named "no-such-deck"' } });
  });
});

test('commands end with one line and the exit code of the error', () => {
  const deck = new LecternError('front-matter', 'invalid front matter: bad indentation', { file: 'decks/talk.md', line: 4 });
  assert.deepEqual(failure(deck), { line: 'decks/talk.md:4: invalid front matter: bad indentation', exitCode: 1 });
  assert.deepEqual(failure(new LecternError('bad-range', '--slides "9": pick 1 to 6')), { line: '--slides "9": pick 1 to 6', exitCode: 2 });
  assert.deepEqual(failure(new Error('kaput')), { line: 'unexpected error: kaput (run with --debug for details)', exitCode: 1 });
});
