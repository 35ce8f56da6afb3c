/**
 * The p99 of one durable commit on this machine's disk, measured in the same run as the latency
 * phases: the sync-server benchmark's fixed-rate target is "the reference's p99 plus one durable
 * commit", since a server that stores before it broadcasts cannot beat one that stores nothing by
 * less than the cost of storing. Measured apart from any server, so it is the disk's cost and not
 * Evident's: a `node:sqlite` database in WAL mode with synchronous=FULL (as Evident runs by default)
 * in the temporary folder the servers' databases live in, one clip-sized row per transaction (each
 * commit one fsync of the WAL), SQLite's automatic checkpoints included as they come.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { clipJson } from './load-generator';
import { percentile } from './report';

export interface CommitFigures {
  commits: number;
  p50Ms: number;
  p99Ms: number;
}

/** Commits not measured first: the WAL file grows to its working size. */
const WARM_COMMITS = 50;

export function measureDurableCommit(commits: number): CommitFigures {
  const dir = mkdtempSync(join(tmpdir(), 'durable-commit-'));
  const db = new DatabaseSync(join(dir, 'probe.sqlite'));
  try {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE log (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    const append = db.prepare('INSERT INTO log (body) VALUES (?)');
    const times: number[] = [];
    for (let i = 0; i < WARM_COMMITS + commits; i++) {
      const body = Buffer.from(clipJson(i));
      const started = performance.now();
      append.run(body);
      if (i >= WARM_COMMITS) times.push(performance.now() - started);
    }
    return { commits, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
