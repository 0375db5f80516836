// A Lectern server in its own process for scripts/bench-parse.ts: the app of the project at
// argv[2] (so a checkout of another branch can be measured the same way) serving the decks
// folder argv[3], on 127.0.0.1 and a free port, reported to the parent over IPC.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, decksDir] = process.argv.slice(2);
if (!root || !decksDir) throw new Error('usage: parse-child.ts <project root> <decks folder>');
const { createApplication } = (await import(pathToFileURL(path.join(root, 'server', 'app.ts')).href)) as typeof import('../../server/app.ts');
const app = await createApplication({
  port: 0,
  host: '127.0.0.1',
  decksDir,
  dataDir: await fs.mkdtemp(path.join(os.tmpdir(), 'lectern-bench-data-')),
  watch: false,
  logLevel: 'silent',
});
const address = await app.listen(0, '127.0.0.1');
process.send?.({ port: address.port });
process.on('message', async () => {
  await app.close();
  process.exit(0);
});
