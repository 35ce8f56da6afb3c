import { useId, useMemo, useState } from 'react';
import { computeCoverage, type AssessmentCounts } from '../../../../shared/coverage';
import type { EvidenceRow } from '../../../../shared/workspace/rows';
import { matchesFilters, type EvidenceFilters } from '../../data/filter-evidence';
import { defaultPlan, type PlansData } from '../../data/use-plans';
import { formatDate } from '../../labels';
import { actionLabel } from '../LinkEditor';
import { CoverageChart } from './CoverageChart';

const COLUMNS: Array<[keyof AssessmentCounts, string]> = [
  ['delivery', 'Delivery'],
  ['impact', 'Impact'],
  ['concern', 'Concern'],
  ['context', 'Context'],
  ['unassessed', 'Not assessed'],
];

/**
 * Coverage: for each recommendation and action of a plan, how much evidence, of what kind, how
 * recent, and where there is none. The evidence filters apply here too, and a count opens the
 * evidence list filtered to that action.
 */
export function CoverageTab({ rows, version, plans, filters, onShowEvidence }: {
  rows: Map<string, EvidenceRow>;
  version: number;
  plans: PlansData;
  filters: EvidenceFilters;
  onShowEvidence: (actionId: string) => void;
}) {
  const ids = useId();
  const [planId, setPlanId] = useState<string | null>(null);
  const [staleMonths, setStaleMonths] = useState(6);
  const plan = plans.plans.find((p) => p.id === planId) ?? defaultPlan(plans.plans);
  const coverage = useMemo(() => {
    if (!plan) return null;
    const { actionId: _ignored, ...listFilters } = filters;
    return computeCoverage(
      { recommendations: plans.recommendations, actions: plans.actions, evidence: [...rows.values()] },
      { planId: plan.id, now: new Date().toISOString(), staleAfterMonths: staleMonths, evidenceFilter: (row) => matchesFilters(row, { ...listFilters, actionId: '', query: '', deleted: false }) },
    );
    // rows change in place; `version` says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plan, plans, version, filters, staleMonths]);
  if (!plan || !coverage) return <p className="empty">No plan yet: import one in the Plan tab to see coverage.</p>;
  const max = Math.max(1, ...coverage.recommendations.flatMap((r) => r.timeline.map((m) => m.count)));
  const t = coverage.totals;
  return (
    <div className="coverage-tab">
      <div className="plan-bar">
        <label htmlFor={`${ids}-plan`}>Plan</label>
        <select id={`${ids}-plan`} data-testid="coverage-plan" value={plan.id} onChange={(e) => setPlanId(e.target.value)}>
          {plans.plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        <label htmlFor={`${ids}-stale`}>Stale after (months)</label>
        <input id={`${ids}-stale`} data-testid="stale-months" type="number" min={0} max={120} value={staleMonths} onChange={(e) => setStaleMonths(Math.max(0, Math.min(120, Number(e.target.value) || 0)))} />
      </div>
      <p className="summary" data-testid="coverage-summary">
        {t.evidenceCount} clips evidence {t.actionCount - t.actionsWithoutEvidence} of {t.actionCount} actions;
        {' '}{t.actionsWithoutEvidence} with no evidence, {t.actionsWithOnlyStaleEvidence} with only evidence older than {staleMonths} months.
      </p>
      {coverage.recommendations.map((rec) => (
        <section key={rec.id} className="coverage-recommendation" aria-labelledby={`${ids}-${rec.id}`}>
          <h3 id={`${ids}-${rec.id}`}><span className="reference">{rec.reference}</span> {rec.text}</h3>
          <CoverageChart title={`${rec.reference} ${rec.text}`} timeline={rec.timeline} max={max} />
          <table className="coverage-matrix" data-testid="coverage-matrix">
            <thead>
              <tr>
                <th scope="col">Action</th>
                {COLUMNS.map(([, label]) => <th key={label} scope="col">{label}</th>)}
                <th scope="col">Clips</th><th scope="col">Latest</th><th scope="col">Flag</th>
              </tr>
            </thead>
            <tbody>
              {rec.actions.map((a) => (
                <tr key={a.id} data-testid="coverage-action" data-action-id={a.id} className={a.flag ? `flag-${a.flag}` : ''}>
                  <th scope="row">{actionLabel(a)}</th>
                  {COLUMNS.map(([key]) => <td key={key} data-testid={`coverage-${key}`}>{a.counts[key]}</td>)}
                  <td>
                    <button type="button" className="link" data-testid="coverage-count" disabled={!a.evidenceCount} onClick={() => onShowEvidence(a.id)}>
                      {a.evidenceCount}
                    </button>
                  </td>
                  <td>{formatDate(a.latest)}</td>
                  <td data-testid="coverage-flag">{a.flag === 'none' ? 'No evidence' : a.flag === 'stale' ? 'Only stale evidence' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
