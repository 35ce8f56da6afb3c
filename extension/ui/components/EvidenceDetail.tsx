import { useEffect, useState } from 'react';
import type { EvidenceRow, TagRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { useCanEdit } from '../data/can-edit';
import { ExternalLink } from './ExternalLink';
import type { PlansData } from '../data/use-plans';
import { LinkEditor } from './LinkEditor';
import { SourceFacts } from './SourceFacts';
import { ReportRecommendations } from './ReportRecommendations';
import { TagChips } from './TagChips';
import { TagEditor } from './TagEditor';

/** A clip in full: quote in its context, citation, note, tags, status and "open in context". */
export function EvidenceDetail({ row, tags, plans, onClose }: { row: EvidenceRow; tags: Map<string, TagRow>; plans: PlansData; onClose: () => void }) {
  const canEdit = useCanEdit();
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
        <h2 id="detail-heading">Evidence</h2>
        <button type="button" data-testid="close-detail" onClick={onClose} aria-label="Close evidence detail">
          Close
        </button>
      </div>
      {row.deleted === 1 && (
        <p className="deleted-banner" role="status" data-testid="deleted-banner">
          Deleted{row.deletedBy ? ` by ${row.deletedBy.name}` : ''}{row.deletedAt ? `, ${new Date(row.deletedAt).toLocaleString('en-GB')}` : ''}. It is kept in the
          activity log{canEdit ? ' and can be restored' : ''}.{' '}
          {canEdit && (
            <button type="button" data-testid="restore-clip" onClick={() => void run(askBackground({ type: 'evidence-restore', id: row.id }), 'Restored')}>
              Undo: restore this clip
            </button>
          )}
        </p>
      )}
      <p className="in-context">
        <span className="context">{row.contextBefore} </span>
        <mark className="quote-in-context" data-testid="detail-quote">
          {row.quote}
        </mark>
        <span className="context"> {row.contextAfter}</span>
      </p>
      <dl className="facts">
        <SourceFacts sourceId={row.sourceId} />
        <dt>Paragraph</dt>
        <dd data-testid="detail-paragraph">{row.paragraph ?? '—'}</dd>
        <dt>Address</dt>
        <dd>
          <ExternalLink url={row.sourceUrl}>{row.sourceUrl}</ExternalLink>
        </dd>
        <dt>Clipped</dt>
        <dd>
          {row.createdBy.name}, {new Date(row.createdAt).toLocaleString('en-GB')}
        </dd>
        <dt>Status</dt>
        <dd>
          {!canEdit && <span data-testid="status-text">{row.status}</span>}
          <select
            hidden={!canEdit}
            aria-label="Status"
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
              {' '}by {row.statusChangedBy.name}, {new Date(row.statusChangedAt).toLocaleString('en-GB')}
            </span>
          )}
        </dd>
      </dl>
      {canEdit ? (
        <>
          <label htmlFor="note">Note</label>
          <textarea
            id="note"
            data-testid="evidence-note"
            value={note}
            rows={4}
            maxLength={20_000}
            onChange={(e) => setNote(e.target.value)}
            onBlur={() => note !== row.note && void run(askBackground({ type: 'evidence-set-note', id: row.id, note }), 'Note saved')}
          />
        </>
      ) : (
        row.note && (
          <>
            <h3>Note</h3>
            <p className="note" data-testid="evidence-note-text">{row.note}</p>
          </>
        )
      )}
      <LinkEditor row={row} plans={plans} />
      {canEdit ? <TagEditor evidenceId={row.id} tagIds={row.tagIds} tags={tags} /> : <TagChips tagIds={row.tagIds} tags={tags} />}
      {canEdit && <ReportRecommendations sourceId={row.sourceId} plans={plans} />}
      <div className="actions">
        <button type="button" data-testid="open-in-context" onClick={() => void run(askBackground({ type: 'open-in-context', evidenceId: row.id }), 'Opened')}>
          Open in context
        </button>
        {canEdit && !row.deleted && (
          <button type="button" className="danger" data-testid="delete-clip" onClick={() => void run(askBackground({ type: 'evidence-delete', id: row.id }), 'Deleted: Undo restores it')}>
            Delete
          </button>
        )}
      </div>
      <p role="status" className="message">
        {message}
      </p>
    </section>
  );
}
