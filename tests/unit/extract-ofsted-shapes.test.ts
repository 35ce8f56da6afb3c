import { describe, expect, it, test } from 'vitest';
import { findDateSpan, parseDateRange } from '../../shared/extract/dates';
import { readJudgementHeadings, withHeadingJudgements } from '../../shared/extract/pdf/judgement-headings';
import { extractPdfMetadata } from '../../shared/extract/pdf';
import { readPdfJudgementTable } from '../../shared/extract/pdf/judgement-table';
import { readOfstedFrontPage } from '../../shared/extract/pdf/ofsted-front-page';
import type { PdfLine } from '../../shared/extract/pdf/pdf-lines';

/**
 * The shapes Ofsted's page 1 takes in a PDF's text layer, each written as the lines pdf.js gives:
 * the ones seen in the corpus (title blocks, date forms, lead-inspector lines, split grades) and the
 * ones any text layer may produce from the same page (a grade before its area, a table without its
 * header, a value cut by a line end). Constructed lines, not captured documents.
 */

const lines = (...texts: string[]): PdfLine[] => texts.map((text) => ({ text, page: 1, isBullet: false }));
const grades = (texts: string[]) => readPdfJudgementTable(lines(...texts))?.rows.map((r) => [r.area_key, r.grade_key]) ?? null;

const LEADERS = 'The impact of leaders on social work practice with children and families';
const HELP = 'The experiences and progress of children who need help and protection';
const IN_CARE = 'The experiences and progress of children in care and care leavers';
const PROSE = 'Children in Example receive a good service. Senior leaders have been effective in';

