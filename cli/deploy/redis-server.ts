// A local redis-server as a child process, for `npm run start:cluster -- --start-redis <port>`
// and the load benchmark. Debian's package (apt-get install redis-server); AOF persistence in
// `dir`, so a restart keeps the sessions.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { LecternError } from '../../shared/errors.ts';
import { stopChild, waitForPort } from './wait.ts';

export interface RunningRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const failed = (message: string) => new LecternError('redis-unavailable', message);

export async function startRedisServer(options: { port: number; dir: string; binary?: string }): Promise<RunningRedis> {
  const { port, dir } = options;
  const binary = options.binary ?? 'redis-server';
  await fs.mkdir(dir, { recursive: true });
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(failed(`cannot run ${binary} (${err.message}): apt-get install redis-server`)));
    child.once('exit', (code) => reject(failed(`${binary} exited with code ${code} (is port ${port} taken?)`)));
  });
  exited.catch(() => {});
  const listening = await Promise.race([waitForPort(port), exited]);
  if (!listening) {
    child.kill('SIGKILL');
    throw failed(`${binary} did not listen on 127.0.0.1:${port} within 10 s`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => stopChild(child),
  };
}
