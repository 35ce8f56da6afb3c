import { spawn } from 'node:child_process';

export interface PeerProcess {
  pid: number;
  /** What it printed so far (stdout and stderr), for failure messages and the inspector's address. */
  output: () => string;
  /** SIGKILL, once: nothing of a peer's is kept after a run. */
  stop: () => Promise<void>;
}

/**
 * A peer server for the benchmarks (the reference y-websocket server, Hocuspocus) as its own Node
 * process, started with `args` and `env` added to this process's, and ready once it prints `ready`.
 * A peer that exits or stays silent for 20 s fails the run, with what it printed.
 */
export async function startPeerProcess(name: string, args: string[], env: Record<string, string>, ready: string): Promise<PeerProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start:\n${log}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(ready)) {
        clearTimeout(timer);
        done();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`${name} exited (${code}):\n${log}`)));
  });
  return {
    pid: child.pid!,
    output: () => log,
    stop: () =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
  };
}
