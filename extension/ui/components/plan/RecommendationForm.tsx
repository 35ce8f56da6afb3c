import { useId, useState } from 'react';

export interface RecommendationFields {
  reference: string;
  text: string;
  ofstedParagraph: string | null;
}

/** A recommendation's fields: its number in the plan, the area for improvement, the Ofsted paragraph. */
export function RecommendationForm({ initial, submitLabel, onSubmit, onCancel }: {
  initial: RecommendationFields;
  submitLabel: string;
  onSubmit: (fields: RecommendationFields) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const [fields, setFields] = useState<RecommendationFields>({ reference: initial.reference, text: initial.text, ofstedParagraph: initial.ofstedParagraph });
  const [error, setError] = useState('');
  const id = useId();
  return (
    <form
      className="recommendation-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const problem = await onSubmit({ ...fields, text: fields.text.trim() });
        setError(problem ?? '');
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-ref`}>No.</label>
        <input id={`${id}-ref`} value={fields.reference} onChange={(e) => setFields({ ...fields, reference: e.target.value })} />
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-text`}>Area for improvement</label>
        <textarea id={`${id}-text`} required rows={2} value={fields.text} onChange={(e) => setFields({ ...fields, text: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-para`}>Ofsted paragraph</label>
        <input id={`${id}-para`} value={fields.ofstedParagraph ?? ''} onChange={(e) => setFields({ ...fields, ofstedParagraph: e.target.value || null })} />
      </div>
      <div className="form-buttons">
        <button type="submit">{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
