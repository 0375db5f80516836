// Runs a CommonJS bundle with V8's code cache (vm.Script cachedData), Node 20's way to what
// Node 22 calls module.enableCompileCache: the parse worker's bundle (~1 MB of marked,
// highlight.js, sanitize-html…) is otherwise parsed and compiled again by every process that
// starts a worker, and its warm-up compiles the functions a parse uses. The cache is taken after
// the bundle has run (warm-up included), so it holds those functions compiled too.
//
// V8 checks the cache against its own version and flags, but against the source only by its
// length, and its own checksum is checked in debug builds only: the cache file starts with a
// hash of the code and one of the cached data, and a cache for other code, or a damaged one, is
// never handed to V8 (the two hashes cost ~5 ms). A missing, stale or rejected cache costs nothing but the time it would save; it
// is written anew beside the bundle (temp file and rename, so concurrent processes never read
// half a file), and a folder that cannot be written to (a read-only install) just goes uncached.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

const HASH_BYTES = 32;

function sha256(data: string | Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

/** How a run went with the cache: used as is, written (none or a stale one found), or neither. */
export type CodeCacheUse = 'used' | 'written' | 'unwritable';

/** The bundle's `import.meta.url` (esbuild's `define` turns it into this name in CommonJS output). */
export const IMPORT_META_URL = '__lecternImportMetaUrl';

function cachedDataFor(cacheFile: string, hash: Buffer): Buffer | undefined {
  try {
    const file = fs.readFileSync(cacheFile);
    if (file.length <= 2 * HASH_BYTES || !file.subarray(0, HASH_BYTES).equals(hash)) return undefined;
    const data = file.subarray(2 * HASH_BYTES);
    return sha256(data).equals(file.subarray(HASH_BYTES, 2 * HASH_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache, the data taken only once the temp file is open: a read-only folder costs one failed open. */
function writeCache(cacheFile: string, hash: Buffer, script: vm.Script): boolean {
  const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx');
  } catch {
    return false;
  }
  try {
    try {
      const data = script.createCachedData();
      fs.writeSync(fd, Buffer.concat([hash, sha256(data), data]));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, cacheFile);
    return true;
  } catch {
    fs.rmSync(temp, { force: true });
    return false;
  }
}

/** Runs the CommonJS file `file` as node would require() it, with its code cache at `cacheFile`. */
export function runWithCodeCache(file: string, cacheFile: string): CodeCacheUse {
  const code = fs.readFileSync(file, 'utf8');
  const hash = sha256(code);
  const cachedData = cachedDataFor(cacheFile, hash);
  const wrapped = `(function (exports, require, module, __filename, __dirname, ${IMPORT_META_URL}) {${code}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file), pathToFileURL(file).href);
  if (cachedData && !script.cachedDataRejected) return 'used';
  return writeCache(cacheFile, hash, script) ? 'written' : 'unwritable';
}
