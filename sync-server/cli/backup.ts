import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { dbOption, withStore, workspaceFlag, type Command } from './args';
import { unknownWorkspace } from './history';
import { refuseOnPostgres } from './sqlite-only';
import { isoMs } from './time-flag';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * A consistent copy, taken while the server runs (it reads in one transaction; WAL lets the server
 * write meanwhile): the whole database, or one workspace with its history. The file is a database
 * of the same schema, which restore-backup reads.
 */
export const backup: Command = {
  name: 'backup',
  synopsis: '[--workspace <id>] [--out <file>] [--db <file>]',
  summary: 'Back up the whole database (or one workspace, with its history) to a new file, while the server runs. Prints the file as the last line.',
  options: { ...dbOption, workspace: { type: 'string' }, out: { type: 'string' } },
  async run(flags, io) {
    refuseOnPostgres('backup');
    const workspace = flags.workspace === undefined ? null : workspaceFlag(flags);
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const out = resolve(typeof flags.out === 'string' && flags.out ? flags.out : `evident-backup-${stamp}${workspace ? `-${workspace}` : ''}.sqlite`);
    return withStore(flags, false, async (store, path) => {
      if (workspace && store.logInfo(workspace).lastSeq === 0) throw new Error(unknownWorkspace(workspace, path, store.workspaces()));
      const started = performance.now();
      const info = workspace ? store.backupWorkspaceTo(workspace, out) : store.backupTo(out);
      const { size } = statSync(out);
      const what = workspace ? `workspace ${workspace} with its history` : `the whole database (${store.workspaces().length} workspaces, invites and secret)`;
      io.out(`Backed up ${what} from ${path} as it was at ${isoMs(info.takenAt)}: ${mb(size)} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
      if (!workspace) io.out('It holds the signing secret (unless EVIDENT_SECRET gives it): keep it as safe as the database.');
      io.out(out);
      return 0;
    });
  },
};
