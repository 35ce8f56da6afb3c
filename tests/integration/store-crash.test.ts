import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { createRandom, seedsFor } from '../lib/random';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

const HELPER = join(import.meta.dirname, 'helpers', 'append-updates.ts');
const WORKSPACE = 'wsx-ilacs';
const dir = mkdtempSync(join(tmpdir(), 'evident-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the appending child until it has acknowledged `killAfter` seqs (plus whatever it manages in
 * the moment the kill takes), SIGKILLs it, and returns every seq it printed.
 */
function appendUntilKilled(dbPath: string, seed: number, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HELPER, dbPath, WORKSPACE, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: number[] = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (/^\d+$/.test(line)) acknowledged.push(Number(line));
      if (acknowledged.length >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`append child ended with ${code ?? signal} before the kill: ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

describe('durability under kill -9', () => {
  const figures: string[] = [];
  afterAll(() => console.log(`store-crash runs:\n  ${figures.join('\n  ')}`));

  // Each seed is one database, killed several times: later runs append after a recovered crash.
  it.each(seedsFor(3))('keeps every acknowledged update of a child killed mid-write (seed %i)', async (seed) => {
    const dbPath = join(dir, `crash-${seed}.sqlite`);
    const random = createRandom(seed);
    let acknowledgedSoFar = 0;
    let longest = 0;
    let runs = 0;
    for (let run = 0; run < 3; run++) {
      // Each child restarts the stream from the beginning, so its updates repeat those already stored:
      // Yjs applies a repeated update as a no-op, and the log keeps them all in order.
      const acknowledged = await appendUntilKilled(dbPath, seed, random.int(20, 400));
      runs++;
      expect(acknowledged.length, `seed ${seed}, run ${run}: the child acknowledged nothing`).toBeGreaterThan(0);
      // The kill left a WAL behind: opening the store below goes through SQLite's WAL recovery.
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      const walBytes = statSync(`${dbPath}-wal`).size;
      const store = openSqliteStore(dbPath);
      const { updates } = store.loadDoc(WORKSPACE);
      const { lastSeq, entries } = store.logInfo(WORKSPACE);
      store.close();

      const highest = acknowledgedSoFar + acknowledged.length;
      // appendUpdate returns the seq; never compacted here, so the seqs printed are 1, 2, 3… across runs.
      expect(acknowledged, `seed ${seed}, run ${run}`).toEqual(Array.from({ length: acknowledged.length }, (_, i) => acknowledgedSoFar + i + 1));
      expect(entries, `seed ${seed}, run ${run}: acknowledged ${highest}, found ${entries}`).toBeGreaterThanOrEqual(highest);
      expect(lastSeq).toBe(entries);
      figures.push(`seed ${seed} run ${run}: acknowledged ${acknowledged.length} (through seq ${highest}), found ${entries - acknowledgedSoFar} (through seq ${entries}); WAL left ${(walBytes / 1e6).toFixed(1)} MB`);

      // The stored bytes are exactly what the child wrote: each run's stream, from its start.
      const written = entries - acknowledgedSoFar;
      const expected = firstUpdates(seed, WORKSPACE, written, 7);
      const stored = updates.slice(acknowledgedSoFar);
      expect(stored.map((u) => Buffer.from(u).toString('hex'))).toEqual(expected.map((u) => Buffer.from(u).toString('hex')));
      // The doc loads, and holds the longest prefix of the stream any run wrote.
      longest = Math.max(longest, written);
      expect(docContent(docOf(updates), WORKSPACE)).toBe(docContent(docOf(firstUpdates(seed, WORKSPACE, longest, 7)), WORKSPACE));
      acknowledgedSoFar = entries;
    }
    expect(runs).toBe(3);
  });
});