describe('the judgement table, in every shape a text layer gives it', () => {
  test.each([
    ['each row on one line', ['Judgement Grade', `${LEADERS} Good`, `${HELP} Good`, `${IN_CARE} Inadequate`, 'Overall effectiveness Good', PROSE]],
    ['header cells on two lines', ['Judgement', 'Grade', `${LEADERS} Good`, `${HELP} Good`, `${IN_CARE} Inadequate`, 'Overall effectiveness Good']],
    [
      'areas wrapped, each grade on a line of its own',
      ['Judgement Grade', 'The impact of leaders on social work', 'practice with children and families', 'Good', 'The experiences and progress of',
        'children who need help and protection', 'Good', 'The experiences and progress of', 'children in care and care leavers', 'Inadequate',
        'Overall effectiveness Good', PROSE],
    ],
    [
      'the grade ending the wrapped area’s second line',
      ['Judgement Grade', 'The impact of leaders on social work practice with children', 'and families Good',
        'The experiences and progress of children who need help and', 'protection Good',
        'The experiences and progress of children in care and care', 'leavers Inadequate', 'Overall effectiveness Good'],
    ],
    [
      'each grade before its area',
      ['Judgement Grade', 'Good', LEADERS, 'Good', HELP, 'Inadequate', IN_CARE, 'Good', 'Overall effectiveness', PROSE],
    ],
    [
      'a grade between its area’s two lines',
      ['Judgement Grade', 'The impact of leaders on social work', 'Good', 'practice with children and families', 'The experiences and progress of',
        'Good', 'children who need help and protection', 'The experiences and progress of', 'Inadequate', 'children in care and care leavers',
        'Overall effectiveness Good'],
    ],
    ['no header in the text layer', [`${LEADERS} Good`, `${HELP} Good`, `${IN_CARE} Inadequate`, 'Overall effectiveness Good', PROSE]],
  ])('%s', (_shape, table) => {
    expect(grades(table)).toEqual([
      ['impact_of_leaders', 'good'],
      ['help_and_protection', 'good'],
      ['children_in_care_and_care_leavers', 'inadequate'],
      ['overall_effectiveness', 'good'],
    ]);
  });

  test.each([
    ['"Requires improvement" / "to be good"', ['Requires improvement', 'to be good']],
    ['"Requires improvement to" / "be good"', ['Requires improvement to', 'be good']],
    ['"Requires" / "improvement to be good"', ['Requires', 'improvement to be good']],
    ['"Requires improvement" alone (2018–2019 tables)', ['Requires improvement']],
  ])('a grade cut by its cell: %s', (_shape, grade) => {
    const table = readPdfJudgementTable(lines('Judgement Grade', LEADERS, ...grade, HELP, ...grade, 'Overall effectiveness', ...grade, PROSE));
    expect(table?.rows.map((r) => r.grade_key)).toEqual(['requires_improvement_to_be_good', 'requires_improvement_to_be_good', 'requires_improvement_to_be_good']);
    expect(table?.rows[0]!.grade).toBe(grade.join(' '));
  });

  it('takes the rest of a cut grade from beside the area’s second line, and never the next row’s grade for it', () => {
    const table = readPdfJudgementTable(lines('Judgement Grade', 'The impact of leaders on social work Requires improvement', 'practice with children and families to be good',
      'The experiences and progress of children who need help and', 'Requires improvement', 'protection',
      'The experiences and progress of children in care and care', 'Good', 'leavers', 'Overall effectiveness Requires improvement', PROSE));
    expect(table?.rows.map((r) => [r.area, r.grade])).toEqual([
      [LEADERS, 'Requires improvement to be good'],
      [HELP, 'Requires improvement'],
      [IN_CARE, 'Good'],
      ['Overall effectiveness', 'Requires improvement'],
    ]);
  });

  it('reads the five rows of the 2023 framework, and stops at prose that starts like an area', () => {
    const table = lines('Judgement Grade', `${LEADERS} Good`, `${HELP} Good`, 'The experiences and progress of children in care', 'Outstanding',
      'The experiences and progress of care leavers', 'Requires improvement to be good', 'Overall effectiveness Good',
      'The experiences and progress of children in need of help and protection have improved since the', 'last inspection.');
    expect(readPdfJudgementTable(table)).toEqual({
      rows: [
        expect.objectContaining({ area_key: 'impact_of_leaders', grade_key: 'good' }),
        expect.objectContaining({ area_key: 'help_and_protection', grade_key: 'good' }),
        expect.objectContaining({ area: 'The experiences and progress of children in care', area_key: 'children_in_care', grade_key: 'outstanding' }),
        expect.objectContaining({ area_key: 'care_leavers', grade_key: 'requires_improvement_to_be_good' }),
        expect.objectContaining({ area_key: 'overall_effectiveness', grade_key: 'good' }),
      ],
      lines: [0, 7],
    });
  });

  it('finds no table in prose that names the judgements', () => {
    expect(readPdfJudgementTable(lines(PROSE, 'The impact of leaders on social work practice has been strong.', 'Overall effectiveness is good.'))).toBeNull();
  });
});

describe('the judgements again in the section headings', () => {
  const body = lines(
    'The experiences and progress of children who need help and', 'protection: requires improvement to be good', '1. Early help assessments are completed.',
    'The experiences and progress of children in care: good', '17. Most children come into care appropriately.',
    'The experiences and progress of care leavers: good',
    'The impact of leaders on social work practice with children and', 'families: inadequate',
  );

  it('reads each heading’s grade, wrapped or not', () => {
    expect(readJudgementHeadings(body).map((r) => [r.area_key, r.grade_key])).toEqual([
      ['help_and_protection', 'requires_improvement_to_be_good'],
      ['children_in_care', 'good'],
      ['care_leavers', 'good'],
      ['impact_of_leaders', 'inadequate'],
    ]);
  });

  it('completes a table missing rows, in the table’s order, and never mixes the two frameworks', () => {
    const table = readPdfJudgementTable(lines('Judgement Grade', `${LEADERS} Inadequate`, 'Overall effectiveness Inadequate', PROSE))!.rows;
    expect(withHeadingJudgements(table, readJudgementHeadings(body)).map((r) => r.area_key)).toEqual([
      'impact_of_leaders', 'help_and_protection', 'children_in_care', 'care_leavers', 'overall_effectiveness',
    ]);
    const combined = readPdfJudgementTable(lines('Judgement Grade', `${IN_CARE} Good`, 'Overall effectiveness Good'))!.rows;
    expect(withHeadingJudgements(combined, readJudgementHeadings(body)).map((r) => r.area_key)).toEqual([
      'impact_of_leaders', 'help_and_protection', 'children_in_care_and_care_leavers', 'overall_effectiveness',
    ]);
  });
});

