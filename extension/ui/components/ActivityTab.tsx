import { useLiveQuery } from 'dexie-react-hooks';
import { activitySentence, withoutSupersededLinks, type ActionLookup } from '../../../shared/activity-text';
import type { ProjectionDb } from '../../db/projection-db';
import { formatDateTime } from '../labels';

const SHOWN = 300;

/** Who clipped, linked, tagged what, when: the workspace's audit trail, newest first, as sentences. */
export function ActivityTab({ db }: { db: ProjectionDb | null }) {
  const data = useLiveQuery(async () => {
    if (!db) return { entries: [], actions: [] };
    const [entries, actions] = await Promise.all([db.activity.orderBy('at').reverse().limit(SHOWN).toArray(), db.actions.toArray()]);
    return { entries, actions };
  }, [db]);
  if (!data) return null;
  const byId = new Map(data.actions.map((a) => [a.id, a]));
  const actionOf: ActionLookup = (id) => byId.get(id);
  const entries = withoutSupersededLinks(data.entries, actionOf);
  return (
    <>
      <h2>Activity</h2>
      {entries.length === 0 ? (
        <p className="empty">Nothing has happened in this workspace yet.</p>
      ) : (
        <ol className="activity" aria-label="Activity, newest first">
          {entries.map((e) => (
            <li key={e.id} data-testid="activity-entry">
              <strong>{e.actor.name}</strong> {activitySentence(e, actionOf)}{' '}
              <time dateTime={e.at} className="muted">
                on {formatDateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
