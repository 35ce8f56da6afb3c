import type { EvidenceRow } from '../workspace/rows';

/** What a clip is found by: its words, its note, and the name, council and date of its document. */
export function searchableTextOf(row: Pick<EvidenceRow, 'quote' | 'note' | 'sourceTitle' | 'council' | 'publisher' | 'paragraph'>): string {
  return [row.quote, row.note, row.sourceTitle, row.council, row.publisher, row.paragraph].filter(Boolean).join('\n');
}
