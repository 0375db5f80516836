// Where the browser keeps its profile. A fresh temporary profile costs Chromium ~100 ms more to
// start than one it has used before (it creates its databases and preferences), a tenth of a
// cold CLI export; so the CLI reuses a few kept profiles, one browser at a time each (a lock
// file with the owner's pid; a dead owner's lock is taken over), and falls back to a temporary
// one when all are busy.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Profile {
  dir: string;
  /** Called once the browser has exited: removes a temporary profile, unlocks a kept one. */
  release(): void;
}

const SLOTS = 4;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const owner = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) return false;
      fs.rmSync(lock, { force: true }); // its owner is gone
    }
  }
  return false;
}

/** The user Chromium runs as when it is not Lectern's own (sandbox.ts): it must own its profile. */
export interface ProfileOwner {
  uid: number;
  gid: number;
}

export function temporaryProfile(owner?: ProfileOwner): Profile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-chromium-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  return {
    dir,
    release() {
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
      } catch {
        /* a leftover temp folder is not worth failing an export for */
      }
    },
  };
}

/**
 * A kept profile if one is free, else a temporary one. `root` defaults to a folder of the OS
 * temp folder named after the user Chromium runs as.
 */
export function keptProfile(owner?: ProfileOwner, root = path.join(os.tmpdir(), `lectern-chromium-${owner?.uid ?? os.userInfo().uid}`)): Profile {
  try {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    if (owner) fs.chownSync(root, owner.uid, owner.gid);
    for (let slot = 0; slot < SLOTS; slot++) {
      const dir = path.join(root, `profile-${slot}`);
      const lock = path.join(root, `profile-${slot}.lock`);
      if (!tryLock(lock)) continue;
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (owner) fs.chownSync(dir, owner.uid, owner.gid);
      return { dir, release: () => fs.rmSync(lock, { force: true }) };
    }
  } catch {
    /* an unwritable temp folder: use a temporary profile below */
  }
  return temporaryProfile(owner);
}
