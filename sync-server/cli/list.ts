import { dbOption, type Command } from './args';
import { invitesIn, logInfoOf, snapshotInfoOf, withWorkspaceStore, workspacesIn } from './workspace-store';

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What the database holds: each workspace's log and snapshot, and every recorded invite. */
export const list: Command = {
  name: 'list',
  synopsis: '[--db <file>]',
  summary: 'List workspaces (log entries, snapshot size) and invites (from PostgreSQL when EVIDENT_DATABASE_URL is set).',
  options: { ...dbOption },
  async run(flags, io) {
    return withWorkspaceStore(flags, false, async (store) => {
      const workspaces = await workspacesIn(store);
      io.out(`Workspaces in ${store.where}: ${workspaces.length}`);
      for (const workspace of workspaces) {
        const log = await logInfoOf(store, workspace);
        const snapshot = await snapshotInfoOf(store, workspace);
        const snap = snapshot ? `snapshot ${kB(snapshot.bytes)} through seq ${snapshot.throughSeq}` : 'no snapshot';
        io.out(`  ${workspace}  log ${count(log.entries, 'update')} (${kB(log.bytes)}), last seq ${log.lastSeq}; ${snap}`);
      }
      const invites = await invitesIn(store);
      io.out(`Invites: ${invites.length}`);
      const now = Date.now();
      for (const i of invites) {
        const state = i.revoked ? `revoked ${isoSeconds(i.revoked.at)} (${i.revoked.reason})` : i.expiresAt * 1000 < now ? 'expired' : 'active';
        io.out(`  ${i.jti}  ${i.workspace}  ${i.role}  expires ${isoSeconds(i.expiresAt * 1000)}  ${state}`);
      }
      return 0;
    });
  },
};