describe('page 1’s title and labels', () => {
  it('reads a title wrapped over three lines, and the council it names', () => {
    const front = readOfstedFrontPage(lines('Inspection of Bath and North East', 'Somerset local authority children’s', 'services',
      'Inspection dates: 28 February to 4 March 2022', 'Lead inspector: Steve Lowe, Her Majesty’s Inspector', 'Judgement Grade'));
    expect(front).toEqual({
      title: 'Inspection of Bath and North East Somerset local authority children’s services',
      authority: { name: 'Bath and North East Somerset', from: 'title', isKnown: true },
      dates: { written: '28 February to 4 March 2022', start: '2022-02-28', end: '2022-03-04' },
      leadInspector: 'Steve Lowe, Her Majesty’s Inspector',
    });
  });

  it('takes an older report’s council from the lines above its title, and the role from the line under the name', () => {
    const front = readOfstedFrontPage(lines('Royal Borough of Kingston upon', 'Thames', 'Inspection of children’s social care services',
      'Inspection dates: 21 October to 25 October 2019', 'Lead inspector: Marcie Taylor', 'Her Majesty’s Inspector', 'Judgement Grade'));
    expect(front.authority).toEqual({ name: 'Royal Borough of Kingston upon Thames', from: 'above the title', isKnown: true });
    expect(front.leadInspector).toBe('Marcie Taylor, Her Majesty’s Inspector');
  });

  it('keeps a name hyphenated at a line end whole ("Stockton-on-" / "Tees")', () => {
    expect(readOfstedFrontPage(lines('Inspection of Stockton-on-', 'Tees local authority children’s services')).authority).toEqual({
      name: 'Stockton-on-Tees', from: 'title', isKnown: true,
    });
  });

  it('reads a visit letter’s title under Ofsted’s address block, and the council it names', () => {
    // The layout of Ofsted's letters: address, date, addressee, then the title. Constructed.
    const page = ['Piccadilly Gate', 'Store Street', 'Manchester', 'M1 2WD', 'T 0300 123 1231', 'www.gov.uk/ofsted', '12 June 2020',
      'Jane Smith', 'Director of Children’s Services', 'Dear Jane', 'Monitoring visit to Wigan children’s services',
      'This letter summarises the findings of the monitoring visit to Wigan children’s services on 4 and 5 March 2020.'];
    expect(extractPdfMetadata([{ page: 1, lines: page.join('\n') }], 'https://files.ofsted.gov.uk/v1/file/1')).toMatchObject({
      document_type: 'ofsted_monitoring_visit_letter',
      title: 'Monitoring visit to Wigan children’s services',
      subject_local_authority: 'Wigan',
      ofsted_activity: { start: '2020-03-04', end: '2020-03-05' },
    });
  });

  it('takes no prose further down page 1 for a title (a council report citing "the recent Inspection of Children’s Services")', () => {
    const page = ['CABINET', 'St. Helens Council', 'Wednesday, 26 February 2020', 'Ofsted Inspection – Outcome Letter & Action Plan', 'Cabinet Portfolio',
      'Recommendations for Decision', 'Approve the proposed Action Plan developed in response to the findings of the recent', 'Inspection of Children’s Services.'];
    expect(readOfstedFrontPage(lines(...page)).title).toBeNull();
  });

  it('names no council for a title that names none ("Inspection of local authority children’s services")', () => {
    const front = readOfstedFrontPage(lines('Inspection of local authority children’s services', 'Inspection dates: 1 to 5 July 2024'));
    expect(front.authority).toBeNull();
  });

  it('takes a council the gazetteer does not know when its title names it, and says so', () => {
    expect(readOfstedFrontPage(lines('Inspection of Example local authority children’s services')).authority).toEqual({
      name: 'Example', from: 'title', isKnown: false,
    });
  });

  test.each([
    ['a two-part inspection', ['Inspection dates: 5 to 9 December 2022 and 14 to 15 February 2023'], '2022-12-05', '2023-02-15'],
    ['an en dash and "Inspection date:"', ['Inspection date: 11 – 22 July 2022'], '2022-07-11', '2022-07-22'],
    ['a span cut by the line end', ['Inspection dates: 23 September 2019 to 4 October', '2019', 'Lead inspector: A B'], '2019-09-23', '2019-10-04'],
    ['the value on the next line', ['Inspection dates:', '30 September to 11 October 2019'], '2019-09-30', '2019-10-11'],
    ['both labels on one line', ['Inspection dates: 6 to 10 November 2023 Lead inspector: Alison Smale, HMI'], '2023-11-06', '2023-11-10'],
    ['a day whose digits the text layer spaced', ['Inspection dates: 1 9 June 2019 to 2 8 June 2019'], '2019-06-19', '2019-06-28'],
    ['two parts of full dates', ['Inspection dates: 8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019'], '2019-07-08', '2019-08-08'],
    ['across a new year', ['Inspection dates: 30 November to 11 December 2020'], '2020-11-30', '2020-12-11'],
  ])('reads the inspection dates: %s', (_shape, page, start, end) => {
    expect(readOfstedFrontPage(lines(...page)).dates).toMatchObject({ start, end });
  });

  test.each([
    ['name, role', ['Lead inspector: Matt Reed, His Majesty’s Inspector'], 'Matt Reed, His Majesty’s Inspector'],
    ['name, HMI', ['Lead inspector: Andy Whippey, HMI'], 'Andy Whippey, HMI'],
    ['name HMI', ['Lead inspector: Andy Whippey HMI'], 'Andy Whippey, HMI'],
    ['role cut by the line end', ['Lead inspector: Lisa Walsh, His Majesty’s', 'Inspector', 'Judgement Grade'], 'Lisa Walsh, His Majesty’s Inspector'],
    ['the name alone, the table next', ['Lead inspector: Dominic Stevens', 'Judgement Grade'], 'Dominic Stevens'],
    [
      'two lead inspectors over two lines',
      ['Lead inspectors: Jane Doe, His Majesty’s Inspector, and', 'John Roe, His Majesty’s Inspector', 'Judgement Grade'],
      'Jane Doe, His Majesty’s Inspector, and John Roe, His Majesty’s Inspector',
    ],
  ])('reads the lead inspector: %s', (_shape, page, lead) => {
    expect(readOfstedFrontPage(lines(...page)).leadInspector).toBe(lead);
  });
});

