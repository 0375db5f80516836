// The live benchmarks' child processes (servers and load generators under scripts/bench/) and
// the one way to wait for what they report over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Starts scripts/bench/<script> with room for thousands of sockets and a gc() to call. */
export function child(script: string, args: string[]): ChildProcess {
  return fork(path.join(here, script), args, {
    execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The child's next message of this type; its own error message, its exit or the time-out rejects. */
export function nextMessage<T>(proc: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from ${path.basename(String(proc.spawnargs.at(-2)))} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(message.message));
      } else if (message.type === type) {
        clearTimeout(timer);
        proc.off('message', onMessage);
        resolve(message as T);
      }
    };
    proc.on('message', onMessage);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${type}: child exited with ${code}`));
    });
  });
}
