// `npm run start:cluster -- --processes 4 [--port 3001] [--nginx 8080] [--start-redis 6379]`:
// N Lectern processes sharing a Redis. The only place that reads argv for it.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { LecternError } from '../shared/errors.ts';
import { projectRoot } from '../server/config.ts';
import { reportFailure } from './exit.ts';
import { Cluster, type ClusterConfig } from './deploy/cluster.ts';

const usage = `Usage: npm run start:cluster -- [--processes 2] [--port 3001] [--host 0.0.0.0]
       [--nginx <port>] [--nginx-host 0.0.0.0] [--start-redis <port>] [--data ./data]
Shares sessions through REDIS_URL (or a redis-server it starts with --start-redis).`;

const usageError = (message: string) => new LecternError('usage', message);

function int(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--${name} wants a whole number, not "${text}"`);
  return n;
}

/** The cluster's config, or 'help'; throws a 'usage' LecternError for bad flags. */
export function parseClusterArgs(argv: string[], env: NodeJS.ProcessEnv): ClusterConfig | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        processes: { type: 'string', short: 'n' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        nginx: { type: 'string' },
        'nginx-host': { type: 'string' },
        'start-redis': { type: 'string' },
        data: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    throw usageError((err as Error).message);
  }
  if (values.help) return 'help';
  const processes = int('processes', values.processes, 2)!;
  if (processes < 1 || processes > 64) throw usageError('--processes wants 1 to 64');
  return {
    processes,
    port: int('port', values.port, 3001)!,
    host: values.host ?? env.HOST ?? '0.0.0.0',
    redisUrl: env.REDIS_URL || undefined,
    startRedisPort: int('start-redis', values['start-redis']),
    nginxPort: int('nginx', values.nginx),
    nginxHost: values['nginx-host'] ?? '0.0.0.0',
    dataDir: path.resolve(values.data ?? env.DATA_DIR ?? path.join(projectRoot, 'data')),
    env: { LECTERN_WATCH: env.LECTERN_WATCH ?? '0' },
  };
}

/** Starts the cluster and keeps it running until SIGINT/SIGTERM; exits on a start-up failure. */
export async function runCluster(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  let config: ClusterConfig | 'help';
  try {
    config = parseClusterArgs(argv, env);
  } catch (err) {
    const code = reportFailure('lectern cluster', err, process.stderr);
    console.error(usage);
    process.exit(code);
  }
  if (config === 'help') {
    console.log(usage);
    return;
  }
  const cluster = new Cluster(config);
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const { urls, front, redisUrl } = await cluster.start();
    console.log(`Lectern cluster: ${urls.length} processes sharing ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`);
    for (const url of urls) console.log(`  ${url}/`);
    if (front) console.log(`  nginx in front: ${front}/`);
  } catch (err) {
    process.exit(reportFailure('lectern cluster', err, process.stderr, { debug: !(err instanceof LecternError) }));
  }
}
