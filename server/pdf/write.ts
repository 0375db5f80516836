// Output files appear whole or not at all: written to a temp file beside the target, then
// renamed over it (atomic on one file system), so a failed export never leaves half a PDF.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { LecternError } from '../../shared/errors.ts';

export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (err as Error).message;
    throw new LecternError('write-failed', `cannot write ${file}: ${why}; choose another output with -o`, { cause: err });
  }
}
