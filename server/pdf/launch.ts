// One headless Chromium per process, started on first use (or early, to overlap its start-up
// with other work), reused by every export, relaunched after a crash. Lectern spawns the
// browser itself rather than through puppeteer.launch, because the sandbox plan (sandbox.ts)
// may run it as another user (never as root), which puppeteer.launch cannot, and so that it
// gets its own process group, killed whole. puppeteer-core drives it over the pipe with its own
// transport (no debugging port another local process could connect to), imported only while
// the browser boots.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport } from 'puppeteer-core';
import { HEADLESS_ARGS, isHeadlessShell, locateBrowser, type BrowserLookup } from './browser.ts';
import { LecternError } from '../../shared/errors.ts';
import { temporaryProfile } from './profile.ts';
import { sandboxPlan, type SandboxPlan } from './sandbox.ts';

export interface LaunchOptions {
  /** Skip discovery and use this executable. */
  executablePath?: string;
  /** Injected discovery (tests). */
  lookup?: Partial<BrowserLookup>;
  /** Extra browser flags. */
  args?: string[];
  /** How long the browser may take to start, in ms. */
  startTimeoutMs?: number;
  /**
   * Browse off the record (`--incognito`): caches and storage in memory, nothing written to the
   * profile folder. The default for Chromium's headless shell, which then creates none of the
   * ~100 files (databases, caches) a profile on disk gets: ~130 ms less of the browser's CPU on a
   * cold export and nothing to delete after it (~40-100 ms at exit on a busy machine). The full
   * browser opens a separate incognito window instead, so it keeps its profile.
   */
  offTheRecord?: boolean;
}

/** Flags chrome-launcher and puppeteer use for automation, minus what PDF export does not need. */
const AUTOMATION_ARGS = [
  '--headless',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-default-apps',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-prompt-on-repost',
  '--disable-search-engine-choice-screen',
  '--metrics-recording-only',
  '--password-store=basic',
  '--use-mock-keychain',
  '--force-color-profile=srgb',
  '--disable-features=Translate,MediaRouter,OptimizationHints,AcceptCHFrame',
  // The network service inside the browser process: one process fewer to start. On Linux it
  // runs unsandboxed as the browser's own user either way (--service-sandbox-type=none), and the
  // host-resolver rules and request interception that confine the exporter apply the same.
  '--enable-features=NetworkServiceInProcess2',
  // No SwiftShader in the GPU process (it only serves WebGL, which print pages do not use):
  // ~20 ms less CPU at start-up. Compositing, canvas and screenshots stay in software as before.
  '--disable-software-rasterizer',
];

export interface RunningBrowser {
  browser: Browser;
  process: ChildProcess;
  executablePath: string;
}

/** Browsers that exited before they answered: a sandbox or a user the machine does not allow, or a broken install. */
const exitedAtStart = new WeakSet<LecternError>();

function startFailure(executablePath: string, detail: string, stderr: string, exited = false): LecternError {
  const last = stderr.trim().split('\n').filter(Boolean).pop();
  const err = new LecternError(
    'browser-failed',
    `the browser at ${executablePath} did not start (${detail}${last ? `: ${last.slice(0, 200)}` : ''}): reinstall it, or set CHROME_PATH to another Chromium/Chrome`,
  );
  if (exited) exitedAtStart.add(err);
  return err;
}

/** What the exporter adds to a launch: flags decided late, and set-up before anyone uses the browser. */
export interface LaunchHooks {
  /** Flags that may wait for something (the print server's port). */
  args?(): Promise<string[]>;
  /** Runs on the connected browser before it is handed out (request interception). */
  connected?(browser: Browser): Promise<void>;
  /** Told once per process when Chromium must run without its sandbox, and why. */
  notice?(message: string): void;
}

/** The sandbox plan that worked per executable: a sandbox that failed once is not tried again. */
const workingPlans = new Map<string, SandboxPlan>();
const noticed = new Set<string>();

