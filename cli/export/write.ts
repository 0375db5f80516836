// Output files appear whole or not at all (server/fs/atomic.ts), so a failed export never
// leaves half a PDF; a failure says why in words and what to do.
import { LecternError } from '../../shared/errors.ts';
import { atomicWrite } from '../../server/fs/atomic.ts';

export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  try {
    // Readable like any file the user writes: the umask decides.
    await atomicWrite(file, data, { mode: 0o666 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (err as Error).message;
    throw new LecternError('write-failed', `cannot write ${file}: ${why}; choose another output with -o`, { cause: err });
  }
}
