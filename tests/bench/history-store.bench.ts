/**
 * What history costs the SQLite store: a generated team's 20,000 updates (one every 10 s, 55 hours),
 * folded every 2,000 as a busy room would be, with the shipped 30-day window; then how many
 * snapshots the history policy kept and their weight beside the log's, how long rebuilding a moment
 * takes across the window (`evident-sync restore`), listing the restore points (`history`), and
 * backing up the whole database and the one workspace.
 * `npx tsx tests/bench/history-store.bench.ts`: about a minute (generating the updates: ~30 s).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { restorePoints } from '../../sync-server/history/restore-points';
import { restorableRange, workspaceAt } from '../../sync-server/history/workspace-at';
import { DAY_MS } from '../../sync-server/persistence/history-policy';
import { openSqliteStore } from '../../sync-server/persistence/sqlite-store';
import { docOf, firstUpdates } from '../integration/helpers/update-stream';

const UPDATES = 20_000;
const FOLD_EVERY = 2_000;
const WINDOW_MS = 30 * DAY_MS;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const timed = async <T>(work: () => T | Promise<T>): Promise<[T, string]> => {
  const started = performance.now();
  const result = await work();
  return [result, `${(performance.now() - started).toFixed(0)} ms`];
};

const dir = mkdtempSync(join(tmpdir(), 'evident-history-bench-'));
try {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const store = openSqliteStore(join(dir, 'evident.sqlite'), { now: () => clock.now, historyMs: WINDOW_MS });
  const updates = firstUpdates(1, 'bench', UPDATES);
  updates.forEach((update, i) => {
    clock.now += 10_000;
    store.appendUpdate('bench', update);
    if ((i + 1) % FOLD_EVERY === 0) {
      const log = store.readLog('bench');
      const state = Y.encodeStateAsUpdate(docOf(log.updates, log.snapshot));
      store.commit([], [{ kind: 'snapshot', workspace: 'bench', state, previousThroughSeq: log.throughSeq, throughSeq: log.lastSeq }]);
    }
  });
  const snapshots = store.snapshotPoints('bench');
  console.log(`${UPDATES} updates, ${mb(updates.reduce((n, u) => n + u.byteLength, 0))} of log; ${UPDATES / FOLD_EVERY} folds;`);
  console.log(`snapshots kept: ${snapshots.length}, ${mb(snapshots.reduce((n, p) => n + p.bytes, 0))} (newest ${mb(snapshots.at(-1)!.bytes)})`);
  const range = (await restorableRange(store, 'bench', { now: clock.now, historyMs: WINDOW_MS }))!;
  for (const share of [0.1, 0.5, 0.95, 1]) {
    const [rebuilt, took] = await timed(() => workspaceAt(store, 'bench', range.from + share * (range.to - range.from)));
    if (!rebuilt.ok) throw new Error(rebuilt.error);
    console.log(`rebuild at ${share * 100}% of the window: ${took}`);
  }
  const [points, listed] = await timed(() => restorePoints(store, 'bench', range));
  console.log(`history: ${points.length} points in ${listed} (${points.at(-1)!.clips} clips now)`);
  const [, whole] = await timed(() => store.backupTo(join(dir, 'all.sqlite')));
  const [, one] = await timed(() => store.backupWorkspaceTo('bench', join(dir, 'one.sqlite')));
  console.log(`backup: whole database ${whole} (${mb(statSync(join(dir, 'all.sqlite')).size)}), one workspace ${one} (${mb(statSync(join(dir, 'one.sqlite')).size)})`);
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
