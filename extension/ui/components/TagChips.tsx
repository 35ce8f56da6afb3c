import type { TagRow } from '../../../shared/workspace/rows';

/** A clip's tags as coloured chips; names are text, never markup. */
export function TagChips({ tagIds, tags, onRemove }: { tagIds: string[]; tags: Map<string, TagRow>; onRemove?: (id: string) => void }) {
  if (!tagIds.length) return null;
  return (
    <ul className="tags" aria-label="Tags">
      {tagIds.map((id) => {
        const tag = tags.get(id);
        if (!tag || tag.deleted) return null;
        return (
          <li key={id} className="tag" style={{ borderColor: tag.colour }}>
            <span className="tag-dot" style={{ background: tag.colour }} aria-hidden="true" />
            {tag.name}
            {onRemove && (
              <button type="button" className="link" aria-label={`Remove tag ${tag.name}`} onClick={() => onRemove(id)}>
                ×
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