/** Spawns Chromium (in its sandbox where it can: sandbox.ts) and connects puppeteer-core to it over the pipe. */
export async function launchChromium(options: LaunchOptions = {}, hooks: LaunchHooks = {}): Promise<RunningBrowser> {
  const executablePath = options.executablePath ?? (await locateBrowser(options.lookup, 'print')).executablePath;
  const extra = (await hooks.args?.()) ?? [];
  let plan = workingPlans.get(executablePath) ?? sandboxPlan(executablePath);
  for (;;) {
    try {
      const running = await spawnChromium(executablePath, [...extra, ...(options.args ?? [])], plan, options, hooks);
      workingPlans.set(executablePath, plan);
      if (!plan.sandbox && plan.reason && !noticed.has(executablePath)) {
        noticed.add(executablePath);
        hooks.notice?.(plan.reason);
      }
      return running;
    } catch (err) {
      // A sandbox (or a user) the machine turns out not to allow: once more without it.
      if (!(err instanceof LecternError && exitedAtStart.has(err))) throw err;
      const detail = err.message;
      if (plan.sandbox) plan = { sandbox: false, user: plan.user, reason: `Chromium's sandbox did not start here (${detail}), so it runs without it` };
      else if (plan.user) plan = { sandbox: false, reason: `Chromium could not run as ${plan.user.name} (${detail}), so it runs as Lectern's user without its sandbox` };
      else throw err;
    }
  }
}

