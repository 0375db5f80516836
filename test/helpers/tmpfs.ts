// A small tmpfs of its own, for tests of a full or read-only disk: `mount` needs root (or
// CAP_SYS_ADMIN); where it is not allowed, mountTmpfs answers undefined and the test skips.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tempDir } from './server.ts';

const run = promisify(execFile);

export interface Tmpfs {
  dir: string;
  unmount(): Promise<void>;
}

/** `options` as mount(8) takes them: "size=64k", "ro,size=64k". */
export async function mountTmpfs(options: string): Promise<Tmpfs | undefined> {
  const dir = await tempDir('lectern-tmpfs-');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  } catch {
    return undefined;
  }
  return { dir, unmount: async () => void (await run('umount', [dir])) };
}
