import { RAG_KEY_ORDER, RAG_MEANINGS, RAG_WORDS } from '../../../../shared/labels';
import type { Rag } from '../../../../shared/schema/action';

/** A RAG rating as a tag with its word, never colour alone. */
export function RagTag({ rag }: { rag: Rag | null }) {
  if (!rag) return <span className="muted">Not rated</span>;
  return <strong className={`govuk-tag rag rag-${rag}`}>{RAG_WORDS[rag]}</strong>;
}

/** The key to the RAG tags, once above the plan (the evidence packs show the same key). */
export function RagKey() {
  return (
    <dl className="rag-key" aria-label="RAG key" data-testid="rag-key">
      {RAG_KEY_ORDER.map((rag) => (
        <div key={rag}>
          <dt><RagTag rag={rag} /></dt>
          <dd>{RAG_MEANINGS[rag]}</dd>
        </div>
      ))}
    </dl>
  );
}
