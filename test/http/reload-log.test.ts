// A deck saved broken while the server watches: open pages keep its last good version, and the
// operator's log says which deck and why (nothing fails silently).
// Run: npx tsx --test test/http/reload-log.test.ts
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { startServer, tempDir, type TestServer } from '../helpers/server.ts';
import { keptLogger } from '../helpers/log.ts';

let server: TestServer;
let decksDir: string;
const { lines, logger } = keptLogger();

before(async () => {
  decksDir = await tempDir('lectern-reload-');
  await fs.writeFile(path.join(decksDir, 'talk.md'), '# Good\n');
  server = await startServer({ decksDir, watch: true }, { logger });
});

after(async () => {
  await server.close();
  await fs.rm(decksDir, { recursive: true, force: true });
});

test('a deck saved broken is logged with its file and line', async () => {
  const reloadFailures = () => lines.filter((l) => l.slug === 'talk' && l.level === 40);
  // Saves until the watcher, which starts in the background, reports one.
  for (let i = 0, deadline = Date.now() + 10_000; reloadFailures().length === 0 && Date.now() < deadline; i++) {
    // Written whole and renamed into place, so the watcher never reads a half-written (empty) file.
    await fs.writeFile(path.join(decksDir, '.talk.tmp'), `---\ntitle: [unclosed ${i}\n---\n# Broken\n`);
    await fs.rename(path.join(decksDir, '.talk.tmp'), path.join(decksDir, 'talk.md'));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const [line] = reloadFailures();
  assert.ok(line, 'a warning about the deck');
  assert.match(line.msg, /does not load/);
  assert.match(String(line.error), /talk\.md:2: /);
});
