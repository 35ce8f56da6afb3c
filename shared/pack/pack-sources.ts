import { sha256Hex } from '../anchoring/pdf-identity';
import { documentTypeLabel } from '../labels';
import { httpUrlOrNull } from '../safe-url';
import type { SourceSnapshot } from '../schema/source-snapshot';
import type { SourceRow } from '../workspace/rows';
import type { CorrectableField } from '../schema/source';
import { CORRECTABLE_FIELD_LABELS, effectiveMetadata, uncertainFields } from '../workspace/source-corrections';
import type { PackSource } from './types';

const utf8 = new TextEncoder();

/**
 * A source as a pack shows it. A web page's snapshot is hashed again here: a pack says so when the
 * text no longer matches the SHA-256 recorded when it was kept (a peer's client wrote one that does
 * not, or it was altered), rather than vouching for it.
 */
export async function packSourceOf(row: SourceRow, snapshot: SourceSnapshot | undefined): Promise<PackSource> {
  const m = effectiveMetadata(row);
  const activity = m.ofsted_activity;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    publisher: m.publisher,
    council: row.council,
    documentType: row.documentType,
    documentTypeLabel: documentTypeLabel(row.documentType),
    documentDate: row.documentDate,
    committee: m.committee,
    url: httpUrlOrNull(row.url),
    pageCount: row.pdf?.pageCount ?? null,
    ofstedActivity: activity
      ? { type: activity.type, datesAsWritten: activity.dates_as_written, leadInspector: activity.lead_inspector }
      : null,
    capturedAt: row.capturedAt,
    capturedBy: row.capturedBy.name,
    sha256: row.sha256 ?? snapshot?.sha256 ?? null,
    snapshotIntact:
      snapshot && snapshot.kind === 'web' ? (await sha256Hex(utf8.encode(snapshot.text))) === snapshot.sha256 : null,
    uncertainFields: uncertainFields(row).map((f) => CORRECTABLE_FIELD_LABELS[f]),
    corrections: Object.entries(row.corrections).map(([field, c]) => ({
      field: CORRECTABLE_FIELD_LABELS[field as CorrectableField],
      by: c!.by.name,
      at: c!.at,
    })),
    snapshot: snapshot
      ? { text: snapshot.text, pageStarts: snapshot.pageStarts, takenAt: snapshot.takenAt, takenBy: snapshot.takenBy.name }
      : null,
  };
}
