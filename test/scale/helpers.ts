// Several real Lectern processes sharing one real redis-server, and followers that
// behave like the follower page: a list of servers to fall back on, a re-join after every
// reconnect, join snapshots always applied and broadcasts only when newer.
import { io } from 'socket.io-client';
import type { LiveState } from '../../shared/protocol.ts';
import { startLecternProcess, type LecternProcess } from '../../cli/deploy/process.ts';
import { freePort, startRedis, type RedisServer } from '../helpers/redis.ts';
import { tempDir } from '../helpers/server.ts';
import { liveDecks, type TestSocket } from '../live/helpers.ts';

export interface TestCluster {
  redis: RedisServer;
  processes: LecternProcess[];
  urls: string[];
  decksDir: string;
  dataDir: string;
  /** Start one more process on the same Redis. */
  add(): Promise<LecternProcess>;
  stop(): Promise<void>;
}

export async function startCluster(count: number, env: NodeJS.ProcessEnv = {}): Promise<TestCluster> {
  const redis = await startRedis();
  const decksDir = await liveDecks();
  const dataDir = await tempDir('lectern-cluster-data-');
  const processes: LecternProcess[] = [];
  const add = async () => {
    const proc = await startLecternProcess({
      port: await freePort(),
      env: { REDIS_URL: redis.url, DATA_DIR: dataDir, DECKS_DIR: decksDir, LECTERN_WATCH: '0', NODE_ENV: 'test', ...env },
      output: 'pipe',
    });
    processes.push(proc);
    return proc;
  };
  // A process that does not start (a loaded machine past the ready timeout) fails the caller's
  // before(); the others and redis-server are stopped here, or they keep the test file running.
  const started = await Promise.allSettled(Array.from({ length: count }, add));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(processes.map((p) => p.kill()));
    await redis.stop();
    throw failed.reason;
  }
  return {
    redis,
    processes,
    get urls() {
      return processes.map((p) => p.url);
    },
    decksDir,
    dataDir,
    add,
    async stop() {
      await Promise.all(processes.map((p) => p.kill()));
      await redis.stop();
    },
  };
}

/** A follower (or presenter, with a key) that reconnects by itself, trying each URL in turn. */
export class RoamingClient {
  socket!: TestSocket;
  /** What the page shows: the last snapshot, or a newer broadcast. */
  live?: LiveState;
  joins = 0;
  connectedTo = '';
  private index: number;
  private closed = false;

  constructor(
    private readonly urls: string[],
    private readonly session: string,
    private readonly key?: string,
    start = 0,
  ) {
    this.index = start % urls.length;
  }

  async open(): Promise<this> {
    await new Promise<void>((resolve) => this.connect(resolve));
    return this;
  }

  private connect(onJoined?: () => void): void {
    if (this.closed) return;
    const url = this.urls[this.index];
    const socket: TestSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 2000 });
    this.socket = socket;
    const retry = () => {
      socket.removeAllListeners();
      socket.close();
      this.index = (this.index + 1) % this.urls.length;
      setTimeout(() => this.connect(onJoined), 100);
    };
    socket.on('session:state', (state) => {
      if (!this.live || state.seq > this.live.seq) this.live = state;
    });
    socket.once('connect_error', retry);
    socket.once('disconnect', retry);
    socket.once('connect', () => {
      socket.timeout(3000).emit('session:join', { session: this.session, ...(this.key ? { key: this.key } : {}) }, (err, res) => {
        if (err || !res.ok) return retry();
        this.live = res.state; // a snapshot always wins
        this.joins++;
        this.connectedTo = url;
        onJoined?.();
        onJoined = undefined;
      });
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.close();
  }
}

export async function describeSession(url: string, id: string): Promise<{ id: string; deck: string; state: LiveState; followers: number }> {
  const res = await fetch(`${url}/api/sessions/${id}`);
  if (!res.ok) throw new Error(`GET ${url}/api/sessions/${id} → ${res.status}`);
  return (await res.json()) as { id: string; deck: string; state: LiveState; followers: number };
}
