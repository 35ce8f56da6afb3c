import Papa from 'papaparse';
import { ASSESSMENT_LABELS, EVIDENCE_STATUS_LABELS } from '../labels';
import { dueTextOf } from '../plan-io/due-text';
import { escapeFormula } from '../plan-io/formula-escape';
import type { PackAction, PackClip, PackLink, PackModel, PackRecommendation, PackSource } from './types';

/**
 * The pack as a spreadsheet: one row per clip–action link, in the pack's order (recommendation →
 * action → its clips, impact first), so a council can sort, filter and pivot it. Dates stay ISO 8601
 * (YYYY-MM-DD, date-times in UTC) as in the JSON export: spreadsheets sort and parse them whatever
 * their locale; "By when" is the plan's own words when it gave words or only a month ("Ongoing",
 * "June 2020"), as the plan tab shows it, else its ISO day. Ids and the source's SHA-256 let a row
 * be traced back to the workspace and the document.
 */
export const PACK_CSV_COLUMNS = [
  'Recommendation ref',
  'Recommendation',
  'Action ref',
  'Action',
  'By when',
  'Assessment',
  'Quote',
  'Document title',
  'Publisher',
  'Council',
  'Document type',
  'Document date',
  'Committee',
  'Paragraph',
  'Page',
  'Source URL',
  'Evidence date',
  'Clipped by',
  'Clipped at',
  'Linked by',
  'Linked at',
  'Status',
  'Status changed by',
  'Status changed at',
  'Tags',
  'Note',
  'Citation',
  'Evidence id',
  'Action id',
  'Source id',
  'Source SHA-256',
] as const;

type Column = (typeof PACK_CSV_COLUMNS)[number];
type Row = Record<Column, string>;

/** Excel reads a CSV without a byte order mark in the machine's legacy code page, garbling "’" and "£". */
const UTF8_BOM = '\uFEFF';

export function renderPackCsv(model: PackModel): string {
  const clips = new Map(model.clips.map((c) => [c.id, c]));
  const sources = new Map(model.sources.map((s) => [s.id, s]));
  const tagNames = new Map(model.tags.map((t) => [t.id, t.name]));
  const clipOf = (id: string) => {
    const clip = clips.get(id);
    if (!clip) throw new Error(`renderPackCsv: clip ${id} is linked in the pack model but not in model.clips`);
    return clip;
  };
  const rows: Row[] = [];
  for (const recommendation of model.recommendations) {
    for (const action of recommendation.actions) {
      for (const link of action.links) {
        const clip = clipOf(link.clipId);
        rows.push(rowOf(clip, sources.get(clip.sourceId) ?? null, tagNames, { recommendation, action, link }));
      }
    }
  }
  // Clips no shown action links to are in the pack too: one row each, its recommendation, action and
  // link columns left empty, so the file holds every clip of the pack and its row count is
  // model.totals.links + model.unlinkedClipIds.length.
  for (const id of model.unlinkedClipIds) {
    const clip = clipOf(id);
    rows.push(rowOf(clip, sources.get(clip.sourceId) ?? null, tagNames, null));
  }
  const csv = Papa.unparse(
    {
      fields: [...PACK_CSV_COLUMNS],
      // Every cell goes through the plan exports' formula guard (plan-io/formula-escape.ts); Papa's own
      // escapeFormulae is left off so there is one rule, and a plan import reads these cells back.
      data: rows.map((row) => PACK_CSV_COLUMNS.map((column) => escapeFormula(row[column]))),
    },
    { newline: '\r\n', escapeFormulae: false },
  );
  return `${UTF8_BOM}${csv}\r\n`;
}

/** A due date as the CSV keeps dates: ISO, so spreadsheets sort it whatever their locale. */
const isoDay = (iso: string | null) => iso ?? '';

function rowOf(
  clip: PackClip,
  source: PackSource | null,
  tagNames: Map<string, string>,
  linked: { recommendation: PackRecommendation; action: PackAction; link: PackLink } | null,
): Row {
  return {
    'Recommendation ref': linked?.recommendation.reference ?? '',
    Recommendation: linked?.recommendation.text ?? '',
    'Action ref': linked?.action.reference ?? '',
    Action: linked?.action.title ?? '',
    'By when': linked ? dueTextOf(linked.action, isoDay) : '',
    Assessment: linked ? ASSESSMENT_LABELS[linked.link.assessment ?? 'unassessed'] : '',
    Quote: clip.quote,
    'Document title': source?.title ?? '',
    Publisher: source?.publisher ?? '',
    Council: source?.council ?? '',
    'Document type': source?.documentTypeLabel ?? '',
    'Document date': source?.documentDate ?? '',
    Committee: source?.committee ?? '',
    Paragraph: clip.paragraph ?? '',
    Page: clip.page === null ? '' : String(clip.page),
    'Source URL': source?.url ?? '',
    'Evidence date': clip.evidenceDate,
    'Clipped by': clip.createdBy,
    'Clipped at': clip.createdAt,
    'Linked by': linked?.link.linkedBy ?? '',
    'Linked at': linked?.link.linkedAt ?? '',
    Status: EVIDENCE_STATUS_LABELS[clip.status],
    'Status changed by': clip.statusChangedBy ?? '',
    'Status changed at': clip.statusChangedAt ?? '',
    Tags: clip.tagIds.map((id) => tagNames.get(id) ?? id).join('; '),
    Note: clip.note,
    Citation: clip.citation,
    'Evidence id': clip.id,
    'Action id': linked?.action.id ?? '',
    'Source id': clip.sourceId,
    'Source SHA-256': source?.sha256 ?? '',
  };
}
