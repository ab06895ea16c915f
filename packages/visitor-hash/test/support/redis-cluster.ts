/**
 * @module
 * A real Redis Cluster for the tests, started from the `redis-server` binary (Debian's package)
 * on free 127.0.0.1 ports in a temporary directory: three masters with one replica each, formed
 * with `redis-cli --cluster create`, short node timeouts so a failover takes seconds. Stopped
 * (every process killed, the directory removed) by `stop()`.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether `redis-server` and `redis-cli` are installed (else the suite is skipped, saying so). */
export function redisClusterBinaries(): { ok: true } | { ok: false; why: string } {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) return { ok: false, why: `${binary} is not installed (apt-get install redis-server)` };
  }
  return { ok: true };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** One node: its port and process. */
export interface ClusterNode {
  port: number;
  process: ChildProcess;
}

/** A running cluster. */
export interface RedisCluster {
  nodes: ClusterNode[];
  /** `host:port` of every node, for clients' start-up lists. */
  addresses: { host: string; port: number }[];
  /** Runs `redis-cli -p port …` and returns its output. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** The port of the master that serves `key`'s slot. */
  masterOf(key: string): Promise<number>;
  /** Kills the node on `port` with SIGKILL (a crash, no shutdown save). */
  kill(port: number): Promise<void>;
  /** Waits until every live node reports `cluster_state:ok` and a master other than `port` serves `key`. */
  awaitFailover(key: string, port: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts three masters with one replica each and forms the cluster. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'privkit-redis-cluster-'));
  const nodes: ClusterNode[] = [];
  const cli = async (port: number, ...args: string[]) =>
    (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 20_000 })).stdout;
  const stop = async () => {
    for (const node of nodes) node.process.kill('SIGKILL');
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 6; i++) {
      const port = await freePort();
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '1500',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
          '--logfile',
          join(dir, `redis-${port}.log`),
        ],
        { stdio: 'ignore' },
      );
      nodes.push({ port, process: child });
    }
    for (const node of nodes) {
      for (let tries = 0; ; tries++) {
        try {
          if ((await cli(node.port, 'PING')).trim() === 'PONG') break;
        } catch {}
        if (tries > 100) throw new Error(`redis-server on port ${node.port} did not start`);
        await sleep(100);
      }
    }
    await run(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
      { timeout: 60_000 },
    );
    for (const node of nodes) {
      for (let tries = 0; !(await cli(node.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'); tries++) {
        if (tries > 200) throw new Error('the cluster did not reach cluster_state:ok');
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const live = () => nodes.filter((n) => n.process.exitCode === null && n.process.signalCode === null);
  const masterOf = async (key: string) => {
    const slot = Number((await cli(live()[0]?.port as number, 'CLUSTER', 'KEYSLOT', key)).trim());
    const lines = (await cli(live()[0]?.port as number, 'CLUSTER', 'NODES')).trim().split('\n');
    for (const line of lines) {
      const parts = line.split(' ');
      if (!parts[2]?.includes('master') || parts[2].includes('fail')) continue;
      for (const range of parts.slice(8)) {
        const [from, to = from] = range.split('-').map(Number);
        if (slot >= (from as number) && slot <= (to as number)) return Number(parts[1]?.split(':')[1]?.split('@')[0]);
      }
    }
    throw new Error(`no master serves slot ${slot}`);
  };
  return {
    nodes,
    addresses: nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    cli,
    masterOf,
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      node?.process.kill('SIGKILL');
      await new Promise((resolve) => node?.process.once('exit', resolve));
    },
    async awaitFailover(key, port, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        try {
          const states = await Promise.all(live().map((n) => cli(n.port, 'CLUSTER', 'INFO')));
          if (states.every((s) => s.includes('cluster_state:ok'))) {
            const master = await masterOf(key);
            if (master !== port) return master;
          }
        } catch {}
        if (Date.now() > end) throw new Error('no failover within the time allowed');
        await sleep(200);
      }
    },
    stop,
  };
}
