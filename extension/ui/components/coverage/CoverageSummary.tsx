import type { Coverage } from '../../../../shared/coverage';
import { formatDate } from '../../labels';

const MAX_LISTED = 12;

/** "1.1, 1.2, 1.3 and 9 more": action numbers a reader can find in the table. */
function listOf(references: string[]): string {
  const shown = references.slice(0, MAX_LISTED);
  const more = references.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Coverage in words, before the table: what a board asks first. */
export function CoverageSummary({ coverage, staleMonths }: { coverage: Coverage; staleMonths: number }) {
  const t = coverage.totals;
  const actions = coverage.recommendations.flatMap((r) => r.actions);
  const none = actions.filter((a) => a.flag === 'none').map((a) => a.reference || a.title);
  const stale = actions.filter((a) => a.flag === 'stale').map((a) => a.reference || a.title);
  return (
    <div className="govuk-inset-text coverage-summary" data-testid="coverage-summary">
      <p className="govuk-body">
        <strong>
          {t.actionCount - t.actionsWithoutEvidence} of {t.actionCount} actions have evidence
        </strong>
        , from {plural(t.evidenceCount, 'clip', 'clips')}{t.latest ? `; the latest document is dated ${formatDate(t.latest)}` : ''}.
      </p>
      {none.length > 0 && (
        <p className="govuk-body" data-testid="coverage-summary-none">
          {plural(none.length, 'action has', 'actions have')} no evidence: {listOf(none)}.
        </p>
      )}
      {stale.length > 0 && (
        <p className="govuk-body" data-testid="coverage-summary-stale">
          {plural(stale.length, 'action has', 'actions have')} only evidence from documents dated before {formatDate(t.staleBefore)} (older than {plural(staleMonths, 'month', 'months')}): {listOf(stale)}.
        </p>
      )}
    </div>
  );
}
