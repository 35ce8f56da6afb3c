import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { askBackground } from '../../messaging';
import { useProjectionDb } from '../data/use-projection-db';
import { defaultPlan, type PlansData } from '../data/use-plans';

/**
 * "Create recommendations from this report": offered on clips whose source lists Ofsted's areas for
 * improvement. They go into the current plan (or a new one named after the report), verbatim.
 */
export function ReportRecommendations({ sourceId, plans }: { sourceId: string; plans: PlansData }) {
  const db = useProjectionDb();
  const source = useLiveQuery(async () => (db ? db.sources.get(sourceId) : undefined), [db, sourceId]);
  const [message, setMessage] = useState('');
  const areas = source?.metadata.areas_for_improvement ?? [];
  if (!areas.length) return null;
  const plan = defaultPlan(plans.plans.filter((p) => p.status === 'active'));
  return (
    <section className="report-recommendations">
      <h3>This report's areas for improvement ({areas.length})</h3>
      <button
        type="button"
        data-testid="create-recommendations"
        onClick={async () => {
          const result = await askBackground({ type: 'recommendations-from-source', sourceId, planId: plan?.id ?? null });
          setMessage(result.ok ? `Added ${result.value.created} recommendations to the plan` : result.error);
        }}
      >
        Create recommendations from this report{plan ? ` in “${plan.name}”` : ''}
      </button>
      <p role="status" className="message">{message}</p>
    </section>
  );
}
