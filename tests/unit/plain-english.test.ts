import { describe, expect, it } from 'vitest';
import { activitySentence, linkSummary, withoutSupersededLinks } from '../../shared/activity-text';
import { formatDate, formatDateTime } from '../../shared/labels';
import { dueFieldsFrom, dueText } from '../../shared/plan-io/due-text';

const action = { reference: '3.2', title: 'Weekly case tracking of children in pre-proceedings' };
const actionOf = (id: string) => (id === 'act_acbc89e8cd9a4183bd3c' ? action : undefined);
const INTERNAL_ID = /\b(act|ev|rec|plan|tag|log|user|src)_[0-9a-z]{8,}\b/;

describe('activity lines read as sentences', () => {
  it.each([
    ['evidence.linked', 'linked to act_acbc89e8cd9a4183bd3c (impact)', 'linked a clip to action 3.2 "Weekly case tracking of children in pre-proceedings" as evidence of impact'],
    ['evidence.linked', 'linked to act_ffffffffffffffffffff', 'linked a clip to the action "an action no longer in the plan"'],
    ['evidence.unlinked', 'unlinked from act_acbc89e8cd9a4183bd3c', 'unlinked a clip from action 3.2 "Weekly case tracking of children in pre-proceedings"'],
    ['source.captured', 'Inspection of children’s social care services', 'added the source "Inspection of children’s social care services"'],
    ['evidence.status', 'marked verified', 'marked a clip as verified'],
    ['evidence.tagged', 'tagged "Governance"', 'tagged "Governance"'],
    ['action.updated', 'changed title of act_acbc89e8cd9a4183bd3c', 'changed title of an action'],
  ] as const)('%s "%s" reads "%s"', (kind, summary, sentence) => {
    const text = activitySentence({ kind, summary }, actionOf);
    expect(text).toBe(sentence);
    expect(text).not.toMatch(INTERNAL_ID);
  });

  it('shows a link and the assessment chosen a moment later as one line', () => {
    const actor = { id: 'user_1', name: 'Sam' };
    const line = (id: string, at: string, summary: string) => ({ id, at, actor, kind: 'evidence.linked' as const, entityId: 'ev_1', summary });
    const newestFirst = [
      line('log_3', '2026-12-03T08:12:00Z', linkSummary(action, 'impact')),
      line('log_2', '2026-12-03T08:11:50Z', linkSummary(action, null)),
      line('log_1', '2026-11-01T08:00:00Z', linkSummary(action, null)),
    ];
    expect(withoutSupersededLinks(newestFirst, actionOf).map((e) => e.id)).toEqual(['log_3', 'log_1']);
  });
});

describe('dates are written the UK way whatever the locale', () => {
  it.each([
    ['2026-12-03', '3 December 2026'],
    ['2019-05-15T23:30:00Z', '15 May 2019'],
    [null, ''],
  ])('formatDate(%s) is "%s"', (iso, text) => expect(formatDate(iso)).toBe(text));

  it('writes a time as "3 December 2026 at 08:10", UK time', () => {
    expect(formatDateTime('2026-12-03T08:10:50Z')).toBe('3 December 2026 at 08:10');
    expect(formatDateTime('2026-07-03T08:10:50Z')).toBe('3 July 2026 at 09:10');
  });
});

describe('"By when" as the plan wrote it', () => {
  it.each([
    [{ dueDate: '2020-06-30', extra: { 'By when': 'June 2020' } }, 'June 2020'],
    [{ dueDate: null, extra: { 'By when': 'Quarterly' } }, 'Quarterly'],
    [{ dueDate: '2027-03-31', extra: {} }, '31 March 2027'],
    [{ dueDate: null, extra: {} }, ''],
  ])('%j shows as "%s"', (due, text) => expect(dueText(due, formatDate)).toBe(text));

  it.each([
    ['June 2027', { dueDate: '2027-06-30', extra: { 'By when': 'June 2027' } }],
    ['ongoing', { dueDate: null, extra: { 'By when': 'ongoing' } }],
    ['31/03/2027', { dueDate: '2027-03-31', extra: {} }],
    ['', { dueDate: null, extra: {} }],
  ])('typing "%s" keeps %j', (typed, fields) => {
    expect(dueFieldsFrom(typed, { 'By when': 'old words' })).toEqual({ ok: true, value: fields });
  });

  it('refuses words that are neither a date nor a known phrase, naming them', () => {
    expect(dueFieldsFrom('soonish', {})).toMatchObject({ ok: false, error: expect.stringContaining('"soonish"') });
  });
});

describe('citations to copy', () => {
  const parts = {
    author: 'Ofsted', title: 'Inspection of children’s social care services', documentType: 'ofsted_ilacs_inspection_report',
    documentDate: '2019-11-04', paragraph: '21', page: null, url: 'https://files.ofsted.gov.uk/v1/file/50117464', accessed: '2026-12-03T08:10:50Z',
  };
  it('gives one plain line', async () => {
    const { plainCitation } = await import('../../shared/citation-formats');
    expect(plainCitation(parts)).toBe('Ofsted, "Inspection of children’s social care services", Ofsted inspection report, 4 November 2019, para 21. https://files.ofsted.gov.uk/v1/file/50117464 (read 3 December 2026).');
  });
  it('gives the footnote form, title in italics, with its markup escaped', async () => {
    const { footnoteCitation } = await import('../../shared/citation-formats');
    const note = footnoteCitation({ ...parts, title: 'Plans <b>&</b> reviews' });
    expect(note.text).toBe('Ofsted, Plans <b>&</b> reviews (Ofsted inspection report, 4 November 2019) para 21 <https://files.ofsted.gov.uk/v1/file/50117464> accessed 3 December 2026.');
    expect(note.html).toBe('Ofsted, <i>Plans &lt;b&gt;&amp;&lt;/b&gt; reviews</i> (Ofsted inspection report, 4 November 2019) para 21 &lt;https://files.ofsted.gov.uk/v1/file/50117464&gt; accessed 3 December 2026.');
  });
});
