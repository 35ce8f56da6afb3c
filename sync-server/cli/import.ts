import { readFileSync } from 'node:fs';
import type * as Y from 'yjs';
import { importWorkspaceExport } from '../../shared/workspace/import';
import { migrateWorkspaceDoc } from '../../shared/workspace/schema-version';
import { describeVia } from '../history/apply-change';
import { dbOption, stringFlag, workspaceFlag, type Command } from './args';
import { serverSettings } from './server-settings';
import { changerOf, logInfoOf, withWorkspaceStore } from './workspace-store';

/**
 * Restores a workspace from a JSON export as one update in the log. Only into a workspace with
 * nothing stored: merging histories by hand would pick winners silently (shared/workspace/import.ts).
 * On SQLite, while a server runs on the database, the update goes through it (history/apply-change.ts);
 * on PostgreSQL it is committed to the shared log, only if the workspace is still empty then, and
 * announced to the instances over Redis (history/apply-change-pg.ts).
 */
export const importCommand: Command = {
  name: 'import',
  synopsis: '--workspace <id> --file <export.json> [--db <file>]',
  summary: 'Restore a workspace from a JSON export into an empty workspace (into PostgreSQL when EVIDENT_DATABASE_URL is set).',
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
    const importInto = (doc: Y.Doc) => {
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
    };
    return withWorkspaceStore(flags, true, async (store) => {
      const { lastSeq } = await logInfoOf(store, workspace);
      if (lastSeq > 0) throw new Error(`workspace ${workspace} is not empty in ${store.where} (${lastSeq} updates stored); import only into a new workspace`);
      const applied = await changerOf(store, serverSettings().maxFrameBytes)(workspace, importInto, { mustBeNew: true });
      if (!applied.ok) throw new Error(applied.error);
      const { result, update } = applied.value;
      io.out(`Imported ${result} records from ${file} into workspace ${workspace} (${update?.byteLength ?? 0} bytes, ${store.where}), ${describeVia(applied.value)}`);
      return 0;
    });
  },
};
