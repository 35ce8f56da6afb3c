import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from './free-port';

/**
 * A real Redis server for one test file: Debian's `redis-server` as a child process on a free
 * loopback port, nothing persisted (no RDB, no AOF: a restart starts empty, as a Redis that lost its
 * memory would), its working folder a temporary one removed by `dispose()`. If it cannot start, the
 * error says why: a test that needs it fails, never skips.
 */
export interface RedisServer {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** How long the first start took, in ms (spawn to "Ready to accept connections"). */
  startupMs: number;
  /** Stops the server (SIGTERM, or SIGKILL as a crash would), keeping the port for a restart. */
  stopServer(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  startServer(): Promise<void>;
  /** What the server printed, for failure messages. */
  log(): string;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

const READY = /Ready to accept connections/;

export interface RedisServerOptions {
  /** The server binary. Default `redis-server` on the PATH (Debian's package). */
  binary?: string;
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const REDIS_SERVER = options.binary ?? 'redis-server';
  const dir = mkdtempSync(join(tmpdir(), 'evident-redis-'));
  let child: ChildProcess | null = null;
  let output = '';
  let port = 0;

  const startServer = () =>
    new Promise<void>((ready, fail) => {
      const from = output.length;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', ''];
      const proc = spawn(REDIS_SERVER, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        fail(new Error(`Redis test server: not ready within 10 s on port ${port}:\n${output.slice(from)}`));
      }, 10_000);
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString();
        if (READY.test(output.slice(from))) {
          clearTimeout(timer);
          ready();
        }
      };
      proc.stdout!.on('data', onOutput);
      proc.stderr!.on('data', onOutput);
      proc.once('error', (error) => {
        clearTimeout(timer);
        fail(new Error(`Redis test server: cannot run ${REDIS_SERVER} (${error.message}); install Debian's redis-server package (scripts/provision.sh does)`));
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        fail(new Error(`Redis test server: ${REDIS_SERVER} exited (${code ?? signal}) before it was ready on port ${port}:\n${output.slice(from)}`));
      });
    });

  const stopServer = (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise<void>((done) => {
      const force = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.once('exit', () => {
        clearTimeout(force);
        done();
      });
      proc.kill(signal);
    });
  };

  /** If the test process ends without dispose, the server must not outlive it. */
  const stopOnExit = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      port = await freeLoopbackPort();
      try {
        await startServer();
        break;
      } catch (e) {
        // Another process took the port between the probe and the bind: try a new one.
        if (attempt < 3 && /Address already in use/i.test((e as Error).message)) continue;
        throw e;
      }
    }
    const startupMs = Math.round(performance.now() - started);
    process.once('exit', stopOnExit);
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      startupMs,
      stopServer,
      startServer,
      log: () => output,
      async dispose() {
        process.off('exit', stopOnExit);
        await stopServer();
        stopOnExit();
      },
    };
  } catch (e) {
    stopOnExit();
    throw e;
  }
}
