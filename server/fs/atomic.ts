// Replacing a file so that a crash leaves the old one or the new one, never half of one, and a
// failed write (a full disk) leaves nothing behind: no temp file survives any failure path. Live
// sessions are written this way, and so are exported PDFs.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp files carry this ending; a folder's leftovers (a crash mid-write) are removed on open. */
export const TEMP_SUFFIX = '.tmp';

export interface AtomicWriteOptions {
  /** Permissions of a new file (before the umask); 0o600 by default: sessions hold key hashes. */
  mode?: number;
}

/** Write a temp file, fsync it, rename it over `file`, fsync the folder. */
export async function atomicWrite(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = `${file}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', options.mode ?? 0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
  } catch (err) {
    await handle?.close().catch(() => {});
    // Removing needs no free space: a full disk still gets its temp file back.
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  // The rename itself is durable once the folder is synced (not possible on every platform).
  const dir = await fs.open(path.dirname(file), 'r').catch(() => undefined);
  await dir?.sync().catch(() => {});
  await dir?.close();
}

/** The system's short reason for a failed file operation ("EACCES"), or "error". */
export function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

/** Errors that mean "no room right now" rather than "never writable": a full disk frees up. */
export function isOutOfSpace(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Creates `dir` if needed and checks that files can be created in it (a probe, removed at once):
 * throws the first error. A full disk passes (its space may come back), a read-only or
 * permission-denied folder does not.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true }).catch(async (err: NodeJS.ErrnoException) => {
    // A recursive mkdir says ENOENT where the folder's parent refuses it (read-only, denied):
    // the plain mkdir names the real reason.
    if (err.code !== 'ENOENT') throw err;
    await fs.mkdir(dir);
  });
  const probe = path.join(dir, `.probe-${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    await (await fs.open(probe, 'wx', 0o600)).close();
  } catch (err) {
    if (!isOutOfSpace(err)) throw err;
  } finally {
    await fs.rm(probe, { force: true }).catch(() => {});
  }
}
