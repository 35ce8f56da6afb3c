import { readFileSync } from 'node:fs';
import { importWorkspaceExport } from '../../shared/workspace/import';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { applyWorkspaceChange } from '../history/apply-change';
import { dbOption, stringFlag, withStore, workspaceFlag, type Command } from './args';
import { serverSettings } from './server-settings';

/**
 * Restores a workspace from a JSON export as one update in the log. Only into a workspace with
 * nothing stored: merging histories by hand would pick winners silently (shared/workspace/import.ts).
 * While a server runs on the database, the update goes through it (history/apply-change.ts).
 */
export const importCommand: Command = {
  name: 'import',
  synopsis: '--workspace <id> --file <export.json> [--db <file>]',
  summary: 'Restore a workspace from a JSON export into an empty workspace.',
  options: { ...dbOption, workspace: { type: 'string' }, file: { type: 'string' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    const file = stringFlag(flags, 'file');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`cannot read ${file} (--file) as JSON: ${(e as Error).message}`);
    }
    return withStore(flags, true, async (store, path) => {
      const { lastSeq } = store.logInfo(workspace);
      if (lastSeq > 0) throw new Error(`workspace ${workspace} is not empty in ${path} (${lastSeq} updates stored); import only into a new workspace`);
      const applied = await applyWorkspaceChange(
        store,
        workspace,
        (doc) => {
          let records = 0;
          doc.transact(() => {
            // First, so the doc's meta names the workspace it is imported into, not the one it came from.
            const layout = migrateWorkspaceDoc(doc, workspace);
            if (!layout.ok) throw new Error(layout.error);
            const imported = importWorkspaceExport(doc, raw);
            if (!imported.ok) throw new Error(`${file}: ${imported.error}`);
            records = imported.value.records;
          });
          return records;
        },
        { mustBeNew: true, maxFrameBytes: serverSettings().maxFrameBytes },
      );
      if (!applied.ok) throw new Error(applied.error);
      const { result, update, via } = applied.value;
      const how = via === 'server' ? ', through the running server' : '';
      io.out(`Imported ${result} records from ${file} into workspace ${workspace} (${update?.byteLength ?? 0} bytes, ${path}${how})`);
      return 0;
    });
  },
};
