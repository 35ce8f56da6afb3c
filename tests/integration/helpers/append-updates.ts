/**
 * The child process of store-crash.test.ts: appends the update stream for `seed` to the database
 * and prints each seq once `appendUpdate` has returned, i.e. once SQLite says it is durable. The
 * test SIGKILLs it at a random moment. Usage: node --import tsx append-updates.ts <db> <workspace> <seed>
 */
import { openSqliteStore } from '../../../sync-server/persistence/sqlite-store';
import { workspaceUpdates } from './update-stream';

const [dbPath, workspace, seed] = process.argv.slice(2);
const store = openSqliteStore(dbPath!);
// Pipes are synchronous on Linux (Node's process.stdout docs), so a printed seq has left this process.
process.stdout.write('ready\n');
for (const update of workspaceUpdates(Number(seed), workspace!, 7)) {
  const seq = store.appendUpdate(workspace!, update);
  process.stdout.write(`${seq}\n`);
}
