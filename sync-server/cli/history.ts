import { restorePoints } from '../history/restore-points';
import { restorableRange } from '../history/workspace-at';
import { dbOption, stringFlag, UsageError, workspaceFlag, type Command } from './args';
import { serverSettings } from './server-settings';
import { isoMs } from './time-flag';
import { historyOf, withWorkspaceStore, workspacesIn } from './workspace-store';

const DEFAULT_LIMIT = '50';

/** Lists the moments a workspace can be restored to (restore --at takes any of them, or any time in the range). */
export const history: Command = {
  name: 'history',
  synopsis: '--workspace <id> [--limit 50] [--json] [--db <file>]',
  summary: 'List restore points: the range a workspace can be restored to, and each minute it changed (clips after, who); PostgreSQL too.',
  options: { ...dbOption, workspace: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    const limitText = stringFlag(flags, 'limit', DEFAULT_LIMIT);
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText)) throw new UsageError(`--limit "${limitText}" is not a number of rows (0: all)`);
    const { historyMs, historyDays } = serverSettings();
    return withWorkspaceStore(flags, false, async (store) => {
      const path = store.where;
      const history = historyOf(store);
      const now = Date.now();
      const range = await restorableRange(history, workspace, { now, historyMs });
      if (!range) throw new Error(unknownWorkspace(workspace, path, await workspacesIn(store)));
      const all = await restorePoints(history, workspace, range);
      const points = limit === 0 ? all : all.slice(-limit);
      const snapshots = await history.snapshotPoints(workspace);
      if (flags.json) {
        const json = {
          workspace,
          database: path,
          historyDays,
          restorable: { from: isoMs(range.from), to: isoMs(range.to) },
          points: points.map((p) => ({ at: isoMs(p.at), updates: p.updates, clips: p.clips, by: p.by })),
          pointsLeftOut: all.length - points.length,
          snapshots: snapshots.map((s) => ({ throughSeq: s.throughSeq, stateAt: isoMs(s.stateAt), bytes: s.bytes })),
        };
        io.out(JSON.stringify(json, null, 2));
        return 0;
      }
      io.out(`History of workspace ${workspace} (${path}), kept ${historyDays} days:`);
      io.out(`restorable to any moment from ${isoMs(range.from)} to now (${isoMs(range.to)}).`);
      if (all.length > points.length) io.out(`The ${points.length} newest of ${all.length} points (--limit 0 for all):`);
      const rows = points.map((p, i) => {
        const change = i === 0 && all.length === points.length ? '' : signed(p.clips - (all[all.length - points.length + i - 1]?.clips ?? p.clips));
        return [isoMs(p.at), String(p.updates), String(p.clips), change, p.by.join(', ') || (p.updates ? '(no activity line)' : 'earliest kept')];
      });
      for (const line of table(['at (UTC)', 'updates', 'clips', 'change', 'by'], rows)) io.out(line);
      io.out(`Restore with: evident-sync restore --workspace ${workspace} --at <at> [--as <new workspace>]`);
      return 0;
    });
  },
};

export const unknownWorkspace = (workspace: string, path: string, known: string[]) =>
  `no workspace ${workspace} in ${path} (${known.length ? `it holds ${known.join(', ')}` : 'it holds none'})`;

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? String(n) : '0');

/** Columns padded to their widest cell; numbers right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const isNumeric = header.map((_, i) => i > 0 && i < 4);
  const line = (cells: string[]) => cells.map((c, i) => (isNumeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