describe('date spans as Ofsted and councils print them', () => {
  test.each([
    ['5 to 9 December 2022 and 14 to 15 February 2023', { start: '2022-12-05', end: '2023-02-15' }],
    ['19 November–30 November 2018', { start: '2018-11-19', end: '2018-11-30' }],
    ['Monday 3 June to Friday 14 June 2019', { start: '2019-06-03', end: '2019-06-14' }],
    ['2nd – 6th December 2019', { start: '2019-12-02', end: '2019-12-06' }],
    ['27 Jan – 7 Feb 2020', { start: '2020-01-27', end: '2020-02-07' }],
    ['28 to 3 March 2020', { start: null, end: '2020-03-03' }], // which month the 28th is in is not printed
    ['4 March 2022 and twelve children', null],
  ])('parseDateRange(%j) → %j', (text, range) => {
    expect(parseDateRange(text)).toEqual(range);
  });

  it('finds the span in a longer text, as printed, and where it starts', () => {
    expect(findDateSpan('Inspection dates: 28 February to 4 March 2022 (short inspection)')).toEqual({
      written: '28 February to 4 March 2022', index: 18, start: '2022-02-28', end: '2022-03-04',
    });
    expect(findDateSpan('on 4 March 2020 and 12 children')).toMatchObject({ written: '4 March 2020', start: '2020-03-04', end: '2020-03-04' });
    expect(findDateSpan('no dates here, only 12 children')).toBeNull();
  });
});
