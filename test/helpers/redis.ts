// A real redis-server for scale-out tests: Debian's package, on a free loopback port, with its
// persistence in a temp folder. Installed by .ci/run (or by hand: apt-get install redis-server).
import { spawn, type ChildProcess } from 'node:child_process';
import { tempDir } from './server.ts';
import { freePort, waitForPort } from '../../cli/deploy/wait.ts';

export { freePort };

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  /** Stop and start again on the same port and data folder (a Redis restart mid-talk). */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = await tempDir('lectern-redis-');
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    let spawnError: Error | undefined;
    child.once('error', (err) => (spawnError = err));
    if (!(await waitForPort(port))) {
      const why = spawnError ? `cannot start redis-server (${spawnError.message})` : `redis-server did not listen on 127.0.0.1:${port}`;
      throw new Error(`${why}: apt-get install redis-server`);
    }
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await launch();
  return { url: `redis://127.0.0.1:${port}`, port, dir, stop, restart: async () => { await stop(); await launch(); } };
}
