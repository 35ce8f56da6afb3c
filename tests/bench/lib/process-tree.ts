/**
 * Finding the processes of the scale-out benchmark's infrastructure, to read their CPU time
 * (load-generator.ts processesCpuMs): PostgreSQL's postmaster and every backend it forked (one per
 * pooled connection, plus its own workers), and the Redis server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** The postmaster of the cluster in `dataDir` (first line of its postmaster.pid) and its children, now. */
export function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return [postmaster, ...processIds().filter((pid) => parentOf(pid) === postmaster)];
}

/** The redis-server listening on `port` (its command line, or the title it sets, names the port). */
export function redisPids(port: number): number[] {
  return processIds().filter((pid) => {
    const command = commandLineOf(pid);
    return command.startsWith('redis-server') && (command.includes(`:${port}`) || command.includes(` ${port} `));
  });
}
