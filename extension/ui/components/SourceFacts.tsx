import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { DOCUMENT_TYPES } from '../../../shared/schema/page-metadata';
import type { CorrectableField } from '../../../shared/schema/source';
import { CORRECTABLE_FIELD_LABELS, effectiveMetadata } from '../../../shared/workspace/source-corrections';
import type { SourceRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { useCanEdit } from '../data/can-edit';
import { useProjectionDb } from '../data/use-projection-db';
import { documentTypeLabel, formatDate } from '../labels';
import { UkDateInput } from './UkDateInput';

/** The citation fields shown with a clip, in the order a reader checks them. */
const SHOWN: ReadonlyArray<[CorrectableField, string]> = [
  ['title', 'Document'],
  ['subject_local_authority', 'Council'],
  ['publisher', 'Publisher'],
  ['document_type', 'Type'],
  ['committee', 'Committee'],
  ['meeting_date', 'Meeting date'],
  ['publication_date', 'Published'],
];
const DATE_FIELDS = new Set<CorrectableField>(['meeting_date', 'publication_date']);

const shown = (field: CorrectableField, value: unknown) =>
  value === null || value === undefined || value === ''
    ? 'Not given'
    : field === 'document_type'
      ? documentTypeLabel(String(value))
      : DATE_FIELDS.has(field)
        ? formatDate(String(value))
        : String(value);

/**
 * What the clip's source is, field by field: what Evident read, marked when it is not sure (and
 * where it read it), or a teammate's correction. An editor corrects a field once for the whole team:
 * every clip of the source, and later ones, cite the corrected value.
 */
export function SourceFacts({ sourceId }: { sourceId: string }) {
  const db = useProjectionDb();
  const source = useLiveQuery(async () => (db ? ((await db.sources.get(sourceId)) ?? null) : null), [db, sourceId]);
  if (!source) return null;
  const metadata = effectiveMetadata(source);
  return (
    <>
      {SHOWN.map(([field, label]) => (
        <SourceFact key={field} source={source} field={field} label={label} value={field === 'title' ? (metadata.title ?? source.pageTitle) : metadata[field]} />
      ))}
    </>
  );
}

function SourceFact({ source, field, label, value }: { source: SourceRow; field: CorrectableField; label: string; value: unknown }) {
  const canEdit = useCanEdit();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState('');
  const correction = source.corrections[field];
  const read = source.fieldSources[field];
  const isUncertain = !correction && read?.confidence === 'low';

  async function save(revert = false) {
    const text = draft.trim();
    const next = revert ? null : text === '' && field !== 'document_type' ? null : text;
    const result = await askBackground({ type: 'source-correct', sourceId: source.id, field, value: next, revert });
    if (!result.ok) return setProblem(result.error);
    setProblem('');
    setEditing(false);
  }

  return (
    <>
      <dt id={`${id}-label`}>{label}</dt>
      <dd data-testid="source-field" data-field={field}>
        {editing ? (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            {field === 'document_type' ? (
              <select aria-labelledby={`${id}-label`} data-testid="source-field-input" value={draft} onChange={(e) => setDraft(e.target.value)}>
                {DOCUMENT_TYPES.map((t) => <option key={t} value={t}>{documentTypeLabel(t)}</option>)}
              </select>
            ) : (
              DATE_FIELDS.has(field) ? (
                <UkDateInput id={`${id}-input`} labelledBy={`${id}-label`} testid="source-field-input" value={draft} onChange={setDraft} />
              ) : (
                <input aria-labelledby={`${id}-label`} data-testid="source-field-input" type="text" value={draft} onChange={(e) => setDraft(e.target.value)} />
              )
            )}
            <button type="submit" data-testid="source-field-save">Save for the team</button>
            <button type="button" onClick={() => setEditing(false)}>Cancel</button>
            {problem && <span className="error" role="alert">{problem}</span>}
          </form>
        ) : (
          <>
            <span data-testid="source-field-value">{shown(field, value)}</span>
            {isUncertain && (
              <span className="uncertain" data-testid="source-field-uncertain">
                {' '}(not sure: read from {read.from})
              </span>
            )}
            {correction && (
              <span className="muted" data-testid="source-field-corrected">
                {' '}(corrected by {correction.by.name}, {formatDate(correction.at)})
              </span>
            )}
            {canEdit && (
              <>
                {' '}
                <button type="button" className="link" data-testid="source-field-correct" aria-label={`Correct the ${CORRECTABLE_FIELD_LABELS[field]}`}
                  onClick={() => { setDraft(value === null || value === undefined ? '' : String(value)); setEditing(true); }}>
                  Correct
                </button>
                {correction && (
                  <button type="button" className="link" data-testid="source-field-undo" onClick={() => void save(true)}>
                    Use Evident's reading
                  </button>
                )}
              </>
            )}
          </>
        )}
      </dd>
    </>
  );
}
