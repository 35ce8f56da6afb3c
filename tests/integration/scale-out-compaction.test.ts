import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it, onTestFailed } from 'vitest';
import * as Y from 'yjs';
import { startScaleOutServers, useScaleOutInfrastructure } from './helpers/scale-out-servers';
import { metricValue, type ServerProcess } from './helpers/server-process';
import { connectClient, eventually, type SyncClient } from './helpers/sync-clients';

/**
 * Two server instances on one PostgreSQL compacting the same document at once. Thresholds are set
 * low so that every few dozen commits both rooms find the log due at about the same moment (each
 * commit reports the document's log size, whichever instance stored the rest), and clients on both
 * instances keep writing meanwhile. The advisory lock must let exactly one instance fold each range
 * of the log: the folds both instances report, sorted, tile the log with no overlap and no failure,
 * and the other instance's attempts are counted as 'busy'. The document must be unchanged by it:
 * every client, both instances' rooms and a reload from PostgreSQL hold every edit, also after both
 * instances restart at once (each folds on the way out).
 */
const CLIENTS_PER_INSTANCE = 2;
const WRITE_EVERY_MS = 15;
const WRITING_MS = 4_000;
/** A fold is asked for every 2 × this many entries (a squash, which PostgreSQL skips, comes between). */
const COMPACT_ENTRIES = 8;
/** Each edit's size: the doc grows, so a fold takes long enough for the other instance to ask meanwhile. */
const VALUE_CHARS = 2_000;

const { postgres, redis, cleanups } = useScaleOutInfrastructure();

interface Fold {
  instance: number;
  /** The log range it folded: (fromSeq, throughSeq]. */
  fromSeq: number;
  throughSeq: number;
}

/** The folds an instance logged (EVIDENT_LOG_LEVEL=debug: one 'log compacted' line each), over all its runs. */
function foldsLoggedBy(server: ServerProcess, instance: number, workspace: string): Fold[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.includes('"log compacted"'))
    .map((line) => JSON.parse(line) as { workspace: string; kind: string; throughSeq: number; merged: number })
    .filter((entry) => entry.workspace === workspace && entry.kind === 'snapshot')
    .map((entry) => ({ instance, fromSeq: entry.throughSeq - entry.merged, throughSeq: entry.throughSeq }));
}

/** Where the folds of all instances, sorted, fail to tile the log from seq 0 (empty when they tile it). */
function foldOverlapsAndGaps(folds: Fold[]): string[] {
  const sorted = [...folds].sort((a, b) => a.throughSeq - b.throughSeq);
  const problems: string[] = [];
  let coveredThrough = 0;
  for (const fold of sorted) {
    if (fold.fromSeq !== coveredThrough) problems.push(`instance ${fold.instance} folded (${fold.fromSeq}, ${fold.throughSeq}] after the log was folded through ${coveredThrough}`);
    coveredThrough = fold.throughSeq;
  }
  return problems;
}

const contentOf = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap<string>('edits').toJSON()).sort(([a], [b]) => a.localeCompare(b)));

it('two instances compacting one document at once: exactly one folds each range, and the document is unchanged', async () => {
  const servers = await startScaleOutServers(2, {
    databaseUrl: await postgres.freshDatabase(),
    redisUrl: redis().url,
    env: { EVIDENT_COMPACT_ENTRIES: String(COMPACT_ENTRIES), EVIDENT_LOG_LEVEL: 'debug' },
  });
  cleanups.push(() => servers.dispose());
  const { instances } = servers;
  onTestFailed(() => console.error(instances.map((s, i) => `instance ${i} output (tail):\n${s.output().slice(-3000)}`).join('\n')));

  const workspace = 'compaction-contest';
  const clients: SyncClient[] = [];
  for (const instance of instances) {
    for (let i = 0; i < CLIENTS_PER_INSTANCE; i++) {
      const client = connectClient(instance.url, workspace, (await servers.mint(workspace, 'editor')).token);
      cleanups.push(() => client.destroy());
      clients.push(client);
    }
  }
  await Promise.all(clients.map((client) => client.synced));

  let edits = 0;
  const filler = 'x'.repeat(VALUE_CHARS);
  const writers = clients.map((client, c) => setInterval(() => client.doc.getMap<string>('edits').set(`c${c}-${edits++}`, filler), WRITE_EVERY_MS));
  cleanups.push(() => writers.forEach(clearInterval));
  await sleep(WRITING_MS);
  writers.forEach(clearInterval);

  await eventually(() => clients.every((client) => client.doc.getMap('edits').size === edits), 20_000, `every client to hold all ${edits} edits`);
  const expected = contentOf(clients[0]!.doc);
  for (const [i, client] of clients.entries()) expect(contentOf(client.doc), `client ${i}`).toBe(expected);
  for (const [i, instance] of instances.entries()) {
    const direct = connectClient(instance.url, workspace, (await servers.mint(workspace, 'reviewer')).token);
    cleanups.push(() => direct.destroy());
    await direct.synced;
    await eventually(() => contentOf(direct.doc) === expected, 10_000, `instance ${i}'s room to hold every edit`);
    direct.destroy();
  }
  expect(contentOf(await servers.storedDoc(workspace)), 'PostgreSQL while serving').toBe(expected);

  const busy = (await Promise.all(instances.map((instance) => metricValue(instance, 'evident_sync_compactions_busy_total')))).reduce((a, b) => a + b, 0);
  const whileWriting = instances.flatMap((instance, i) => foldsLoggedBy(instance, i, workspace));
  expect(whileWriting.length, 'folds while clients wrote').toBeGreaterThan(3);
  expect(foldOverlapsAndGaps(whileWriting)).toEqual([]);
  for (const instance of instances) expect(instance.output(), 'no fold failed').not.toContain('"compaction failed"');
  expect(busy, 'attempts refused because the other instance held the lock: the two did contend').toBeGreaterThan(0);

  // Everyone leaves; both instances restart at once, each folding on the way out: one lock again.
  for (const client of clients) client.destroy();
  await Promise.all(instances.map((instance) => instance.restart()));
  const all = instances.flatMap((instance, i) => foldsLoggedBy(instance, i, workspace));
  expect(foldOverlapsAndGaps(all)).toEqual([]);
  expect(contentOf(await servers.storedDoc(workspace)), 'PostgreSQL after both instances restarted').toBe(expected);
  for (const instance of instances) expect(instance.output(), 'no fold failed').not.toContain('"compaction failed"');

  console.log(
    `compaction contest: ${edits} edits from ${clients.length} clients on 2 instances; ${all.length} folds ` +
      `(instance 0: ${all.filter((f) => f.instance === 0).length}, instance 1: ${all.filter((f) => f.instance === 1).length}), ` +
      `tiling seqs 0–${Math.max(...all.map((f) => f.throughSeq))} with no overlap; ${busy} attempts found the other instance folding`,
  );
}, 90_000);
