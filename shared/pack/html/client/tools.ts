import type { AssessmentKey } from '../../../coverage/types';
import type { PackClip, PackModel } from '../../types';
import { el, textEl } from './dom';
import { clipsPassing, isFiltering, NO_FILTER, NO_TAG, type FilterState } from './filter-state';
import { ASSESSMENT_LABELS, ASSESSMENT_ORDER, EVIDENCE_STATUS_LABELS, formatDate, formatNumber, plural, publisherOf } from './format';
import { Haystacks, queryTerms } from './search';
import { applyVisibility, type ShownCounts } from './visibility';
import type { PlanView } from './view';
import { ukDateField, type UkDateField } from './uk-date-field';

interface Controls {
  search: HTMLInputElement;
  assessment: HTMLSelectElement;
  status: HTMLSelectElement;
  tag: HTMLSelectElement;
  publisher: HTMLSelectElement;
  source: HTMLSelectElement;
  dateFrom: UkDateField;
  dateTo: UkDateField;
  clear: HTMLButtonElement;
  results: HTMLElement;
}

/**
 * The reading tools: a search box and filters (assessment, status, tag, publisher, document, date)
 * that hide the clips that do not match, keep counts right and say how many are shown (a polite live
 * region). Everything works offline on the embedded data. Returns the section to place in the page.
 */
export function renderTools(model: PackModel, view: PlanView): HTMLElement {
  const controls = buildControls(model);
  const publisherOfSource = new Map(model.sources.map((s) => [s.id, publisherOf(s)]));
  // Folded search text is built while the page is idle once it is on screen (or at the first search).
  const haystacks = new Haystacks(model.clips, model.sources, model.tags);
  whenIdle((timeLeft) => haystacks.buildWhile(() => timeLeft() > 2));

  const apply = () => {
    const filter = readFilter(controls);
    const pass = clipsPassing(model, filter, filter.terms.length ? haystacks.all() : null, publisherOfSource);
    const shown = applyVisibility(view, filter, pass);
    announce(controls.results, model, filter, shown);
  };
  controls.search.addEventListener('input', apply);
  for (const control of [controls.assessment, controls.status, controls.tag, controls.publisher, controls.source]) {
    control.addEventListener('change', apply);
  }
  // A typed date narrows as soon as it is a whole day (or is cleared); half a date changes nothing.
  for (const date of [controls.dateFrom, controls.dateTo]) date.input.addEventListener('input', apply);
  controls.clear.addEventListener('click', () => {
    controls.search.value = '';
    for (const select of [controls.assessment, controls.status, controls.tag, controls.publisher, controls.source]) select.value = '';
    controls.dateFrom.clear();
    controls.dateTo.clear();
    apply();
    controls.search.focus();
  });
  announce(controls.results, model, NO_FILTER, null);
  return toolsSection(controls);
}

function toolsSection(c: Controls): HTMLElement {
  const section = el('section', { className: 'tools', id: 'tools', testid: 'pack-tools', attrs: { 'aria-labelledby': 'tools-h' } });
  section.appendChild(textEl('h2', 'Search and filter the evidence')).id = 'tools-h';
  const hint = textEl('p', 'Finds clips whose quote, note, citation, tags or source hold every word you type. Put "words in quotes" to find them together.', 'hint');
  hint.id = 'pack-search-hint';
  section.appendChild(el('div', { className: 'search', attrs: { role: 'search' } }, label('pack-search', 'Search the evidence'), hint, c.search));
  const filters = el('fieldset', { className: 'filters' }, textEl('legend', 'Filters'));
  filters.append(
    field('pack-filter-assessment', 'Assessment', c.assessment),
    field('pack-filter-status', 'Status', c.status),
    field('pack-filter-tag', 'Tag', c.tag),
    field('pack-filter-publisher', 'Council or publisher', c.publisher),
    field('pack-filter-source', 'Document', c.source),
    c.dateFrom.field,
    c.dateTo.field,
    el('div', { className: 'field field-clear' }, c.clear),
  );
  section.append(filters, c.results);
  return section;
}

