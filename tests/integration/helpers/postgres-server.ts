import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from './free-port';

/**
 * A real PostgreSQL server for one test file: Debian's binaries, a cluster made by `initdb` in a
 * temporary folder, started by `pg_ctl` on a free loopback port with its socket in that folder, and
 * removed by `dispose()`. Durable as in production (fsync and synchronous_commit on), so commit
 * latencies are real. If it cannot start, the error says why: a test that needs it fails, never skips.
 */
export interface PostgresServer {
  /** postgres://evident@127.0.0.1:<port>/postgres (trust auth: loopback, a throwaway cluster). */
  url: string;
  port: number;
  dataDir: string;
  /** How long `initdb` and the first `pg_ctl start` took, in ms. */
  startupMs: { initdb: number; start: number };
  /** A new empty database on this server (its URL), so tests in one file need not share tables. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast: open connections are cut, as in a restart), keeping its data. */
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again, on the same port and data. */
  startServer(): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';
const USER = 'evident';

/** The newest installed major version's binaries (Debian puts each in /usr/lib/postgresql/<major>/bin). */
export function findPostgresBin(): string {
  const versions = existsSync(PG_ROOT)
    ? readdirSync(PG_ROOT)
        .filter((version) => existsSync(join(PG_ROOT, version, 'bin', 'initdb')) && existsSync(join(PG_ROOT, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(`PostgreSQL test server: no initdb/pg_ctl under ${PG_ROOT}/*/bin; install Debian's postgresql package (scripts/provision.sh does)`);
  }
  return join(PG_ROOT, versions[0]!, 'bin');
}

/**
 * Who runs the cluster. initdb and postgres refuse to run as root, so under root (a CI container)
 * they run as the `postgres` user Debian's package creates, and the folder is handed to it.
 */
function clusterOwner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('PostgreSQL test server: running as root, which initdb refuses, and there is no `postgres` user to run it as (Debian\'s postgresql package creates one)');
  }
}

const tail = (text: string, lines = 30) => text.split('\n').slice(-lines).join('\n');

export interface PostgresServerOptions {
  /** More postgresql.conf settings (e.g. track_commit_timestamp = on, for a test that checks commit order). */
  settings?: Record<string, string>;
}

export async function startPostgres(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), 'evident-pg-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const settingsFile = join(dataDir, 'evident-test.conf');

  const run = (program: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      // cwd: the folder it owns (it cannot always read the repo's); LC_ALL: messages in English, for errors.
      const options = { cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(owner ?? {}), timeout: 60_000 };
      execFile(join(bin, program), args, options, (error, stdout, stderr) => {
        if (error) reject(new Error(`PostgreSQL test server: ${program} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stderr}${stdout}`));
        else resolve(stdout + stderr);
      });
    });
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  let port = 0;
  let isRunning = false;
  const writeSettings = () =>
    writeFileSync(
      settingsFile,
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        // As in production: a commit returns once its WAL is on disk.
        'fsync = on',
        'synchronous_commit = on',
        'max_connections = 60',
        'shared_buffers = 32MB',
        ...Object.entries(options.settings ?? {}).map(([name, value]) => `${name} = ${value}`),
        '',
      ].join('\n'),
    );

  const startServer = async (): Promise<void> => {
    const from = readLog().length;
    try {
      await run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', 'start']);
      isRunning = true;
    } catch (e) {
      const log = readLog().slice(from);
      throw new Error(`${(e as Error).message}\nserver log:\n${tail(log)}`);
    }
  };

  const stopServer = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    if (!isRunning) return;
    await run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
    isRunning = false;
  };

  /** If the test process ends without dispose (a crash, a timeout), the server must not outlive it. */
  const stopOnExit = () => {
    if (isRunning) spawnSync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], { cwd: dir, ...(owner ?? {}) });
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const initdbStarted = performance.now();
    // --no-sync: the throwaway cluster's files need not be on disk before it starts (saves ~0.5 s);
    // the server itself runs with fsync on.
    await run('initdb', ['-D', dataDir, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const initdbMs = performance.now() - initdbStarted;
    appendFileSync(join(dataDir, 'postgresql.conf'), "\ninclude 'evident-test.conf'\n");

    const startStarted = performance.now();
    for (let attempt = 1; ; attempt++) {
      port = await freeLoopbackPort();
      writeSettings();
      try {
        await startServer();
        break;
      } catch (e) {
        // Another process took the port between the probe and the bind: try a new one.
        if (attempt < 3 && /could not bind|Address already in use/i.test((e as Error).message)) continue;
        throw e;
      }
    }
    const startMs = performance.now() - startStarted;
    process.once('exit', stopOnExit);

    const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
    let databases = 0;
    return {
      url,
      port,
      dataDir,
      startupMs: { initdb: Math.round(initdbMs), start: Math.round(startMs) },
      async createDatabase(name = `test_${++databases}`) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
        } finally {
          await client.end();
        }
        return `postgres://${USER}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
      },
      stopServer,
      startServer,
      log: readLog,
      async dispose() {
        process.off('exit', stopOnExit);
        try {
          // Immediate: its data is deleted next, so the shutdown checkpoint would be wasted.
          await stopServer('immediate');
        } finally {
          stopOnExit();
        }
      },
    };
  } catch (e) {
    stopOnExit();
    throw e;
  }
}
