import { bucketByPeriod, countTicks } from './timeline-buckets';

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { left: 44, right: 12, top: 12, bottom: 44 };

/**
 * How many clips the plan has per month (or year) of their documents' dates, as bars with labelled
 * axes, up to today, drawn at its real size (text is 13 px) and never wider than its column. With fewer than two
 * periods there is nothing to compare, so no chart: the summary says it in words. The numbers are one
 * click away in a table.
 */
export function EvidenceOverTime({ days, today }: { days: string[]; today: string }) {
  const buckets = bucketByPeriod(days, today);
  if (buckets.length < 2) return null;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const ticks = countTicks(Math.max(...buckets.map((b) => b.count)));
  const top = ticks[ticks.length - 1]!;
  const slot = plotWidth / buckets.length;
  const labelEvery = Math.ceil(buckets.length / 8);
  const yOf = (n: number) => plotHeight - (n / top) * plotHeight;
  const period = buckets[0]!.key.length === 4 ? 'year' : 'month';
  return (
    <figure className="coverage-chart">
      <figcaption className="govuk-body-s">Clips per {period} of their document’s date</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Bar chart: clips per ${period} of their document’s date, ${buckets[0]!.label} to ${buckets[buckets.length - 1]!.label}`} data-testid="coverage-chart">
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={0} x2={plotWidth} y1={yOf(t)} y2={yOf(t)} className="grid" />
              <text x={-8} y={yOf(t)} className="tick" textAnchor="end" dominantBaseline="middle">{t}</text>
            </g>
          ))}
          {buckets.map((b, i) => (
            <g key={b.key}>
              <rect x={i * slot + slot * 0.15} width={slot * 0.7} y={yOf(b.count)} height={plotHeight - yOf(b.count)} className="bar">
                <title>{`${b.label}: ${b.count} clip${b.count === 1 ? '' : 's'}`}</title>
              </rect>
              {i % labelEvery === 0 && (
                <text x={i * slot + slot / 2} y={plotHeight + 18} className="tick" textAnchor="middle">{b.label}</text>
              )}
            </g>
          ))}
          <line x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} className="axis" />
          <text x={plotWidth / 2} y={plotHeight + 38} className="axis-title" textAnchor="middle">Document date</text>
        </g>
      </svg>
      <details className="govuk-details">
        <summary className="govuk-details__summary"><span className="govuk-details__summary-text">The numbers</span></summary>
        <table className="govuk-table numbers-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Clips per {period}</caption>
          <thead className="govuk-table__head"><tr className="govuk-table__row"><th scope="col" className="govuk-table__header">{period === 'year' ? 'Year' : 'Month'}</th><th scope="col" className="govuk-table__header govuk-table__header--numeric">Clips</th></tr></thead>
          <tbody className="govuk-table__body">
            {buckets.map((b) => (
              <tr key={b.key} className="govuk-table__row"><th scope="row" className="govuk-table__header">{b.label}</th><td className="govuk-table__cell govuk-table__cell--numeric">{b.count}</td></tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
