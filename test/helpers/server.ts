// Starts the real Lectern app on 127.0.0.1 and an ephemeral port, for HTTP, socket.io and browser tests.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createApplication, type ApplicationOptions, type Lectern } from '../../server/app.ts';
import { projectRoot, type Config } from '../../server/config.ts';

export interface TestServer {
  url: string;
  port: number;
  lectern: Lectern;
  config: Config;
  close(): Promise<void>;
}

export async function tempDir(prefix = 'lectern-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** A temp copy of decks/ (plus extra files), so tests can edit and break decks freely. */
export async function copyDecks(extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir('lectern-decks-');
  await fs.cp(path.join(projectRoot, 'decks'), dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** `options`: the live sessions' limits, clock or store, and a logger to read. */
export async function startServer(overrides: Partial<Config> = {}, options: ApplicationOptions = {}): Promise<TestServer> {
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    decksDir: path.join(projectRoot, 'decks'),
    dataDir: await tempDir('lectern-data-'),
    watch: false,
    logLevel: 'silent',
    ...overrides,
  };
  const lectern = await createApplication(config, options);
  const address = await lectern.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    lectern,
    config,
    close: () => lectern.close(),
  };
}
