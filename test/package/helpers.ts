// The packed package as a user gets it: `npm pack`, then `npm install ./lectern-<v>.tgz` in an
// empty folder, then its `lectern` command run on plain node (no tsx loader, no TypeScript).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../server/config.ts';
import { tempDir } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const exec = promisify(execFile);

export interface Installed {
  /** The folder the package was installed into (its node_modules holds lectern). */
  dir: string;
  tarball: string;
  tarballBytes: number;
  /** Bytes of dir/node_modules: lectern and its dependencies. */
  installedBytes: number;
}

async function du(dir: string): Promise<number> {
  const { stdout } = await exec('du', ['-sb', dir]);
  return Number(stdout.split('\t')[0]);
}

/**
 * Compiles the package code, packs the repository and installs the tarball into an empty folder.
 * The client build is the one `npm test` made (pretest), so a test beside this one never sees it
 * rebuilt. Dependencies come from npm's cache when it has them (--prefer-offline).
 */
export async function packAndInstall(): Promise<Installed> {
  await exec(process.execPath, [path.join(projectRoot, 'scripts', 'build-package.mjs')], { cwd: projectRoot, env: { ...process.env, CI: '1' } });
  const packDir = await tempDir('lectern-pack-');
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; size: number }>;
  if (!packed) throw new Error('npm pack wrote no tarball');
  const tarball = path.join(packDir, packed.filename);
  const dir = await tempDir('lectern-installed-');
  await fs.writeFile(path.join(dir, 'package.json'), '{ "private": true }\n');
  // Scripts are run below, by hand: npm 11 runs none it was not told to allow.
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return { dir, tarball, tarballBytes: packed.size, installedBytes: await du(path.join(dir, 'node_modules')) };
}

/** The environment of a user's shell: nothing of the test runner's (no tsx loader). */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^(NODE_OPTIONS|NODE_TEST_CONTEXT|TSX_.*|npm_.*|INIT_CWD)$/.test(key)) env[key] = value;
  return { ...env, ...extra };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `lectern <args>` to the end, as the installed bin runs it. */
export function lectern(installed: Installed, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(installed.dir, 'node_modules', '.bin', 'lectern'), ...args],
      { cwd: options.cwd ?? installed.dir, env: userEnv(options.env), timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export interface Running {
  child: ChildProcess;
  output(): string;
  /** The first match of `pattern` in stdout, once it is printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGINT, and the exit code once it exits. */
  stop(): Promise<number | null>;
}

/** `lectern <args>` that keeps running (a server), its output collected. */
export function startLectern(installed: Installed, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Running {
  const child = spawn(process.execPath, [path.join(installed.dir, 'node_modules', '.bin', 'lectern'), ...args], {
    cwd: options.cwd ?? installed.dir,
    env: userEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => `${stdout}${stderr}`,
    async waitFor(pattern, timeoutMs = 15_000) {
      let match: RegExpMatchArray | null = null;
      try {
        await waitFor(`lectern to print ${pattern}`, () => child.exitCode === null && (match = pattern.exec(stdout)) !== null, { timeoutMs });
      } catch (err) {
        throw new Error(`${(err as Error).message}; it printed: ${stdout}${stderr}`, { cause: err });
      }
      return match as unknown as RegExpMatchArray;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
