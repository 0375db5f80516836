// Chromium's sandbox for the exporter (sandbox.ts): the decision from injected machine facts,
// and on this machine, that the exporter's renderers really run confined as planned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sandboxPlan, type SandboxFacts } from '../../server/pdf/sandbox.ts';
import { launchChromium, killProcessTree } from '../../server/pdf/launch.ts';
import { locateBrowser } from '../../server/pdf/browser.ts';

function facts(over: Partial<SandboxFacts> & { files?: Record<string, string> } = {}): SandboxFacts {
  const files: Record<string, string> = { '/etc/passwd': 'root:x:0:0::/root:/bin/sh\nnobody:x:65534:65533::/nonexistent:/usr/sbin/nologin\n', ...over.files };
  return { platform: 'linux', uid: 1000, read: (file) => files[file], isSetuidRoot: () => false, ...over };
}

test('a normal user gets the sandbox where user namespaces exist', () => {
  assert.deepEqual(sandboxPlan('/usr/bin/chromium', facts()), { sandbox: true });
  const off = sandboxPlan('/usr/bin/chromium', facts({ files: { '/proc/sys/kernel/unprivileged_userns_clone': '0\n' } }));
  assert.equal(off.sandbox, false);
  assert.match(off.reason ?? '', /no unprivileged user namespaces/);
  assert.equal(sandboxPlan('/x/chrome', facts({ files: { '/proc/sys/user/max_user_namespaces': '0' }, isSetuidRoot: (f) => f === '/x/chrome-sandbox' })).sandbox, true, 'or a setuid chrome-sandbox');
  assert.equal(sandboxPlan('/x/chrome', facts({ files: { '/proc/sys/kernel/apparmor_restrict_unprivileged_userns': '1' } })).sandbox, true, "Ubuntu's restriction spares browsers with a profile: tried");
});

test('root never runs Chromium itself: nobody does, sandboxed when user namespaces exist', () => {
  assert.deepEqual(sandboxPlan('/usr/bin/chromium', facts({ uid: 0 })), { sandbox: true, user: { uid: 65534, gid: 65533, name: 'nobody' } });
  const off = sandboxPlan('/usr/bin/chromium', facts({ uid: 0, files: { '/proc/sys/user/max_user_namespaces': '0' } }));
  assert.deepEqual({ ...off, reason: undefined }, { sandbox: false, user: { uid: 65534, gid: 65533, name: 'nobody' }, reason: undefined });
  assert.match(off.reason ?? '', /runs as root/);
  assert.deepEqual(sandboxPlan('C:\\chrome.exe', facts({ platform: 'win32', uid: undefined })), { sandbox: true });
});

test("on this machine the exporter's Chromium runs as planned: its renderer under seccomp, not as root", { skip: process.platform !== 'linux' }, async () => {
  const executablePath = (await locateBrowser({}, 'print')).executablePath;
  const plan = sandboxPlan(executablePath);
  const notices: string[] = [];
  const running = await launchChromium({ executablePath }, { notice: (m) => notices.push(m) });
  try {
    const page = await running.browser.newPage();
    await page.goto('data:text/html,<p>renderer</p>');
    const group = running.process.pid!;
    // The browser's process group (launch.ts starts it as its own group): field 5 of /proc/<pid>/stat.
    const members = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return Number(fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[2]) === group;
      } catch {
        return false;
      }
    });
    const renderer = members.find((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('--type=renderer');
      } catch {
        return false;
      }
    });
    assert.ok(renderer, 'a renderer in the browser process group');
    const status = fs.readFileSync(`/proc/${renderer}/status`, 'utf8');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    if (plan.user) assert.equal(uid, plan.user.uid, `runs as ${plan.user.name}`);
    if (plan.sandbox && notices.length === 0) assert.match(status, /^Seccomp:\s+2$/m, 'the renderer is in the seccomp sandbox');
    else assert.equal(notices.length, 1, 'running without the sandbox is said once');
  } finally {
    killProcessTree(running.process);
  }
});

test('a sandbox that does not start is dropped, and that is said once', { skip: process.platform !== 'linux' }, async () => {
  const real = (await locateBrowser({}, 'print')).executablePath;
  if (!sandboxPlan(real).sandbox) return; // this machine never tries the sandbox
  // A browser whose sandbox always fails, as on a machine that forbids it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-nosandbox-'));
  fs.chmodSync(dir, 0o755);
  const fake = path.join(dir, 'chromium');
  fs.writeFileSync(fake, `#!/bin/sh\ncase " $* " in *" --no-sandbox "*) exec "${real}" "$@";; esac\necho "FATAL: No usable sandbox!" >&2\nexit 1\n`, { mode: 0o755 });
  const notices: string[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const running = await launchChromium({ executablePath: fake }, { notice: (m) => notices.push(m) });
      assert.ok(running.browser.connected);
      killProcessTree(running.process);
    }
    assert.equal(notices.length, 1, 'one notice for the process');
    assert.match(notices[0], /sandbox did not start here .*No usable sandbox/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
