import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { importWorkspaceExport } from '../../shared/workspace/import';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { dbOption, stringFlag, withStore, workspaceFlag, type Command } from './args';

/**
 * Restores a workspace from a JSON export as one update in the log. Only into a workspace with
 * nothing stored: merging histories by hand would pick winners silently (shared/workspace/import.ts),
 * and a running server that has the workspace loaded would not see the update until it reloads.
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
    return withStore(flags, true, (store, path) => {
      const { lastSeq } = store.logInfo(workspace);
      if (lastSeq > 0) throw new Error(`workspace ${workspace} is not empty in ${path} (${lastSeq} updates stored); import only into a new workspace`);
      const doc = new Y.Doc();
      // First, so the doc's meta names the workspace it is imported into, not the one it came from.
      const layout = migrateWorkspaceDoc(doc, workspace);
      if (!layout.ok) throw new Error(layout.error);
      const imported = importWorkspaceExport(doc, raw);
      if (!imported.ok) throw new Error(`${file}: ${imported.error}`);
      const update = Y.encodeStateAsUpdate(doc);
      store.appendUpdate(workspace, update);
      io.out(`Imported ${imported.value.records} records from ${file} into workspace ${workspace} (${update.byteLength} bytes, ${path})`);
      return 0;
    });
  },
};
