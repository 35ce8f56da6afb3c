import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgCommitQueue, type PgCommitQueue } from '../../sync-server/persistence/pg/commit-queue';
import { openPgStore } from '../../sync-server/persistence/pg/pg-store';
import type { PgAppendResult, PgSyncStore } from '../../sync-server/persistence/pg/types';
import { createRandom, seedsFor } from '../lib/random';
import { queryRows, usePostgresServer } from './helpers/pg-test-database';
import { docContent, docOf, firstUpdates } from './helpers/update-stream';

// Commit timestamps let the test check that seq order is commit order, which a sequence would not give.
const postgres = usePostgresServer({ settings: { track_commit_timestamp: 'on' } });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanUp) => cleanUp()));
});
async function openInstance(url: string): Promise<{ store: PgSyncStore; queue: PgCommitQueue }> {
  const store = await openPgStore(url, { max: 4 });
  cleanups.push(() => store.close());
  return { store, queue: createPgCommitQueue(store) };
}

interface Handed {
  instance: number;
  workspace: string;
  update: Uint8Array;
  result: Promise<PgAppendResult>;
}

const DOCS = ['wsx-alpha', 'wsx-beta', 'wsx-gamma'];

describe('commit order across instances', () => {
  it.each(seedsFor(1))(
    'gives each document contiguous seqs in commit order while two instances group-commit at once (seed %i)',
    async (seed) => {
      const url = await postgres.freshDatabase();
      const instances = [await openInstance(url), await openInstance(url)];
      const observer = new pg.Pool({ connectionString: url, max: 2 });
      cleanups.push(() => observer.end());
      const random = createRandom(seed);
      const streams = new Map(DOCS.map((ws, i) => [ws, firstUpdates(seed + i, ws, 240)]));
      const next = new Map(DOCS.map((ws) => [ws, 0]));
      const handed: Handed[] = [];
      const visibility: Array<Promise<unknown>> = [];

      // Turns of the event loop, each handing a random burst to a random instance: commits overlap.
      while (DOCS.some((ws) => next.get(ws)! < streams.get(ws)!.length)) {
        const instance = random.int(0, 1);
        for (let n = random.int(1, 12); n > 0; n--) {
          const workspace = random.pick(DOCS.filter((ws) => next.get(ws)! < streams.get(ws)!.length));
          if (!workspace) break;
          const index = next.get(workspace)!;
          next.set(workspace, index + 1);
          const update = streams.get(workspace)![index]!;
          const result = instances[instance]!.queue.append(workspace, update);
          // Answered only after COMMIT: another connection must already see the row.
          if (index % 8 === 0) {
            visibility.push(
              result.then(async ({ seq }) => {
                const { rowCount } = await observer.query('SELECT 1 FROM updates WHERE workspace = $1 AND seq = $2', [workspace, seq]);
                if (rowCount !== 1) throw new Error(`${workspace} seq ${seq} was answered before it was visible`);
              }),
            );
          }
          handed.push({ instance, workspace, update, result });
        }
        await new Promise((resolve) => setTimeout(resolve, random.int(0, 2)));
      }
      const results = await Promise.all(handed.map((h) => h.result));
      await Promise.all(visibility);

      for (const workspace of DOCS) {
        const mine = handed.flatMap((h, i) => (h.workspace === workspace ? [{ ...h, ...results[i]! }] : []));
        expect(mine.every((m) => !m.isDuplicate)).toBe(true);
        expect(mine.map((m) => m.seq).sort((x, y) => x - y)).toEqual(mine.map((_, i) => i + 1));
        for (const instance of [0, 1]) {
          const seqs = mine.filter((m) => m.instance === instance).map((m) => m.seq);
          expect(seqs, `instance ${instance}, ${workspace}: seqs in the order handed over`).toEqual([...seqs].sort((x, y) => x - y));
        }
        // Both instances wrote to it, interleaved, or the test proved nothing.
        const bySeq = [...mine].sort((x, y) => x.seq - y.seq);
        const switches = bySeq.filter((m, i) => i > 0 && m.instance !== bySeq[i - 1]!.instance).length;
        expect(switches, `${workspace}: instances interleaved`).toBeGreaterThan(5);

        const rows = await queryRows(
          url,
          'SELECT seq, xmin::text AS tx, pg_xact_commit_timestamp(xmin) AS committed FROM updates WHERE workspace = $1 ORDER BY seq',
          [workspace],
        );
        const times = rows.map((r) => (r.committed as Date).getTime());
        expect(times, `${workspace}: seq order is commit order`).toEqual([...times].sort((x, y) => x - y));
        // Group commit: fewer transactions than updates.
        expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(rows.length);

        const loaded = await instances[0]!.store.loadDoc(workspace);
        expect(docContent(docOf(loaded.updates, loaded.snapshot), workspace)).toBe(docContent(docOf(streams.get(workspace)!), workspace));
      }
    },
    120_000,
  );
});

describe('the commit queue', () => {
  it('commits what one turn hands over in one transaction, across documents', async () => {
    const url = await postgres.freshDatabase();
    const { queue } = await openInstance(url);
    const updates = DOCS.flatMap((ws, i) => firstUpdates(40 + i, ws, 10).map((update) => ({ workspace: ws, update })));
    const results = await Promise.all(updates.map(({ workspace, update }) => queue.append(workspace, update)));
    expect(results.map((r) => r.seq)).toEqual(DOCS.flatMap(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const transactions = await queryRows(url, 'SELECT COUNT(DISTINCT xmin::text) AS n FROM updates');
    expect(transactions).toEqual([{ n: '1' }]);
  });

  it("isolates a document whose commit fails: the others' updates in the batch still commit", async () => {
    const url = await postgres.freshDatabase();
    const { queue } = await openInstance(url);
    await queryRows(
      url,
      `CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.workspace = 'wsx-poison' THEN RAISE EXCEPTION 'poisoned document'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_poison BEFORE INSERT ON updates FOR EACH ROW EXECUTE FUNCTION refuse_poison();`,
    );
    const [good, bad] = [firstUpdates(50, 'wsx-good', 3), firstUpdates(51, 'wsx-poison', 2)];
    const outcomes = await Promise.allSettled([
      queue.append('wsx-good', good[0]!),
      queue.append('wsx-poison', bad[0]!),
      queue.append('wsx-good', good[1]!),
      queue.append('wsx-poison', bad[1]!),
      queue.append('wsx-good', good[2]!),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/workspace wsx-poison: update not stored: poisoned document/);
    expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.seq] : []))).toEqual([1, 2, 3]);
  });

  it('rejects, unsent, the updates of a workspace discarded before its turn ends', async () => {
    const url = await postgres.freshDatabase();
    const { queue, store } = await openInstance(url);
    const [u1, u2] = firstUpdates(60, 'wsx-dropped', 2) as [Uint8Array, Uint8Array];
    const first = queue.append('wsx-dropped', u1);
    const second = queue.append('wsx-dropped', u2);
    queue.discard('wsx-dropped', 'its room broke');
    await expect(first).rejects.toThrow('workspace wsx-dropped: update not stored: its room broke');
    await expect(second).rejects.toThrow('its room broke');
    await queue.drain();
    expect(await store.logInfo('wsx-dropped')).toEqual({ lastSeq: 0, entries: 0, bytes: 0 });
  });
});
