import { useEffect, useId, useState } from 'react';
import { isoDayFromUkText as parsed, notADayMessage } from '../../../shared/uk-day';
import { formatDate } from '../labels';

/**
 * A date typed the UK way ("3/12/2026", "3 December 2026"; "2026-12-03" too), whatever the browser's
 * locale: the browser's own date field would ask a UK officer on a US-set browser for mm/dd/yyyy.
 * `value` and `onChange` carry the ISO day ('' for none); a day the reader cannot have meant is
 * named, and nothing changes until it is a date.
 */
export function UkDateInput({ id, testid, value, onChange, labelledBy }: { id: string; testid: string; value: string; onChange: (iso: string) => void; labelledBy?: string }) {
  const [text, setText] = useState(() => formatDate(value || null));
  const [problem, setProblem] = useState('');
  const hintId = useId();
  // A value set from outside (filters cleared) shows as written the UK way.
  useEffect(() => {
    if (parsed(text) !== value) setText(formatDate(value || null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <>
      <span className="hint" id={hintId}>For example, 3/12/2026</span>
      {problem && <span className="error" role="alert">{problem}</span>}
      <input
        id={id}
        data-testid={testid}
        type="text"
        autoComplete="off"
        aria-describedby={hintId}
        aria-labelledby={labelledBy}
        aria-invalid={problem ? true : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const iso = parsed(e.target.value);
          if (iso === null) return;
          setProblem('');
          if (iso !== value) onChange(iso);
        }}
        onBlur={() => setProblem(parsed(text) === null ? notADayMessage(text) : '')}
      />
    </>
  );
}

