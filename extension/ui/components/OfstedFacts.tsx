import type { SourceRow } from '../../../shared/workspace/rows';

/**
 * What an Ofsted report or letter says about its inspection, when the source has it: the dates as
 * written, the lead inspector and the judgements, the facts a reviewer checks a quote against.
 * All of it is page text shown as text.
 */
export function OfstedFacts({ source }: { source: SourceRow }) {
  const activity = source.metadata.ofsted_activity;
  const judgements = source.metadata.judgement_table ?? [];
  if (!activity?.dates_as_written && !activity?.lead_inspector && judgements.length === 0) return null;
  return (
    <section className="ofsted-facts" aria-labelledby="ofsted-facts-heading" data-testid="ofsted-facts">
      <h3 className="govuk-heading-s" id="ofsted-facts-heading">The inspection</h3>
      <dl className="govuk-summary-list govuk-summary-list--no-border">
        {activity?.dates_as_written && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Inspection dates</dt>
            <dd className="govuk-summary-list__value" data-testid="inspection-dates">{activity.dates_as_written}</dd>
          </div>
        )}
        {activity?.lead_inspector && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Lead inspector</dt>
            <dd className="govuk-summary-list__value" data-testid="lead-inspector">{activity.lead_inspector}</dd>
          </div>
        )}
      </dl>
      {judgements.length > 0 && (
        <table className="govuk-table judgements" data-testid="judgements">
          <caption className="govuk-table__caption govuk-table__caption--s">Judgements</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Judgement</th>
              <th scope="col" className="govuk-table__header">Grade</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {judgements.map((j) => (
              <tr key={`${j.area}|${j.grade}`} className="govuk-table__row">
                <td className="govuk-table__cell">{j.area}</td>
                <td className="govuk-table__cell">{j.grade}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
