// The one place that reads argv and the environment; everything else receives a Config.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LecternError } from '../shared/errors.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        decks: { type: 'string' },
        data: { type: 'string' },
        'no-watch': { type: 'boolean' },
        'trust-proxy': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    throw configError(`${(err as Error).message}\n${usage}`);
  }
  if (values.help) throw configError(usage);
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw configError(`invalid port "${portText}": pass a number from 0 to 65535 (--port or PORT)`);
  }
  return {
    port,
    host: values.host ?? env.HOST ?? '0.0.0.0',
    decksDir: path.resolve(values.decks ?? env.DECKS_DIR ?? path.join(projectRoot, 'decks')),
    dataDir: path.resolve(values.data ?? env.DATA_DIR ?? path.join(projectRoot, 'data')),
    adminToken: env.LECTERN_ADMIN_TOKEN || undefined,
    redisUrl: env.REDIS_URL || undefined,
    watch: !values['no-watch'] && env.LECTERN_WATCH !== '0',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(values['trust-proxy'] ?? env.TRUST_PROXY),
    exportAllowHttp: isOn(env.LECTERN_EXPORT_ALLOW_HTTP),
  };
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
