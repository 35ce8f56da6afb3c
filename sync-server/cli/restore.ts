import { describeSummary, administrator, restoreWorkspace } from '../history/restore-workspace';
import { restorableRange, workspaceAt } from '../history/workspace-at';
import { dbOption, withStore, workspaceFlag, type Command } from './args';
import { unknownWorkspace } from './history';
import { serverSettings } from './server-settings';
import { refuseOnPostgres } from './sqlite-only';
import { isoMs, momentFlag } from './time-flag';

/**
 * Rebuilds a workspace as it was at a moment of its history and writes that back as one new update
 * (never by rewriting the log), through the running server when there is one, so its clients follow.
 */
export const restore: Command = {
  name: 'restore',
  synopsis: '--workspace <id> --at <time> [--as <new id>] [--by <name>] [--db <file>]',
  summary: 'Restore a workspace as it was at <time> (ISO 8601, or "10m ago"), in place or --as a new workspace; see history.',
  options: { ...dbOption, workspace: { type: 'string' }, at: { type: 'string' }, as: { type: 'string' }, by: { type: 'string' } },
  async run(flags, io) {
    refuseOnPostgres('restore');
    const workspace = workspaceFlag(flags);
    const now = Date.now();
    const at = momentFlag(flags, 'at', now);
    const target = flags.as === undefined ? workspace : workspaceFlag(flags, 'as');
    const { historyMs, maxFrameBytes } = serverSettings();
    return withStore(flags, false, async (store, path) => {
      const range = restorableRange(store, workspace, { now, historyMs });
      if (!range) throw new Error(unknownWorkspace(workspace, path, store.workspaces()));
      if (at < range.from || at > range.to) {
        throw new Error(`--at ${isoMs(at)} is outside the history kept for workspace ${workspace}: it can be restored to any moment from ${isoMs(range.from)} to now (${isoMs(range.to)})`);
      }
      if (target !== workspace && store.logInfo(target).lastSeq > 0) {
        throw new Error(`--as ${target}: workspace ${target} already exists in ${path}; restore into a new workspace id, or without --as to restore ${workspace} in place`);
      }
      const past = workspaceAt(store, workspace, at);
      if (!past.ok) throw new Error(past.error);
      try {
        const restored = await restoreWorkspace(store, {
          past: past.value.doc,
          source: workspace,
          target,
          at: isoMs(at),
          from: target === workspace ? 'its history' : `the history of workspace ${workspace}`,
          actor: administrator(typeof flags.by === 'string' ? flags.by : undefined),
          maxFrameBytes,
        });
        if (!restored.ok) throw new Error(restored.error);
        const { result, update, via } = restored.value;
        const as = target === workspace ? '' : ` as workspace ${target}`;
        if (!update) {
          io.out(`Workspace ${workspace} already holds what it held at ${isoMs(at)}: nothing written.`);
          return 0;
        }
        const how = via === 'server' ? 'through the running server (connected clients have it)' : 'into the database (no server running)';
        io.out(`Restored workspace ${workspace}${as} as it was at ${isoMs(at)} (its last update then: ${isoMs(past.value.stateAt)}), ${how}:`);
        io.out(`  ${describeSummary(result)}; one update of ${update.byteLength} bytes (${path}).`);
        return 0;
      } finally {
        past.value.doc.destroy();
      }
    });
  },
};
