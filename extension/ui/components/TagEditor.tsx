import { useId, useState } from 'react';
import type { TagRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { TagChips } from './TagChips';

/** Adds tags to a clip from the shared taxonomy, or creates a new one by typing its name. */
export function TagEditor({ evidenceId, tagIds, tags }: { evidenceId: string; tagIds: string[]; tags: Map<string, TagRow> }) {
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const listId = useId();
  const available = [...tags.values()].filter((t) => !t.deleted && !tagIds.includes(t.id));

  async function add() {
    const wanted = name.trim();
    if (!wanted) return;
    setError('');
    let tag = [...tags.values()].find((t) => !t.deleted && t.name.toLowerCase() === wanted.toLowerCase());
    let tagId = tag?.id;
    if (!tagId) {
      const created = await askBackground({ type: 'tag-create', name: wanted });
      if (!created.ok) return setError(created.error);
      tagId = created.value.id;
    }
    const tagged = await askBackground({ type: 'evidence-tag', id: evidenceId, tagId });
    if (!tagged.ok) return setError(tagged.error);
    setName('');
  }

  return (
    <div className="tag-editor">
      <TagChips
        tagIds={tagIds}
        tags={tags}
        onRemove={(tagId) => void askBackground({ type: 'evidence-untag', id: evidenceId, tagId })}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label htmlFor={`${listId}-input`}>Add a tag</label>
        <input
          id={`${listId}-input`}
          data-testid="tag-input"
          list={listId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
        />
        <datalist id={listId}>
          {available.map((t) => (
            <option key={t.id} value={t.name} />
          ))}
        </datalist>
        <button type="submit" data-testid="tag-add">
          Add
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
