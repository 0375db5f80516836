// One Lectern server as a child process (`server/main.ts` under tsx), for the cluster command
// and the multi-process tests. Ready once /healthz answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';

export interface LecternProcessOptions {
  port: number;
  host?: string;
  /** Extra environment (REDIS_URL, DATA_DIR, DECKS_DIR, LOG_LEVEL...), over this process's own. */
  env?: NodeJS.ProcessEnv;
  /** Where the child's output goes: inherit (the cluster command) or nowhere (tests). */
  output?: 'inherit' | 'ignore' | 'pipe';
  readyTimeoutMs?: number;
}

export interface LecternProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything the child wrote to stderr (with output "pipe"). */
  stderr(): string;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: the crash of a process mid-talk. */
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

const tsxLoader = createRequire(import.meta.url).resolve('tsx');

export async function startLecternProcess(options: LecternProcessOptions): Promise<LecternProcess> {
  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, ['--import', tsxLoader, path.join(projectRoot, 'server', 'main.ts'), '--port', String(options.port), '--host', host], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', options.output ?? 'ignore', options.output ?? 'ignore'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  const proc: LecternProcess = {
    port: options.port,
    url: `http://${host}:${options.port}`,
    child,
    stderr: () => stderr,
    stop: signal('SIGTERM'),
    kill: signal('SIGKILL'),
    exited,
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Lectern on port ${options.port} exited with code ${child.exitCode}: ${stderr.trim()}`);
    const healthy = await fetch(`${proc.url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return proc;
    if (Date.now() > deadline) {
      await proc.kill();
      throw new Error(`Lectern on port ${options.port} was not ready within ${options.readyTimeoutMs ?? 20_000} ms: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
