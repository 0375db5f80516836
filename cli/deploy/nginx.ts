// Runs the example nginx configuration (nginx/lectern.conf) with real addresses filled in, for
// `npm run start:cluster -- --nginx <port>` and the tests, so the example shipped is the one
// exercised. The example is used as it is; only its listen address and the servers of its
// upstream blocks are replaced.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LecternError } from '../../shared/errors.ts';
import { stopChild, waitForPort } from './wait.ts';

export const NGINX_EXAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx', 'lectern.conf');

/** The example with `listen` set to `listen` and every upstream block listing `servers`. */
export function renderSiteConfig(example: string, listen: string, servers: string[]): string {
  if (servers.length === 0) throw new LecternError('start-failed', 'nginx needs at least one Lectern process');
  const withUpstreams = example.replace(/(upstream\s+\w+\s*\{)([^}]*)\}/g, (_block, head: string, body: string) => {
    const lines = body.split('\n');
    const first = lines.findIndex((line) => /^\s*server\s/.test(line));
    if (first < 0) return `${head}${body}}`;
    const match = /^(\s*)server\s+\S+?(\s[^;]*)?;/.exec(lines[first]!)!;
    const [, indent, params = ''] = match;
    const replaced = servers.map((server) => `${indent}server ${server}${params};`);
    const kept = lines.filter((line) => !/^\s*server\s/.test(line));
    kept.splice(first, 0, ...replaced);
    return `${head}${kept.join('\n')}}`;
  });
  return withUpstreams.replace(/^(\s*)listen\s+[^;]+;/m, `$1listen ${listen};`);
}

/** A whole nginx.conf around the site config, with every path in `dir` (no root-owned defaults). */
export function renderMainConfig(dir: string, siteFile: string, asRoot: boolean): string {
  return [
    'worker_processes 1;',
    'daemon off;',
    // As root, workers would switch to "nobody", who may not write to our temp folders.
    asRoot ? 'user root;' : '',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'worker_rlimit_nofile 65536;',
    'events { worker_connections 20000; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${path.join(dir, 'body')};`,
    `  proxy_temp_path ${path.join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${path.join(dir, 'fastcgi')};`,
    `  uwsgi_temp_path ${path.join(dir, 'uwsgi')};`,
    `  scgi_temp_path ${path.join(dir, 'scgi')};`,
    `  include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

export interface RunningNginx {
  port: number;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Folder for the generated configuration, pid, logs and temp files. */
  dir: string;
  host?: string;
  port: number;
  /** host:port of every Lectern process. */
  servers: string[];
  binary?: string;
  example?: string;
}

/** Starts nginx in the foreground as a child process; resolves once it accepts connections. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const host = options.host ?? '127.0.0.1';
  const example = await fs.readFile(options.example ?? NGINX_EXAMPLE, 'utf8');
  await fs.mkdir(options.dir, { recursive: true });
  const siteFile = path.join(options.dir, 'lectern.conf');
  const mainFile = path.join(options.dir, 'nginx.conf');
  await fs.writeFile(siteFile, renderSiteConfig(example, `${host}:${options.port}`, options.servers));
  await fs.writeFile(mainFile, renderMainConfig(options.dir, siteFile, process.getuid?.() === 0));
  const binary = options.binary ?? 'nginx';
  let stderr = '';
  const child = spawn(binary, ['-p', options.dir, '-c', mainFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) =>
      reject(new LecternError('start-failed', `cannot run ${binary} (${err.message}): apt-get install nginx`)),
    );
    child.once('exit', async (code) => {
      const log = await fs.readFile(path.join(options.dir, 'error.log'), 'utf8').catch(() => '');
      reject(new LecternError('start-failed', `nginx exited with code ${code}: ${(stderr + log).trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
  exited.catch(() => {}); // only raced below; an exit after start-up is the caller's to watch
  const listening = await Promise.race([waitForPort(options.port, host), exited]);
  if (!listening) {
    child.kill('SIGKILL');
    throw new LecternError('start-failed', `nginx did not listen on ${host}:${options.port} within 10 s`);
  }
  return {
    port: options.port,
    url: `http://${host}:${options.port}`,
    child,
    stop: () => stopChild(child),
  };
}
