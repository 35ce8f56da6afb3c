import { dbOption, withStore, type Command } from './args';

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What the database holds: each workspace's log and snapshot, and every recorded invite. */
export const list: Command = {
  name: 'list',
  synopsis: '[--db <file>]',
  summary: 'List workspaces (log entries, snapshot size) and invites.',
  options: { ...dbOption },
  async run(flags, io) {
    return withStore(flags, false, (store, path) => {
      const workspaces = store.workspaces();
      io.out(`Workspaces in ${path}: ${workspaces.length}`);
      for (const workspace of workspaces) {
        const log = store.logInfo(workspace);
        const snapshot = store.snapshotInfo(workspace);
        const snap = snapshot ? `snapshot ${kB(snapshot.bytes)} through seq ${snapshot.throughSeq}` : 'no snapshot';
        io.out(`  ${workspace}  log ${count(log.entries, 'update')} (${kB(log.bytes)}), last seq ${log.lastSeq}; ${snap}`);
      }
      const invites = store.invites();
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
