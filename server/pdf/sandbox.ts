// How the exporter's Chromium is confined by the operating system. It renders untrusted decks,
// so it runs with Chromium's own sandbox wherever the machine allows it, and never as root:
// - Lectern as a normal user: the sandbox (Linux: user namespaces, or a setuid chrome-sandbox).
// - Lectern as root (containers, CI): Chromium refuses its sandbox to root, so the browser runs
//   as the unprivileged `nobody` user instead, with the sandbox when user namespaces exist.
// - Otherwise (no user namespaces, no setuid helper): without the sandbox, said once.
// A sandbox that still fails to start is dropped by launch.ts, which says so too.
import fs from 'node:fs';
import path from 'node:path';

export interface SandboxFacts {
  platform: NodeJS.Platform;
  /** undefined on Windows. */
  uid: number | undefined;
  /** A file's text, or undefined when it cannot be read. */
  read(file: string): string | undefined;
  /** True for a setuid-root file (Chrome's chrome-sandbox helper). */
  isSetuidRoot(file: string): boolean;
}

export interface SandboxPlan {
  /** True: Chromium's sandbox is on (no --no-sandbox). */
  sandbox: boolean;
  /** Run Chromium as this user (Lectern runs as root). */
  user?: { uid: number; gid: number; name: string };
  /** Why the sandbox is off, for the one notice. */
  reason?: string;
}

export const systemFacts: SandboxFacts = {
  platform: process.platform,
  uid: process.getuid?.(),
  read(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  isSetuidRoot(file) {
    try {
      const stat = fs.statSync(file);
      return stat.uid === 0 && (stat.mode & 0o4000) !== 0;
    } catch {
      return false;
    }
  },
};

/** Whether unprivileged user namespaces (what Chromium's Linux sandbox uses) are available. */
function userNamespaces(facts: SandboxFacts): boolean {
  const value = (file: string) => facts.read(file)?.trim();
  if (value('/proc/sys/kernel/unprivileged_userns_clone') === '0') return false; // Debian's switch
  if (value('/proc/sys/user/max_user_namespaces') === '0') return false;
  // Ubuntu's apparmor_restrict_unprivileged_userns is not a "no": browsers with an AppArmor
  // profile still get user namespaces, so the sandbox is tried and dropped if it fails.
  return true;
}

/** The `nobody` account from /etc/passwd (65534 where it is not listed). */
function nobody(facts: SandboxFacts): { uid: number; gid: number; name: string } {
  const line = facts.read('/etc/passwd')?.split('\n').find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  const n = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : 65534);
  return { uid: n(uid), gid: n(gid), name: 'nobody' };
}

export function sandboxPlan(executablePath: string, facts: SandboxFacts = systemFacts): SandboxPlan {
  if (facts.platform !== 'linux') return { sandbox: true };
  const namespaces = userNamespaces(facts);
  if (facts.uid === 0) {
    const user = nobody(facts);
    return namespaces
      ? { sandbox: true, user }
      : { sandbox: false, user, reason: `Lectern runs as root and this machine has no unprivileged user namespaces, so Chromium runs as ${user.name} without its sandbox` };
  }
  let real = executablePath;
  try {
    real = fs.realpathSync(executablePath);
  } catch {
    /* judged by the path given */
  }
  if (namespaces || facts.isSetuidRoot(path.join(path.dirname(real), 'chrome-sandbox'))) return { sandbox: true };
  return { sandbox: false, reason: 'this machine has no unprivileged user namespaces (nor a setuid chrome-sandbox), so Chromium runs without its sandbox' };
}
