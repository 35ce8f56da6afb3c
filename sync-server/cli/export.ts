import { exportWorkspace } from '../../shared/workspace/export';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { docFromStore } from '../persistence/doc-from-store';
import { dbOption, withStore, workspaceFlag, type Command } from './args';

/** Prints the workspace as the dashboard's JSON export (shared/schema/workspace-export.ts). */
export const exportCommand: Command = {
  name: 'export',
  synopsis: '--workspace <id> [--db <file>]',
  summary: 'Print the workspace as JSON, the same schema as the dashboard\'s export.',
  options: { ...dbOption, workspace: { type: 'string' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    return withStore(flags, false, (store, path) => {
      if (store.logInfo(workspace).lastSeq === 0) throw new Error(`workspace ${workspace} has nothing stored in ${path}`);
      const doc = docFromStore(store, workspace);
      // In memory only: refuses a doc from a newer Evident and upgrades an older layout for the export.
      const layout = migrateWorkspaceDoc(doc, workspace);
      if (!layout.ok) throw new Error(layout.error);
      io.out(JSON.stringify(exportWorkspace(doc, workspace, new Date().toISOString()), null, 2));
      return 0;
    });
  },
};
