// The one place that reads argv and the environment; everything else receives a Config.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LecternError } from '../shared/errors.ts';

/**
 * The folder of Lectern's package.json, found from this module's own file: server/ in the
 * repository, or dist/node/ (where the bundles of an installed package are), whichever it is.
 * The client build (dist/client) and the version are read from there; a user's decks and data
 * never are, except for the repository's `npm start` defaults below.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'lectern') return dir;
    } catch {
      // no package.json here, or not one that can be read: look further up
    }
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export const projectRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Lectern's version from its package.json, or "unknown". */
export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface Config {
  port: number;
  /** Interface to bind; "0.0.0.0" by default so phones on the same network can reach it. */
  host: string;
  decksDir: string;
  dataDir: string;
  /** Set: creating live sessions needs `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Set: sessions and broadcasts are shared through Redis. */
  redisUrl?: string;
  /** Watch the decks folder and push edits to open pages. */
  watch: boolean;
  /** Log level for pino. */
  logLevel: string;
  /**
   * Which proxies' X-Forwarded-For to believe (express's `trust proxy`): "loopback" by default
   * (nginx on the same machine), a hop count, a list of addresses/CIDRs, or true/false.
   */
  trustProxy?: boolean | number | string;
  /** PDF export may fetch a deck's images over plain http: too (public addresses only, like https:). */
  exportAllowHttp?: boolean;
}

/** A flag or variable the server cannot start with: one line saying which, and what to pass (exit 2). */
const configError = (message: string) => new LecternError('config', message);

const usage = `Usage: npm start -- [--port 3000] [--host 0.0.0.0] [--decks ./decks] [--data ./data] [--trust-proxy loopback] [--no-watch]`;

/** TRUST_PROXY / --trust-proxy: "true"/"false", a hop count, or express's names and address lists. */
export function parseTrustProxy(text: string | undefined): boolean | number | string {
  const value = (text ?? '').trim();
  if (value === '') return 'loopback';
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[\w.:/, -]+$/.test(value)) throw configError(`invalid trust proxy "${value}": use loopback, a hop count, addresses or CIDRs separated by commas, true or false (--trust-proxy or TRUST_PROXY)`);
  return value;
}

/** An on/off environment variable: 1, true, yes or on. */
export function isOn(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test((value ?? '').trim());
}

/** The flags the server takes, from `npm start` (loadConfig) or the `lectern` command. */
export interface ServerFlags {
  port?: string;
  host?: string;
  decks?: string;
  data?: string;
  'no-watch'?: boolean;
  'trust-proxy'?: string;
}

/** parseArgs options for ServerFlags. */
export const SERVER_OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  decks: { type: 'string' },
  data: { type: 'string' },
  'no-watch': { type: 'boolean' },
  'trust-proxy': { type: 'string' },
} as const;

/** The Config for `flags` over the environment, with `defaults` for the decks and data folders. */
export function configFrom(flags: ServerFlags, env: NodeJS.ProcessEnv, defaults: { decksDir: string; dataDir: string }): Config {
  const portText = flags.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw configError(`invalid port "${portText}": pass a number from 0 to 65535 (--port or PORT)`);
  }
  return {
    port,
    host: flags.host ?? env.HOST ?? '0.0.0.0',
    decksDir: path.resolve(flags.decks ?? env.DECKS_DIR ?? defaults.decksDir),
    dataDir: path.resolve(flags.data ?? env.DATA_DIR ?? defaults.dataDir),
    adminToken: env.LECTERN_ADMIN_TOKEN || undefined,
    redisUrl: env.REDIS_URL || undefined,
    watch: !flags['no-watch'] && env.LECTERN_WATCH !== '0',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(flags['trust-proxy'] ?? env.TRUST_PROXY),
    exportAllowHttp: isOn(env.LECTERN_EXPORT_ALLOW_HTTP),
  };
}

export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...SERVER_OPTIONS, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw configError(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) throw configError(usage);
  return configFrom(values, env, { decksDir: path.join(projectRoot, 'decks'), dataDir: path.join(projectRoot, 'data') });
}

/** Whether the server listens on every interface (phones on the network, or the internet, reach it). */
export function listensEverywhere(config: Pick<Config, 'host'>): boolean {
  return config.host === '0.0.0.0' || config.host === '::';
}

/** The start-up line for a server anyone on its network may start sessions on; undefined when none is due. */
export function adminTokenAdvice(config: Pick<Config, 'host' | 'adminToken'>): string | undefined {
  if (config.adminToken || !listensEverywhere(config)) return undefined;
  return 'anyone who reaches this port may start live sessions (paced and capped per address); a server reachable from the internet should set LECTERN_ADMIN_TOKEN';
}
