// Where the browser keeps its profile: a new temporary folder per browser, removed when it
// exits. Chromium's headless shell browses off the record (launch.ts) and leaves it empty, so
// nothing of one deck's export outlives it and nothing is kept between runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Profile {
  dir: string;
  /** Called once the browser has exited: removes the folder. */
  release(): void;
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
