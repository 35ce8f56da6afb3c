import { useLiveQuery } from 'dexie-react-hooks';
import type { ProjectionDb } from '../../db/projection-db';

const SHOWN = 300;

/** Who clipped, linked, tagged what, when: the workspace's audit trail, newest first. */
export function ActivityTab({ db }: { db: ProjectionDb | null }) {
  const entries = useLiveQuery(async () => (db ? db.activity.orderBy('at').reverse().limit(SHOWN).toArray() : []), [db]);
  if (!entries) return null;
  if (!entries.length) return <p className="empty">Nothing has happened in this workspace yet.</p>;
  return (
    <ol className="activity" aria-label="Activity" reversed>
      {entries.map((e) => (
        <li key={e.id} data-testid="activity-entry">
          <strong>{e.actor.name}</strong> {e.summary}{' '}
          <time dateTime={e.at} className="muted">
            {new Date(e.at).toLocaleString('en-GB')}
          </time>
        </li>
      ))}
    </ol>
  );
}
