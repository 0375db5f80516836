// `npm run start:cluster -- --processes 4 [--port 3001] [--nginx 8080] [--start-redis 6379]`:
// N Lectern processes sharing a Redis (issue #5). The only place that reads argv for it.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { projectRoot } from '../server/config.ts';
import { Cluster, ClusterError, type ClusterConfig } from '../cli/deploy/cluster.ts';
import { NginxError } from '../cli/deploy/nginx.ts';

const usage = `Usage: npm run start:cluster -- [--processes 2] [--port 3001] [--host 0.0.0.0]
       [--nginx <port>] [--nginx-host 0.0.0.0] [--start-redis <port>] [--data ./data]
Shares sessions through REDIS_URL (or a redis-server it starts with --start-redis).`;

class UsageError extends Error {}

function int(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${name} wants a whole number, not "${text}"`);
  return n;
}

function parse(argv: string[], env: NodeJS.ProcessEnv): ClusterConfig {
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
    throw new UsageError((err as Error).message);
  }
  if (values.help) throw new UsageError('');
  const processes = int('processes', values.processes, 2)!;
  if (processes < 1 || processes > 64) throw new UsageError('--processes wants 1 to 64');
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

async function main(): Promise<void> {
  const cluster = new Cluster(parse(process.argv.slice(2), process.env));
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const { urls, front, redisUrl } = await cluster.start();
  console.log(`Lectern cluster: ${urls.length} processes sharing ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  for (const url of urls) console.log(`  ${url}/`);
  if (front) console.log(`  nginx in front: ${front}/`);
}

main().catch((err: unknown) => {
  if (err instanceof UsageError) {
    console.error(err.message ? `lectern cluster: ${err.message}\n${usage}` : usage);
    process.exit(2);
  }
  if (err instanceof ClusterError || err instanceof NginxError) {
    console.error(`lectern cluster: ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
