import { isoDayFromUkText, notADayMessage } from '../../../uk-day';
import { el, textEl } from './dom';
import { formatDate } from './format';

/** A date filter: its field (label, hint, message, box) and the ISO day it holds, or null. */
export interface UkDateField {
  field: HTMLElement;
  input: HTMLInputElement;
  /** The ISO day typed; null when blank or not (yet) a whole day, which narrows nothing. */
  isoDay(): string | null;
  clear(): void;
}

/**
 * A date typed the UK way ("3/12/2026", "3 December 2026", "2026-12-03"), as the extension's date
 * fields take it: a browser's own date field follows its locale, and would ask a reviewer on a
 * US-set browser for mm/dd/yyyy. The hint gives an example in those words (the first or last evidence date); a text that is
 * not a day is named when the reader leaves the box.
 */
export function ukDateField(id: string, labelText: string, exampleDay: string | null): UkDateField {
  const input = el('input', { id, testid: id, className: 'uk-date' });
  input.type = 'text';
  input.autocomplete = 'off';
  input.spellcheck = false;
  const hint = textEl('p', `For example, ${exampleDay ? formatDate(exampleDay) : '3/12/2026'}`, 'hint');
  hint.id = `${id}-hint`;
  const message = textEl('p', '', 'field-error');
  message.id = `${id}-error`;
  message.hidden = true;
  input.setAttribute('aria-describedby', hint.id);
  const label = textEl('label', labelText);
  label.htmlFor = id;

  const isoDay = () => {
    const day = isoDayFromUkText(input.value);
    return day ? day : null;
  };
  const showProblem = (problem: string) => {
    message.textContent = problem;
    message.hidden = !problem;
    if (problem) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${message.id} ${hint.id}`);
    } else {
      input.removeAttribute('aria-invalid');
      input.setAttribute('aria-describedby', hint.id);
    }
  };
  // A problem is named once the reader has finished typing, and cleared as soon as the text is a day.
  input.addEventListener('blur', () => showProblem(isoDayFromUkText(input.value) === null ? notADayMessage(input.value) : ''));
  input.addEventListener('input', () => {
    if (isoDayFromUkText(input.value) !== null) showProblem('');
  });
  return {
    field: el('div', { className: 'field' }, label, hint, message, input),
    input,
    isoDay,
    clear: () => {
      input.value = '';
      showProblem('');
    },
  };
}
