/**
 * The CPU time of the scale-out benchmark's infrastructure: PostgreSQL's postmaster and every
 * backend it forked (one per pooled connection, plus its own workers), and the Redis server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processCpuMs, processesCpuMs } from './load-generator';

function processIds(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null; // ended while we looked
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * The CPU time so far, in ms, of the cluster in `dataDir`: its postmaster (first line of
 * postmaster.pid), the backends running now, and those that have ended (the postmaster waits for
 * each, which adds its time to the postmaster's children's time). Read at a window's start and end,
 * the difference is what PostgreSQL used, backends that came and went included.
 */
export function postgresCpuMs(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const backends = processIds().filter((pid) => parentOf(pid) === postmaster);
  return processCpuMs(postmaster, { withReapedChildren: true }) + processesCpuMs(backends);
}

/** The CPU time so far, in ms, of the redis-server listening on `port`. */
export const redisCpuMs = (port: number) => processesCpuMs(redisPids(port));

/** The redis-server listening on `port` (its command line, or the title it sets, names the port). */
export function redisPids(port: number): number[] {
  return processIds().filter((pid) => {
    const command = commandLineOf(pid);
    return command.startsWith('redis-server') && (command.includes(`:${port}`) || command.includes(` ${port} `));
  });
}
