import { describe, expect, it } from 'vitest';
import { DocumentFeed, type CommittedEntry } from '../../sync-server/fanout/document-feed';
import { SeqCursor } from '../../sync-server/fanout/seq-cursor';
import type { UpdatesAfter } from '../../sync-server/persistence/pg/types';

const entry = (seq: number): CommittedEntry => ({ seq, update: new Uint8Array([seq]) });

/** A feed on a fake log holding seqs 1..`head` (pruned through `prunedThrough`), recording what it applies and reads. */
function feedOnLog(head: number, prunedThrough = 0) {
  const applied: number[] = [];
  const reads: number[] = [];
  const reloads: string[] = [];
  const errors: unknown[] = [];
  const feed = new DocumentFeed('ws', {
    async readUpdatesAfter(_workspace, afterSeq, limit = 1000): Promise<UpdatesAfter> {
      reads.push(afterSeq);
      if (afterSeq < prunedThrough) return { ok: false, reason: 'pruned', prunedThrough };
      const seqs = Array.from({ length: Math.max(0, head - afterSeq) }, (_, i) => afterSeq + 1 + i).slice(0, limit);
      return { ok: true, entries: seqs.map(entry) };
    },
    apply: (_workspace, entries) => applied.push(...entries.map((e) => e.seq)),
    onReloadNeeded: (workspace) => reloads.push(workspace),
    onError: (_workspace, error) => errors.push(error),
    holeGraceMs: 10,
  });
  /** Lets the feed's queued work (and its fake reads) finish. */
  const settle = () => feed.catchUp().then(() => new Promise((resolve) => setTimeout(resolve, 0)));
  return { feed, applied, reads, reloads, errors, settle };
}

describe('SeqCursor', () => {
  it('absorbs own commits past a hole once the hole is filled', () => {
    const cursor = new SeqCursor(3);
    cursor.committedHere(5);
    cursor.committedHere(6);
    expect([cursor.applied, cursor.hasHole, cursor.holds(5), cursor.holds(4)]).toEqual([3, true, true, false]);
    cursor.advance(4);
    expect([cursor.applied, cursor.hasHole]).toEqual([6, false]);
  });

  it('refuses to apply out of order', () => {
    expect(() => new SeqCursor(3).advance(5)).toThrow('seq 5 applied out of order: the next is 4');
  });
});

describe('DocumentFeed', () => {
  it.each([
    ['in order', [[1, 2, 3]], 0, [1, 2, 3]],
    ['a batch out of order', [[3, 1, 2]], 0, [1, 2, 3]],
    ['duplicates and what the load already held', [[1, 2], [2, 3, 3], [4]], 2, [3, 4]],
  ])('applies each seq once, in order: %s', async (_case, batches, loadedThrough, expected) => {
    const { feed, applied, reads, settle } = feedOnLog(0);
    feed.loaded(loadedThrough);
    for (const batch of batches) feed.receive(batch.map(entry));
    await settle();
    expect(applied).toEqual(expected);
    expect(reads).toEqual([expected.at(-1)]); // no gap read: only settle's catch-up
  });

  it('keeps what arrives before the load, and applies it past the loaded seq', async () => {
    const { feed, applied, settle } = feedOnLog(6);
    feed.receive([entry(5), entry(6), entry(4)]);
    feed.loaded(4);
    await settle();
    expect(applied).toEqual([5, 6]);
  });

  it('reads a gap from the log before applying what comes after it', async () => {
    const { feed, applied, reads, settle } = feedOnLog(9);
    feed.loaded(2);
    feed.receive([entry(3), entry(8), entry(9)]);
    await settle();
    expect(applied).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(reads[0]).toBe(3);
  });

  it('skips its own commits when they come back, and reads the hole behind them after the grace', async () => {
    const { feed, applied, settle } = feedOnLog(5);
    feed.loaded(2);
    feed.committedHere(4);
    feed.committedHere(5);
    feed.receive([entry(5)]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await settle();
    expect(applied).toEqual([3]);
    expect(feed.applied).toBe(5);
  });

  it('asks for a reload, and applies nothing more, when the rows it lacks were pruned', async () => {
    const { feed, applied, reloads, settle } = feedOnLog(20, 10);
    feed.loaded(4);
    feed.receive([entry(15)]);
    await settle();
    feed.receive([entry(16)]);
    await settle();
    expect(applied).toEqual([]);
    expect(reloads).toEqual(['ws']);
  });
});
