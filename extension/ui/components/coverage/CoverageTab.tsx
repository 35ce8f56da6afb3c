import { useId, useMemo, useState } from 'react';
import { computeCoverage, type ActionCoverage, type AssessmentCounts } from '../../../../shared/coverage';
import { evidenceDateOf } from '../../../../shared/coverage/evidence-date';
import type { EvidenceRow } from '../../../../shared/workspace/rows';
import { matchesFilters, type EvidenceFilters } from '../../data/filter-evidence';
import { defaultPlan, type PlansData } from '../../data/use-plans';
import { formatDate } from '../../labels';
import { actionLabel } from '../LinkEditor';
import { CoverageSummary } from './CoverageSummary';
import { EvidenceOverTime } from './EvidenceOverTime';

const COLUMNS: Array<[keyof AssessmentCounts, string]> = [
  ['impact', 'Impact'],
  ['delivery', 'Delivery'],
  ['concern', 'Concern'],
  ['context', 'Context'],
  ['unassessed', 'Not assessed'],
];

/**
 * Coverage: a summary in words first (which actions have no evidence, which only old evidence), then
 * one table for the whole plan (so its columns line up from one recommendation to the next) with a
 * header that stays in view, then one chart of the evidence over time. Dates are the documents'
 * dates: a 2019 report clipped today is 2019's evidence. The evidence filters apply here too, and a
 * count opens the evidence list filtered to that action.
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
  const now = new Date().toISOString();
  const coverage = useMemo(() => {
    if (!plan) return null;
    const { actionId: _ignored, ...listFilters } = filters;
    return computeCoverage(
      { recommendations: plans.recommendations, actions: plans.actions, evidence: [...rows.values()] },
      { planId: plan.id, now, staleAfterMonths: staleMonths, evidenceFilter: (row) => matchesFilters(row, { ...listFilters, actionId: '', query: '', deleted: false }) },
    );
    // rows change in place; `version` says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [plan, plans, version, filters, staleMonths]);
  if (!plan || !coverage) return <p className="govuk-body">No plan yet: import one in the Plan tab to see coverage.</p>;
  const evidenceDays = [...new Set(coverage.recommendations.flatMap((r) => r.actions.flatMap((a) => a.evidenceIds)))]
    .map((id) => rows.get(id))
    .filter((row): row is EvidenceRow => !!row)
    .map(evidenceDateOf);
  return (
    <div className="coverage-tab">
      <h2 className="govuk-heading-m">Coverage of {plan.name}</h2>
      <CoverageSummary coverage={coverage} staleMonths={staleMonths} />
      <div className="plan-bar">
        {plans.plans.length > 1 && (
          <div className="govuk-form-group inline-group">
            <label className="govuk-label" htmlFor={`${ids}-plan`}>Plan</label>
            <select className="govuk-select" id={`${ids}-plan`} data-testid="coverage-plan" value={plan.id} onChange={(e) => setPlanId(e.target.value)}>
              {plans.plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
        )}
        <div className="govuk-form-group inline-group">
          <label className="govuk-label" htmlFor={`${ids}-stale`}>Evidence is old after (months)</label>
          <input className="govuk-input govuk-input--width-3" id={`${ids}-stale`} data-testid="stale-months" type="number" inputMode="numeric" min={0} max={120} value={staleMonths} onChange={(e) => setStaleMonths(Math.max(0, Math.min(120, Number(e.target.value) || 0)))} />
        </div>
      </div>
      <table className="govuk-table coverage-table" data-testid="coverage-matrix">
        <caption className="govuk-table__caption govuk-table__caption--s">Clips per action, by what they show</caption>
        <colgroup>
          <col className="col-action" />
          {COLUMNS.map(([key]) => <col key={key} className="col-count" />)}
          <col className="col-count" /><col className="col-date" /><col className="col-status" />
        </colgroup>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Action</th>
            {COLUMNS.map(([, label]) => <th key={label} scope="col" className="govuk-table__header govuk-table__header--numeric">{label}</th>)}
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">All clips</th>
            <th scope="col" className="govuk-table__header">Latest document</th>
            <th scope="col" className="govuk-table__header">Status</th>
          </tr>
        </thead>
        {coverage.recommendations.map((rec) => (
          <tbody key={rec.id} className="govuk-table__body" aria-labelledby={`${ids}-${rec.id}`}>
            <tr className="govuk-table__row recommendation-row">
              <th scope="colgroup" colSpan={COLUMNS.length + 4} className="govuk-table__header" id={`${ids}-${rec.id}`}>
                <span className="reference">{rec.reference}</span> {rec.text}
              </th>
            </tr>
            {rec.actions.map((a) => <ActionRow key={a.id} action={a} onShowEvidence={onShowEvidence} />)}
          </tbody>
        ))}
      </table>
      <EvidenceOverTime days={evidenceDays} today={now.slice(0, 10)} />
    </div>
  );
}

function ActionRow({ action: a, onShowEvidence }: { action: ActionCoverage; onShowEvidence: (actionId: string) => void }) {
  return (
    <tr data-testid="coverage-action" data-action-id={a.id} className={`govuk-table__row${a.flag ? ` flag-${a.flag}` : ''}`}>
      <th scope="row" className="govuk-table__header action-cell">{actionLabel(a)}</th>
      {COLUMNS.map(([key]) => (
        // Zeros are written, not left blank, and greyed so the counts that matter stand out.
        <td key={key} data-testid={`coverage-${key}`} className={`govuk-table__cell govuk-table__cell--numeric${a.counts[key] ? '' : ' zero'}`}>{a.counts[key]}</td>
      ))}
      <td className="govuk-table__cell govuk-table__cell--numeric">
        <button type="button" className="link" data-testid="coverage-count" disabled={!a.evidenceCount} aria-label={`${a.evidenceCount} clips linked to ${actionLabel(a)}: show them`} onClick={() => onShowEvidence(a.id)}>
          {a.evidenceCount}
        </button>
      </td>
      <td className="govuk-table__cell">{a.latest ? formatDate(a.latest) : <span className="zero">None</span>}</td>
      <td className="govuk-table__cell" data-testid="coverage-flag">
        {a.flag === 'none' ? <strong className="govuk-tag govuk-tag--grey">No evidence</strong> : a.flag === 'stale' ? <strong className="govuk-tag govuk-tag--yellow">Only old evidence</strong> : <strong className="govuk-tag govuk-tag--green">Evidenced</strong>}
      </td>
    </tr>
  );
}
