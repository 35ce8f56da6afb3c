import { useState } from 'react';
import type { EvidenceRow, TagRow } from '../../../shared/workspace/rows';
import { askBackground } from '../../messaging';
import { useCanEdit } from '../data/can-edit';

/** The workspace's shared tags: rename, recolour, merge one into another, delete. */
export function TagsTab({ tags, rows, version }: { tags: Map<string, TagRow>; rows: Map<string, EvidenceRow>; version: number }) {
  const [message, setMessage] = useState('');
  const canEdit = useCanEdit();
  const live = [...tags.values()].filter((t) => !t.deleted).sort((a, b) => a.name.localeCompare(b.name));
  const counts = new Map<string, number>();
  void version;
  for (const row of rows.values()) if (!row.deleted) for (const t of row.tagIds) counts.set(t, (counts.get(t) ?? 0) + 1);
  const report = (r: { ok: boolean; error?: string }, done: string) => setMessage(r.ok ? done : (r.error ?? 'Failed'));
  if (!live.length) return <p className="empty">No tags yet. Add one from a clip's detail.</p>;
  if (!canEdit) {
    return (
      <ul className="tags" aria-label="Tags">
        {live.map((t) => (
          <li key={t.id} className="tag" style={{ borderColor: t.colour }} data-testid="tag-row">
            {t.name} ({counts.get(t.id) ?? 0})
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="tags-tab">
      <table className="tags-table">
        <thead>
          <tr><th scope="col">Tag</th><th scope="col">Clips</th><th scope="col">Colour</th><th scope="col">Merge into</th><th scope="col"><span className="visually-hidden">Delete</span></th></tr>
        </thead>
        <tbody>
          {live.map((tag) => (
            <tr key={tag.id} data-testid="tag-row" data-tag-id={tag.id}>
              <td>
                <input
                  aria-label={`Name of tag ${tag.name}`}
                  data-testid="tag-name"
                  defaultValue={tag.name}
                  maxLength={80}
                  onBlur={async (e) => {
                    const name = e.target.value.trim();
                    if (name && name !== tag.name) report(await askBackground({ type: 'tag-rename', id: tag.id, name }), `Renamed to "${name}"`);
                  }}
                />
              </td>
              <td>{counts.get(tag.id) ?? 0}</td>
              <td>
                <input
                  type="color"
                  aria-label={`Colour of tag ${tag.name}`}
                  value={tag.colour}
                  onChange={async (e) => report(await askBackground({ type: 'tag-colour', id: tag.id, colour: e.target.value }), 'Colour saved')}
                />
              </td>
              <td>
                <select
                  aria-label={`Merge tag ${tag.name} into`}
                  data-testid="tag-merge"
                  value=""
                  onChange={async (e) => {
                    if (!e.target.value) return;
                    const r = await askBackground({ type: 'tag-merge', fromId: tag.id, intoId: e.target.value });
                    setMessage(r.ok ? `Merged "${tag.name}": ${r.value.moved} clips moved` : r.error);
                  }}
                >
                  <option value="">—</option>
                  {live.filter((t) => t.id !== tag.id).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </td>
              <td>
                <button type="button" className="danger" onClick={async () => report(await askBackground({ type: 'tag-delete', id: tag.id }), `Deleted "${tag.name}"`)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" className="message">{message}</p>
    </div>
  );
}
