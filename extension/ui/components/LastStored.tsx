import type { SyncStatus } from '../../background/sync-status';
import { formatStoredAt } from '../data/server-address';

/**
 * When the server last confirmed storing everything this browser holds of the workspace: the moment
 * the indicator last read "synced". Before that, says so plainly.
 */
export function LastStored({ status }: { status: SyncStatus | undefined }) {
  const at = status?.lastStoredAt;
  return (
    <p className="muted" data-testid="last-stored">
      {at ? `Last stored on the server: ${formatStoredAt(at)}` : 'Not yet confirmed as stored on the server.'}
    </p>
  );
}
