// N Lectern processes on one machine sharing a Redis, optionally behind nginx
// (`npm run start:cluster -- --processes 4`). Processes listen on consecutive ports; one that
// dies is started again (its followers have meanwhile reconnected to the others).
import path from 'node:path';
import { LecternError } from '../../shared/errors.ts';
import { startNginx, type RunningNginx } from './nginx.ts';
import { startLecternProcess, type LecternProcess } from './process.ts';
import { startRedisServer, type RunningRedis } from './redis-server.ts';

export interface ClusterConfig {
  processes: number;
  /** First process's port; the others follow. */
  port: number;
  /** Interface the processes bind (127.0.0.1 when nginx is in front). */
  host: string;
  redisUrl?: string;
  /** Start a redis-server on this port (data in dataDir/redis) instead of using REDIS_URL. */
  startRedisPort?: number;
  /** Put nginx, with the example configuration, on this port in front of the processes. */
  nginxPort?: number;
  nginxHost: string;
  dataDir: string;
  /** Extra environment for every process (DECKS_DIR, LOG_LEVEL...). */
  env: NodeJS.ProcessEnv;
}

type Log = (line: string) => void;

export class Cluster {
  private readonly processes: Array<LecternProcess | undefined> = [];
  private redis?: RunningRedis;
  private nginx?: RunningNginx;
  private stopping = false;
  private readonly restarts: number[] = [];

  constructor(
    private readonly config: ClusterConfig,
    private readonly log: Log = console.log,
  ) {}

  async start(): Promise<{ urls: string[]; front?: string; redisUrl: string }> {
    const redisUrl = await this.redisUrl();
    const starts = Array.from({ length: this.config.processes }, (_, i) => this.startOne(i, redisUrl));
    const started = await Promise.allSettled(starts);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await this.stop();
      throw new LecternError('start-failed', (failed.reason as Error).message, { cause: failed.reason });
    }
    if (this.config.nginxPort !== undefined) {
      try {
        this.nginx = await startNginx({
          dir: path.join(this.config.dataDir, 'nginx'),
          host: this.config.nginxHost,
          port: this.config.nginxPort,
          servers: this.ports().map((port) => `127.0.0.1:${port}`),
        });
      } catch (err) {
        await this.stop();
        throw err;
      }
    }
    return { urls: this.ports().map((port) => `http://${this.bindHost()}:${port}`), front: this.nginx?.url, redisUrl };
  }

  /** Behind nginx the processes need not be reachable from elsewhere. */
  private bindHost(): string {
    return this.config.nginxPort !== undefined ? '127.0.0.1' : this.config.host;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.nginx?.stop();
    await Promise.all(this.processes.map((p) => p?.stop()));
    await this.redis?.stop();
  }

  private ports(): number[] {
    return Array.from({ length: this.config.processes }, (_, i) => this.config.port + i);
  }

  private async startOne(index: number, redisUrl: string): Promise<void> {
    const port = this.config.port + index;
    const proc = await startLecternProcess({
      port,
      host: this.bindHost(),
      env: { ...this.config.env, REDIS_URL: redisUrl, DATA_DIR: this.config.dataDir, LECTERN_PROCESS: String(index + 1) },
      output: 'inherit',
    });
    this.processes[index] = proc;
    this.log(`cluster: process ${index + 1} on port ${port} (pid ${proc.child.pid})`);
    void proc.exited.then((code) => this.onExit(index, redisUrl, code));
  }

  /** A crashed process comes back, unless processes keep crashing (5 restarts in a minute). */
  private onExit(index: number, redisUrl: string, code: number | null): void {
    if (this.stopping) return;
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length && this.restarts[0]! < now - 60_000) this.restarts.shift();
    if (this.restarts.length > 5) {
      this.log(`cluster: process ${index + 1} exited (${code}); too many restarts, not starting it again`);
      return;
    }
    this.log(`cluster: process ${index + 1} exited (${code}); starting it again`);
    setTimeout(() => {
      if (!this.stopping) this.startOne(index, redisUrl).catch((err: Error) => this.log(`cluster: ${err.message}`));
    }, 1000);
  }

  private async redisUrl(): Promise<string> {
    if (this.config.startRedisPort === undefined) {
      if (!this.config.redisUrl) throw new LecternError('redis-unavailable', 'set REDIS_URL (e.g. redis://127.0.0.1:6379) or pass --start-redis <port>');
      return this.config.redisUrl;
    }
    const port = this.config.startRedisPort;
    const dir = path.join(this.config.dataDir, 'redis');
    this.redis = await startRedisServer({ port, dir });
    this.log(`cluster: redis-server on 127.0.0.1:${port}, data in ${dir}`);
    return this.redis.url;
  }
}
