import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { CitationParts } from '../../../shared/citation-formats';
import type { EvidenceRow, SourceRow, TagRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { useCanEdit } from '../data/can-edit';
import { useProjectionDb } from '../data/use-projection-db';
import type { PlansData } from '../data/use-plans';
import { formatDateTime } from '../labels';
import { CopyCitation } from './CopyCitation';
import { ExternalLink } from './ExternalLink';
import { LinkEditor } from './LinkEditor';
import { OfstedFacts } from './OfstedFacts';
import { ReportRecommendations } from './ReportRecommendations';
import { SourceFacts } from './SourceFacts';
import { TagChips } from './TagChips';
import { TagEditor } from './TagEditor';

/** Who wrote the document: Ofsted for its reports and letters, else the council or publisher. */
function citationPartsOf(row: EvidenceRow, source: SourceRow | null): CitationParts {
  const isOfsted = row.documentType?.startsWith('ofsted_') ?? false;
  return {
    author: isOfsted ? 'Ofsted' : (row.council ?? source?.metadata.publisher ?? null),
    title: row.sourceTitle,
    documentType: row.documentType,
    documentDate: row.documentDate,
    paragraph: row.paragraph,
    page: row.page,
    url: row.sourceUrl,
    accessed: row.createdAt,
  };
}

/**
 * A clip in full, in the order a reader checks it: the quote in its context, the citation (to copy,
 * or to open in its page), the inspection's facts when the source is Ofsted's, the source field by
 * field, then the team's work on it (status, note, links, tags). Delete sits apart at the end, and
 * its banner offers undo.
 */
export function EvidenceDetail({ row, tags, plans, onClose }: { row: EvidenceRow; tags: Map<string, TagRow>; plans: PlansData; onClose: () => void }) {
  const canEdit = useCanEdit();
  const db = useProjectionDb();
  const source = useLiveQuery(async () => (db ? ((await db.sources.get(row.sourceId)) ?? null) : null), [db, row.sourceId]) ?? null;
  const [note, setNote] = useState(row.note);
  const [message, setMessage] = useState('');
  useEffect(() => setNote(row.note), [row.id, row.note]);

  async function run(action: Promise<{ ok: boolean; error?: string }>, done: string) {
    const result = await action;
    setMessage(result.ok ? done : (result.error ?? 'Failed'));
  }

  return (
    <section
      className="detail"
      aria-labelledby="detail-heading"
      data-testid="evidence-detail"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div className="detail-header">
        <h2 className="govuk-heading-m" id="detail-heading">Clip</h2>
        <button type="button" className="govuk-button govuk-button--secondary" data-testid="close-detail" onClick={onClose} aria-label="Close the clip">
          Close
        </button>
      </div>
      {row.deleted === 1 && (
        <div className="govuk-notification-banner deleted-banner" role="status" data-testid="deleted-banner">
          <div className="govuk-notification-banner__content">
            <p className="govuk-body">
              Deleted{row.deletedBy ? ` by ${row.deletedBy.name}` : ''}{row.deletedAt ? ` on ${formatDateTime(row.deletedAt)}` : ''}. It is kept in the
              activity log{canEdit ? ' and can be restored' : ''}.
            </p>
            {canEdit && (
              <button type="button" className="govuk-button" data-testid="restore-clip" onClick={() => void run(askBackground({ type: 'evidence-restore', id: row.id }), 'Restored')}>
                Undo: restore this clip
              </button>
            )}
          </div>
        </div>
      )}
      <blockquote className="in-context">
        <span className="context">{row.contextBefore} </span>
        <mark className="quote-in-context" data-testid="detail-quote">
          {row.quote}
        </mark>
        <span className="context"> {row.contextAfter}</span>
      </blockquote>
      <h3 className="govuk-heading-s">Citation</h3>
      <CopyCitation parts={citationPartsOf(row, source)}>
        <button type="button" className="govuk-button govuk-button--secondary" data-testid="open-in-context" onClick={() => void run(askBackground({ type: 'open-in-context', evidenceId: row.id }), 'Opened')}>
          Open in context
        </button>
      </CopyCitation>
      {source && <OfstedFacts source={source} />}
      <h3 className="govuk-heading-s">The document</h3>
      <dl className="facts">
        <SourceFacts sourceId={row.sourceId} />
        <dt>Paragraph</dt>
        <dd data-testid="detail-paragraph">{row.paragraph ?? (row.page ? `Page ${row.page}` : 'Not numbered')}</dd>
        <dt>Address</dt>
        <dd>
          <ExternalLink url={row.sourceUrl}>{row.sourceUrl}</ExternalLink>
        </dd>
        <dt>Clipped</dt>
        <dd>
          by {row.createdBy.name} on {formatDateTime(row.createdAt)}
        </dd>
        <dt id="detail-status-label">Status</dt>
        <dd>
          {!canEdit && <span data-testid="status-text">{row.status}</span>}
          <select
            hidden={!canEdit}
            className="govuk-select"
            aria-labelledby="detail-status-label"
            value={row.status}
            onChange={(e) =>
              void run(askBackground({ type: 'evidence-set-status', id: row.id, status: e.target.value as EvidenceRow['status'] }), 'Status saved')
            }
          >
            <option value="draft">Draft</option>
            <option value="verified">Verified</option>
            <option value="approved">Approved</option>
          </select>
          {row.statusChangedBy && row.statusChangedAt && (
            <span className="muted" data-testid="status-changed">
              {' '}by {row.statusChangedBy.name} on {formatDateTime(row.statusChangedAt)}
            </span>
          )}
        </dd>
      </dl>
      {canEdit ? (
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="note">Note</label>
          <textarea
            id="note"
            className="govuk-textarea"
            data-testid="evidence-note"
            value={note}
            rows={4}
            maxLength={20_000}
            onChange={(e) => setNote(e.target.value)}
            onBlur={() => note !== row.note && void run(askBackground({ type: 'evidence-set-note', id: row.id, note }), 'Note saved')}
          />
        </div>
      ) : (
        row.note && (
          <>
            <h3 className="govuk-heading-s">Note</h3>
            <p className="note" data-testid="evidence-note-text">{row.note}</p>
          </>
        )
      )}
      <LinkEditor row={row} plans={plans} />
      {canEdit ? <TagEditor evidenceId={row.id} tagIds={row.tagIds} tags={tags} /> : <TagChips tagIds={row.tagIds} tags={tags} />}
      {canEdit && <ReportRecommendations sourceId={row.sourceId} plans={plans} />}
      {canEdit && !row.deleted && (
        <div className="danger-zone">
          <button type="button" className="govuk-button govuk-button--warning" data-testid="delete-clip" onClick={() => void run(askBackground({ type: 'evidence-delete', id: row.id }), 'Deleted: “Undo” above restores it')}>
            Delete this clip
          </button>
        </div>
      )}
      <p role="status" className="message">
        {message}
      </p>
    </section>
  );
}