function buildControls(model: PackModel): Controls {
  const search = input('search', 'pack-search');
  search.setAttribute('aria-describedby', 'pack-search-hint');
  search.autocomplete = 'off';
  search.spellcheck = false;

  const assessment = select('pack-filter-assessment', 'Any assessment', ASSESSMENT_ORDER.map((k) => [k, ASSESSMENT_LABELS[k]]));
  const statuses = Object.entries(EVIDENCE_STATUS_LABELS) as Array<[PackClip['status'], string]>;
  const status = select('pack-filter-status', 'Any status', statuses);
  const tag = select('pack-filter-tag', 'Any tag', [...model.tags.map((t): [string, string] => [t.id, t.name]), [NO_TAG, 'No tags']]);
  const publishers = [...new Set(model.sources.map(publisherOf))].sort((a, b) => a.localeCompare(b));
  const publisher = select('pack-filter-publisher', 'Any council or publisher', publishers.map((p) => [p, p]));
  const source = select(
    'pack-filter-source',
    'Any document',
    model.sources.map((s) => [s.id, s.documentDate ? `${s.title || 'Untitled source'} (${formatDate(s.documentDate)})` : s.title || 'Untitled source']),
  );
  const dates = model.clips.map((c) => c.evidenceDate).sort();
  const dateFrom = ukDateField('pack-filter-date-from', 'Evidence dated from', dates[0] ?? null);
  const dateTo = ukDateField('pack-filter-date-to', 'Evidence dated to', dates[dates.length - 1] ?? null);
  const clear = textEl('button', 'Clear search and filters', 'secondary');
  clear.type = 'button';
  clear.setAttribute('data-testid', 'pack-filter-clear');
  const results = el('p', { className: 'results', testid: 'pack-results', attrs: { role: 'status', 'aria-live': 'polite' } });
  return { search, assessment, status, tag, publisher, source, dateFrom, dateTo, clear, results };
}

function readFilter(c: Controls): FilterState {
  const orNull = (value: string) => (value === '' ? null : value);
  return {
    terms: queryTerms(c.search.value),
    assessment: orNull(c.assessment.value) as AssessmentKey | null,
    status: orNull(c.status.value) as PackClip['status'] | null,
    tagId: orNull(c.tag.value),
    publisher: orNull(c.publisher.value),
    sourceId: orNull(c.source.value),
    dateFrom: c.dateFrom.isoDay(),
    dateTo: c.dateTo.isoDay(),
  };
}

function announce(results: HTMLElement, model: PackModel, filter: FilterState, shown: ShownCounts | null): void {
  const total = model.clips.length;
  let text: string;
  if (!shown || !isFiltering(filter)) text = `Showing all ${plural(total, 'clip')}.`;
  else if (shown.clips === 0) text = `No clips match. Clear the search or filters to see all ${plural(total, 'clip')}.`;
  else {
    text = `Showing ${formatNumber(shown.clips)} of ${plural(total, 'clip')}, under ${formatNumber(shown.actions)} of ${plural(shown.totalActions, 'action')}.`;
  }
  if (results.textContent !== text) results.textContent = text;
}

function label(forId: string, text: string): HTMLLabelElement {
  const l = textEl('label', text);
  l.htmlFor = forId;
  return l;
}

function field(id: string, text: string, control: HTMLElement): HTMLElement {
  return el('div', { className: 'field' }, label(id, text), control);
}

function input(type: string, testid: string): HTMLInputElement {
  const i = el('input', { id: testid, testid });
  i.type = type;
  return i;
}

function select(testid: string, anyLabel: string, options: Array<[string, string]>): HTMLSelectElement {
  const s = el('select', { id: testid, testid });
  const any = textEl('option', anyLabel);
  any.value = '';
  s.appendChild(any);
  for (const [value, text] of options) {
    const o = textEl('option', text);
    o.value = value;
    s.appendChild(o);
  }
  return s;
}

type IdleDeadline_ = { timeRemaining(): number };
type RequestIdle = (callback: (deadline: IdleDeadline_) => void, options?: { timeout: number }) => number;

/**
 * Runs `work` in idle periods until it returns true (done). Where requestIdleCallback is missing
 * (Safari), in 10 ms slices between tasks.
 */
function whenIdle(work: (timeLeft: () => number) => boolean): void {
  const idle = (globalThis as { requestIdleCallback?: RequestIdle }).requestIdleCallback;
  const step = () => {
    if (idle) idle((deadline) => work(() => deadline.timeRemaining()) || step());
    else {
      setTimeout(() => {
        const end = performance.now() + 10;
        work(() => end - performance.now()) || step();
      }, 50);
    }
  };
  step();
}
