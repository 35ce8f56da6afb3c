import type { EvidenceRow, TagRow } from '../../../shared/workspace/rows';
import { useCanEdit } from '../data/can-edit';
import type { PlansData } from '../data/use-plans';
import { Citation } from './Citation';
import { actionLabel } from './LinkEditor';
import { TagChips } from './TagChips';

/**
 * One clip in a list: its quote (rendered as text), citation, tags and linked actions, with a
 * checkbox for bulk linking. Click or Enter opens it.
 */
export function EvidenceItem({ row, tags, plans, selected, checked, onCheck, onOpen }: {
  row: EvidenceRow;
  tags: Map<string, TagRow>;
  plans?: PlansData;
  selected: boolean;
  checked?: boolean;
  onCheck?: (on: boolean) => void;
  onOpen: (id: string) => void;
}) {
  const canEdit = useCanEdit();
  return (
    <li
      className={`evidence-item${selected ? ' selected' : ''}`}
      data-testid="evidence-item"
      data-evidence-id={row.id}
      tabIndex={0}
      aria-current={selected ? 'true' : undefined}
      onClick={() => onOpen(row.id)}
      onKeyDown={(e) => {
        if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onOpen(row.id);
        }
      }}
    >
      {onCheck && canEdit && (
        <input
          type="checkbox"
          className="select-clip"
          data-testid="evidence-select"
          aria-label="Select this clip"
          checked={!!checked}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => onCheck(e.target.checked)}
        />
      )}
      <blockquote className="quote" data-testid="evidence-quote">
        {row.quote}
      </blockquote>
      <Citation row={row} />
      <TagChips tagIds={row.tagIds} tags={tags} />
      {plans && row.links.length > 0 && (
        <ul className="linked-actions" aria-label="Linked actions">
          {row.links.map((l) => {
            const action = plans.actionById.get(l.actionId);
            return (
              <li key={l.actionId} className="linked-action" data-testid="linked-action">
                {action ? actionLabel(action) : 'Removed action'}
                {l.assessment ? ` · ${l.assessment}` : ''}
              </li>
            );
          })}
        </ul>
      )}
    </li>
  );
}