async function spawnChromium(executablePath: string, extra: string[], plan: SandboxPlan, options: LaunchOptions, hooks: LaunchHooks): Promise<RunningBrowser> {
  const owner = plan.user;
  const profile = temporaryProfile(owner);
  const incognito = (options.offTheRecord ?? isHeadlessShell(executablePath)) ? ['--incognito'] : [];
  const args = [...HEADLESS_ARGS, ...(plan.sandbox ? [] : ['--no-sandbox']), ...AUTOMATION_ARGS, ...incognito, ...extra, `--user-data-dir=${profile.dir}`, '--remote-debugging-pipe', 'about:blank'];
  // Its own process group, so the whole tree (renderers, zygote) goes down with one signal.
  const child = spawn(executablePath, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    // Another user's HOME is not writable: fontconfig's cache goes in the profile instead.
    ...(owner ? { uid: owner.uid, gid: owner.gid, env: { ...process.env, HOME: profile.dir } } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const killTree = () => killProcessTree(child);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', killTree);
    // Synchronous, so a CLI exiting right after the browser leaves no temporary profile or lock behind.
    profile.release();
  };
  process.once('exit', killTree);
  child.once('exit', release);
  child.once('error', release);

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => reject(startFailure(executablePath, err.code ?? err.message, stderr, true)));
    child.once('exit', (code, signal) => {
      // Its last words on stderr may come after the exit (or from a child still writing): read
      // them, for a moment at most, before saying why it did not start.
      const fail = () => reject(startFailure(executablePath, `exited with ${signal ?? `code ${code}`}`, stderr, true));
      if (!child.stderr || child.stderr.readableEnded) return fail();
      const timer = setTimeout(fail, 1000);
      child.stderr.once('end', () => {
        clearTimeout(timer);
        fail();
      });
    });
  });
  failed.catch(() => undefined);
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(startFailure(executablePath, `no answer within ${timeoutMs / 1000} s`, stderr)), timeoutMs);
  });
  let transport: ConnectionTransport | undefined;
  // Set once this launch has failed: a connection still on its way (its modules loading on a
  // busy machine) must not start talking to a dead pipe, where each command would hold the
  // process open for its two-minute timeout.
  let abandoned = false;
  try {
    const connect = (async () => {
      // --remote-debugging-pipe: Chromium reads CDP messages on fd 3 and writes them on fd 4.
      const [{ _connectToCdpBrowser }, { PipeTransport }] = await Promise.all([
        import('puppeteer-core/internal/cdp/BrowserConnector.js'),
        import('puppeteer-core/internal/node/PipeTransport.js'),
      ]);
      if (abandoned) throw startFailure(executablePath, 'abandoned', stderr);
      const [, , , toBrowser, fromBrowser] = child.stdio;
      transport = new PipeTransport(toBrowser as Writable, fromBrowser as Readable);
      // puppeteer.connect({ transport }) does exactly this for a CDP transport; its module would
      // also load the launchers and @puppeteer/browsers (semver, proxy-agent…), twice the code to
      // load before the browser can be reached. The internal build's class is the public
      // Browser, typed from another declaration file.
      // Without puppeteer's Network and Audits domains: guard.ts intercepts every request with the
      // Fetch domain on its own, and nothing here reads puppeteer's HTTPRequest objects or issues,
      // which cost six protocol events per request, each parsed and dispatched.
      const browser = (await _connectToCdpBrowser(transport, '', { defaultViewport: null, protocolTimeout: 120_000, networkEnabled: false, issuesEnabled: false })) as unknown as Browser;
      if (abandoned) {
        await browser.disconnect();
        throw startFailure(executablePath, 'abandoned', stderr);
      }
      return browser;
    })().catch(async (err: unknown) => {
      // A dying browser closes the pipe, and puppeteer may say so before the exit has been seen
      // and its last words read: the exit, when it comes within a moment, is the reason to give.
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([failed, new Promise((resolve) => (wait = setTimeout(resolve, 1500)))]).finally(() => clearTimeout(wait));
      throw err;
    });
    const browser = await Promise.race([connect, failed, timedOut]);
    await Promise.race([hooks.connected?.(browser), failed, timedOut]);
    return { browser, process: child, executablePath };
  } catch (err) {
    abandoned = true;
    killTree();
    // A pipe that closed before puppeteer listened is never reported: its connection would wait
    // for answers (a two-minute timer each) in a process that should be free to exit.
    transport?.onclose?.();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export function killProcessTree(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** The process's one browser: launched on first use, relaunched when it has died. */
export class SharedBrowser {
  private running?: Promise<RunningBrowser>;

  constructor(
    private readonly options: LaunchOptions = {},
    private readonly hooks: LaunchHooks = {},
  ) {}

  /** Starts launching now without waiting (errors surface from the next get()). */
  warm(): void {
    this.get().catch(() => undefined);
  }

  async get(): Promise<Browser> {
    if (this.running) {
      try {
        const current = await this.running;
        if (current.browser.connected) return current.browser;
      } catch {
        /* a failed launch is retried below */
      }
      this.running = undefined;
    }
    const launching = launchChromium(this.options, this.hooks);
    this.running = launching;
    launching.catch(() => {
      if (this.running === launching) this.running = undefined;
    });
    return (await launching).browser;
  }

  /** Closes the browser (politely, then by force after a second). */
  close(): Promise<void> {
    return this.stop(true);
  }

  /** Ends the browser at once (a CLI that has written its file has nothing more to ask of it). */
  kill(): Promise<void> {
    return this.stop(false);
  }

  /** Browsers being stopped: a second close()/kill() waits for the same exit, not for nothing. */
  private readonly stopping = new Set<Promise<void>>();

  private async stop(politely: boolean): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) {
      const stopped = (async () => {
        const current = await running.catch(() => undefined);
        if (!current) return;
        const exited = new Promise<void>((resolve) => {
          if (current.process.exitCode !== null || current.process.signalCode !== null) resolve();
          else current.process.once('exit', () => resolve());
        });
        if (politely) await Promise.race([current.browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
        else current.browser.disconnect().catch(() => undefined);
        killProcessTree(current.process);
        await exited;
      })();
      this.stopping.add(stopped);
      stopped.finally(() => this.stopping.delete(stopped)).catch(() => undefined);
    }
    await Promise.all(this.stopping);
  }
}
