import { exportWorkspace } from '../../shared/workspace/export';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { dbOption, workspaceFlag, type Command } from './args';
import { logInfoOf, storedDocOf, withWorkspaceStore } from './workspace-store';

/** Prints the workspace as the dashboard's JSON export (shared/schema/workspace-export.ts). */
export const exportCommand: Command = {
  name: 'export',
  synopsis: '--workspace <id> [--db <file>]',
  summary: 'Print the workspace as JSON, the same schema as the dashboard\'s export (from PostgreSQL when EVIDENT_DATABASE_URL is set).',
  options: { ...dbOption, workspace: { type: 'string' } },
  async run(flags, io) {
    const workspace = workspaceFlag(flags);
    return withWorkspaceStore(flags, false, async (store) => {
      if ((await logInfoOf(store, workspace)).lastSeq === 0) throw new Error(`workspace ${workspace} has nothing stored in ${store.where}`);
      const doc = await storedDocOf(store, workspace);
      // In memory only: refuses a doc from a newer Evident and upgrades an older layout for the export.
      const layout = migrateWorkspaceDoc(doc, workspace);
      if (!layout.ok) throw new Error(layout.error);
      io.out(JSON.stringify(exportWorkspace(doc, workspace, new Date().toISOString()), null, 2));
      return 0;
    });
  },
};
