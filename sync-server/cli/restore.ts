import { describeVia } from '../history/apply-change';
import { describeSummary, administrator, restoreWorkspace } from '../history/restore-workspace';
import { restorableRange, workspaceAt } from '../history/workspace-at';
import { dbOption, workspaceFlag, type Command } from './args';
import { unknownWorkspace } from './history';
import { serverSettings } from './server-settings';
import { isoMs, momentFlag } from './time-flag';
import { changerOf, historyOf, logInfoOf, withWorkspaceStore, workspacesIn } from './workspace-store';

/**
 * Rebuilds a workspace as it was at a moment of its history and writes that back as one new update
 * (never by rewriting the log), so connected clients follow: on SQLite through the running server
 * when there is one; on PostgreSQL into the shared log, announced to the instances over Redis.
 */
export const restore: Command = {
  name: 'restore',
  synopsis: '--workspace <id> --at <time> [--as <new id>] [--by <name>] [--db <file>]',
  summary: 'Restore a workspace as it was at <time> (ISO 8601, or "10m ago"), in place or --as a new workspace; see history.',
  options: { ...dbOption, workspace: { type: 'string' }, at: { type: 'string' }, as: { type: 'string' }, by: { type: 'string' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    const now = Date.now();
    const at = momentFlag(flags, 'at', now);
    const target = flags.as === undefined ? workspace : workspaceFlag(flags, 'as');
    const { historyMs, maxFrameBytes } = serverSettings();
    return withWorkspaceStore(flags, false, async (store) => {
      const path = store.where;
      const history = historyOf(store);
      const range = await restorableRange(history, workspace, { now, historyMs });
      if (!range) throw new Error(unknownWorkspace(workspace, path, await workspacesIn(store)));
      if (at < range.from || at > range.to) {
        throw new Error(`--at ${isoMs(at)} is outside the history kept for workspace ${workspace}: it can be restored to any moment from ${isoMs(range.from)} to now (${isoMs(range.to)})`);
      }
      if (target !== workspace && (await logInfoOf(store, target)).lastSeq > 0) {
        throw new Error(`--as ${target}: workspace ${target} already exists in ${path}; restore into a new workspace id, or without --as to restore ${workspace} in place`);
      }
      const past = await workspaceAt(history, workspace, at);
      if (!past.ok) throw new Error(past.error);
      try {
        const restored = await restoreWorkspace(changerOf(store, maxFrameBytes), {
          past: past.value.doc,
          source: workspace,
          target,
          at: isoMs(at),
          from: target === workspace ? 'its history' : `the history of workspace ${workspace}`,
          actor: administrator(typeof flags.by === 'string' ? flags.by : undefined),
        });
        if (!restored.ok) throw new Error(restored.error);
        const { result, update } = restored.value;
        const as = target === workspace ? '' : ` as workspace ${target}`;
        if (!update) {
          io.out(`Workspace ${workspace} already holds what it held at ${isoMs(at)}: nothing written.`);
          return 0;
        }
        io.out(`Restored workspace ${workspace}${as} as it was at ${isoMs(at)} (its last update then: ${isoMs(past.value.stateAt)}), ${describeVia(restored.value)}:`);
        io.out(`  ${describeSummary(result)}; one update of ${update.byteLength} bytes (${path}).`);
        return 0;
      } finally {
        past.value.doc.destroy();
      }
    });
  },
};
