import type { EvidenceRow, TagRow } from '../../../shared/workspace/rows';
import { Citation } from './Citation';
import { TagChips } from './TagChips';

/** One clip in a list: its quote (rendered as text), citation and tags. Click or Enter opens it. */
export function EvidenceItem({
  row,
  tags,
  selected,
  onOpen,
}: {
  row: EvidenceRow;
  tags: Map<string, TagRow>;
  selected: boolean;
  onOpen: (id: string) => void;
}) {
  return (
    <li
      className={`evidence-item${selected ? ' selected' : ''}`}
      data-testid="evidence-item"
      data-evidence-id={row.id}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(row.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(row.id);
        }
      }}
    >
      <blockquote className="quote" data-testid="evidence-quote">
        {row.quote}
      </blockquote>
      <Citation row={row} />
      <TagChips tagIds={row.tagIds} tags={tags} />
    </li>
  );
}
