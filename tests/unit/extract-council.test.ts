import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it, test } from 'vitest';
import { pageLinesOf } from '../../shared/anchoring/pdf-types';
import { readFrontSheetMeeting, readLabelRows } from '../../shared/extract/committee-date';
import { extractPageMetadata, extractPageWithSources } from '../../shared/extract/index';
import { readJudgementLines } from '../../shared/extract/judgement-tables';
import { extractCouncilPdfWithSources } from '../../shared/extract/pdf/council-pdf';
import { readPdfLines } from '../../shared/extract/pdf/pdf-lines';
import { readPdfBlockText } from '../../shared/extract/pdf/pdf-text';
import { normaliseAuthorityName } from '../../shared/extract/gazetteer';
import { extractPdfMetadata, type PdfPageLines } from '../../shared/extract/pdf';
import { PageMetadata } from '../../shared/schema/page-metadata';
import {
  EXTRA_FIELDS,
  FIELDS,
  fieldScores,
  overallScore,
  scoreTable,
  type ComparedFixture,
  type Field,
  type Sidecar,
} from '../lib/sidecar-fields';

/**
 * The council renderings (tests/fixtures/council/README.md): real council texts in the forms councils
 * publish them, each read by the code the extension runs (HTML through jsdom; PDFs through pdf.js's
 * legacy build, each page's lines as the viewer reads them) and scored field by field against the
 * sidecar a person wrote from that rendering.
 */

const DIR = fileURLToPath(new URL('../fixtures/council/', import.meta.url));

/**
 * A council is named many ways ("Herefordshire Council", "Herefordshire"; "St. Helens Council"):
 * publisher and council concerned are compared as the Ofsted corpus compares authority names
 * (as the Ofsted corpus compares them: lower case, without "council", "county",
 * "borough" and the like), and as the held-out documents are scored.
 */
const byAuthorityName = (field: Field): Field => ({
  ...field,
  pick: (metadata) => {
    const name = field.pick(metadata);
    return typeof name === 'string' && name !== 'Ofsted' ? normaliseAuthorityName(name) : name;
  },
});
const SCORED_FIELDS = [...FIELDS, ...EXTRA_FIELDS].map((field) =>
  field.name === 'publisher' || field.name === 'subject_local_authority' ? byAuthorityName(field) : field,
);
/** Share of all sidecar values over all renderings that must be read right. */
const REQUIRED_SHARE = 0.95;

/**
 * Where each rendering is opened from: the council's own site for its pages and PDFs, modern.gov for
 * the Herefordshire pages; the St Helens Word PDF from a local file (no address to help).
 */
const URLS: Record<string, string> = {
  'wsx-hwb-2019-06-20-council-page.html': 'https://www.westsussex.gov.uk/committee-papers/report/4312',
  'wsx-hwb-2019-06-20-council-page-print.pdf': 'https://www.westsussex.gov.uk/media/4312/report.pdf',
  'wsx-hwb-2019-06-20-word.pdf': 'https://www.westsussex.gov.uk/media/4313/report.pdf',
  'wsx-cyps-2019-05-15-council-page.html': 'https://www.westsussex.gov.uk/committee-papers/report/4207',
  'wsx-cyps-2019-05-15-word.pdf': 'https://www.westsussex.gov.uk/media/4207/report.pdf',
  'sthelens-cabinet-2020-02-26-council-page.html': 'https://www.sthelens.gov.uk/committee-papers/report/1187',
  'sthelens-cabinet-2020-02-26-council-page-print.pdf': 'https://www.sthelens.gov.uk/media/1187/report.pdf',
  'sthelens-cabinet-2020-02-26-word.pdf': 'file:///home/officer/Downloads/Cabinet%20report%20Ofsted%20action%20plan.pdf',
  'herefordshire-cabinet-2022-12-15-issue-page.html':
    'https://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387&Opt=3',
  'herefordshire-cabinet-2022-12-15-agenda-item.html': 'https://councillors.herefordshire.gov.uk/mgAi.aspx?ID=50043390',
  'herefordshire-cabinet-2022-12-15-meeting-page.html':
    'https://councillors.herefordshire.gov.uk/ieListDocuments.aspx?CId=251&MId=8300',
};

/** Each page's lines as the viewer gives them to the extractor (extension/viewer/pdf-text.ts). */
async function readPdfPages(file: string): Promise<PdfPageLines[]> {
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(`${DIR}${file}`)) });
  const doc = await task.promise;
  const pages: PdfPageLines[] = [];
  for (let page = 1; page <= doc.numPages; page++) {
    const content = await (await doc.getPage(page)).getTextContent({ includeMarkedContent: true, disableNormalization: true });
    const items = content.items.filter((i) => 'str' in i);
    pages.push({ page, lines: pageLinesOf(items).normalize('NFKC') });
  }
  await task.destroy();
  return pages;
}

interface Rendering extends ComparedFixture {
  file: string;
  url: string;
}

async function read(file: string): Promise<Rendering> {
  const url = URLS[file];
  if (!url) throw new Error(`extract-council.test: rendering ${file} has no address in URLS`);
  const expected = JSON.parse(readFileSync(`${DIR}${file.replace(/\.(html|pdf)$/, '.expected.json')}`, 'utf8')) as Sidecar;
  const actual = file.endsWith('.pdf')
    ? extractPdfMetadata(await readPdfPages(file), url)
    : extractPageMetadata(new JSDOM(readFileSync(`${DIR}${file}`, 'utf8'), { url }).window.document, url);
  return { name: file, file, url, expected, actual };
}

const FILES = readdirSync(DIR).filter((f) => /\.(html|pdf)$/.test(f)).sort();
const RENDERINGS = await Promise.all(FILES.map(read));

describe('the council renderings', () => {
  it('has an address for every rendering, and a sidecar with every key of the schema', () => {
    expect(FILES.sort()).toEqual(Object.keys(URLS).sort());
    for (const r of RENDERINGS) {
      expect(Object.keys(r.expected), r.file).toEqual(expect.arrayContaining([...Object.keys(PageMetadata.shape), 'fixture', 'format', 'source', 'notes']));
    }
  });

  it.each(RENDERINGS)('returns metadata the PageMetadata schema accepts: $file', ({ actual }) => {
    expect(PageMetadata.safeParse(actual).error).toBeUndefined();
  });

  it(`reads at least ${100 * REQUIRED_SHARE} % of all sidecar values right (table printed)`, () => {
    console.log(`Council renderings, per field (${RENDERINGS.length} renderings)\n${scoreTable(RENDERINGS, SCORED_FIELDS)}`);
    const misses = fieldScores(RENDERINGS, SCORED_FIELDS).flatMap(({ field, misses: names }) => names.map((n) => `${field.name}: ${n}`));
    if (misses.length > 0) console.log(`misses\n- ${misses.join('\n- ')}`);
    expect(overallScore(RENDERINGS, SCORED_FIELDS).share).toBeGreaterThanOrEqual(REQUIRED_SHARE);
  });
});

// --- the rules, one form at a time (constructed in the forms councils print; not captured pages) --

const parse = (html: string, url: string) => new JSDOM(html, { url }).window.document;
/** A council report page around `body`, so that the council-report reader answers. */
const councilReport = (body: string) =>
  `<html><body><main><h1>Ofsted inspection of children's services</h1><p>Report by the Director of Children's Services</p>${body}</main></body></html>`;
const REPORT_URL = 'https://www.example.gov.uk/committee-papers/report/1';

describe('the meeting printed at the head of a page or front sheet', () => {
  test.each([
    ['committee and date in capitals on one line', ["CHILDREN'S SERVICES SCRUTINY COMMITTEE 14 MARCH 2019"], "Children's Services Scrutiny Committee", '2019-03-14', null],
    ['modern.gov heading', ['Cabinet - Thursday, 15th December, 2022 2.30 pm'], 'Cabinet', '2022-12-15', '14:30'],
    ['a subgroup', ['Overview and Scrutiny Ofsted Subgroup - Tuesday, 2nd October, 2018 10.00 am'], 'Overview and Scrutiny Ofsted Subgroup', '2018-10-02', '10:00'],
    ['committee above its date line', ['Children and Families Overview and Scrutiny Committee', 'Monday 25 September 2017 10.00 am'], 'Children and Families Overview and Scrutiny Committee', '2017-09-25', '10:00'],
    ['a date line with a note after it', ['Cabinet', 'Wednesday, 10th March, 2021 10.00 am (Remote meeting)'], 'Cabinet', '2021-03-10', '10:00'],
    ['the council beside the committee', ['St. Helens Council CABINET', 'Wednesday, 26 February 2020'], 'Cabinet', '2020-02-26', null],
  ])('reads %s', (_form, lines, committee, date, time) => {
    expect(readFrontSheetMeeting(lines)).toMatchObject({ committee, date, time });
  });

  test.each([
    ['a council’s name over a date (it may date the report)', ['West Sussex County Council', '20 June 2019']],
    ['a title naming a council’s plan', ["Ofsted Inspection Judgement of Children's Services and the County Council's Improvement Plan", '20 June 2019']],
    ['a modern.gov "Meeting:" line (read by the modern.gov reader, with its item)', ['Meeting: 15/12/2022 - Cabinet (Item 181)']],
    ['a date and more dates', ['Cabinet', '4 and 5 March 2020']],
  ])('takes no meeting from %s', (_form, lines) => {
    expect(readFrontSheetMeeting(lines)).toBeNull();
  });

  test.each([
    ['its heading and date line under it', '<h2 class="mgSubTitleTxt">Corporate Parenting Panel</h2><p>Date: Tuesday, 3rd March, 2020 2.00 pm</p>', 'Corporate Parenting Panel', '2020-03-03', '14:00'],
    ['a paragraph where the skin prints no heading', '<p class="mgSubTitleTxt">Children and Young People Scrutiny Committee - Monday, 28th November, 2022 10.00 am</p>', 'Children and Young People Scrutiny Committee', '2022-11-28', '10:00'],
  ])('reads a modern.gov meeting page’s committee and date from %s', (_form, header, committee, date, time) => {
    const url = 'https://democracy.example.gov.uk/ieListDocuments.aspx?CId=1&MId=2';
    const html = `<html><head><title>Agenda and minutes</title></head><body><h1 class="mgMainTitleTxt">Agenda and minutes</h1>${header}<table class="mgItemTable"><tr><td class="mgItemNumberCell">1.</td><td>Apologies</td></tr></table></body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({ title: 'Agenda and minutes', committee, meeting_date: date, meeting_time: time });
  });

  it('reads front-sheet rows printed without a colon, as a PDF gives a table ("Date of meeting 15 May 2019")', () => {
    expect(readLabelRows(['Committee Corporate Parenting Panel', 'Date of meeting 15 May 2019'])).toMatchObject({
      committee: 'Corporate Parenting Panel',
      date: '2019-05-15',
    });
    expect(readLabelRows(['Date 15 May 2019']).date, 'a bare date alone may date the report').toBeNull();
  });
});

const TABLE_ROWS = [
  ['The impact of leaders on social work practice with children and families', 'Inadequate'],
  ['The experiences and progress of children who need help and protection', 'Requires improvement to be good'],
  ['The experiences and progress of children in care', 'Inadequate'],
  ['The experiences and progress of care leavers', 'Requires improvement to be good'],
  ['Overall effectiveness', 'Inadequate'],
];
const EXPECTED_KEYS = [
  ['impact_of_leaders', 'inadequate'],
  ['help_and_protection', 'requires_improvement_to_be_good'],
  ['children_in_care', 'inadequate'],
  ['care_leavers', 'requires_improvement_to_be_good'],
  ['overall_effectiveness', 'inadequate'],
];

describe('a judgement table quoted in a council paper', () => {
  const cells = (row: string[], tag = 'td') => `<tr>${row.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  test.each([
    ['an HTML table headed otherwise ("Area | Judgement")', `<table>${cells(['Area', 'Judgement'], 'th')}${TABLE_ROWS.map((r) => cells(r)).join('')}</table>`],
    ['an HTML table with no header', `<table>${TABLE_ROWS.map((r) => cells(r)).join('')}</table>`],
    ['text pasted from Word, cells tab-separated', `<p>Judgement\tGrade</p>${TABLE_ROWS.map((r) => `<p>${r.join('\t')}</p>`).join('')}`],
    ['lines of one paragraph', `<p>${TABLE_ROWS.map((r) => r.join('   ')).join('<br>')}</p>`],
  ])('reads %s', (_form, table) => {
    const metadata = extractPageMetadata(parse(councilReport(`<p>The judgements were:</p>${table}`), REPORT_URL), REPORT_URL);
    expect(metadata.judgement_table?.map((r) => [r.area_key, r.grade_key])).toEqual(EXPECTED_KEYS);
    expect(metadata.judgement_table?.[1]?.area).toBe(TABLE_ROWS[1]![0]);
  });

  it('reads a PDF’s table whose cells wrap ("…with children" / "and families" / "Requires improvement" / "to be good")', () => {
    const lines = [
      'Judgement Grade',
      'The impact of leaders on social work practice with children',
      'and families',
      'Requires improvement',
      'to be good',
      'The experiences and progress of children who need help',
      'and protection',
      'Good',
      'Overall effectiveness Requires improvement to be good',
      'Since the last inspection, leaders have made progress.',
    ];
    expect(readJudgementLines(lines)).toEqual({
      rows: [
        { area: 'The impact of leaders on social work practice with children and families', area_key: 'impact_of_leaders', grade: 'Requires improvement to be good', grade_key: 'requires_improvement_to_be_good' },
        { area: 'The experiences and progress of children who need help and protection', area_key: 'help_and_protection', grade: 'Good', grade_key: 'good' },
        { area: 'Overall effectiveness', area_key: 'overall_effectiveness', grade: 'Requires improvement to be good', grade_key: 'requires_improvement_to_be_good' },
      ],
      first: 0,
      last: 8,
    });
  });

  test.each([
    ['grades stated in headings between paragraphs', ['The experiences and progress of children in care: inadequate', 'Children wait too long for permanence.', 'Overall effectiveness: inadequate']],
    ['one row alone, no header', ['Overall effectiveness Inadequate', 'The council has accepted the findings.']],
    ['a sentence ending in a grade', ['The inspectors found that the impact of leaders was Good.', 'Overall effectiveness was Good.']],
  ])('finds no table in %s', (_form, lines) => {
    expect(readJudgementLines(lines)).toBeNull();
  });
});

describe("Ofsted's areas for improvement restated in minutes and reports", () => {
  const AREAS = [
    'The quality of social work assessments and plans',
    'Management oversight of practice, including in pre-proceedings',
    'Permanence planning for children in care',
  ];
  const MINUTE_URL = 'https://democracy.example.gov.uk/mgAi.aspx?ID=1';
  const minute = (body: string) =>
    `<html><body><h1 class="mgMainTitleTxt">Agenda item</h1><h2 class="mgSubTitleTxt">Ofsted inspection outcome</h2><h3>Minutes:</h3><div class="mgWordPara">${body}</div></body></html>`;

  test.each([
    [
      '"·" bullets pasted from Word, as modern.gov minutes carry them (the list’s "; " dropped, the last item’s full stop kept)',
      `<p>Ofsted had identified the following areas for improvement:</p>${AREAS.map((a, i) => `<p class="MsoNormal">·\u00a0\u00a0\u00a0\u00a0 ${a}${i < AREAS.length - 1 ? ';' : '.'}</p>`).join('')}<p>RESOLVED: That the report be noted.</p>`,
      [...AREAS.slice(0, 2), `${AREAS[2]}.`],
    ],
    ['a list after "what needs to improve"', `<p>The report set out what needs to improve, as Ofsted wrote it:</p><ul>${AREAS.map((a) => `<li>${a}</li>`).join('')}</ul><p>Members asked about caseloads.</p>`, AREAS],
    ['bullets on the lines of one paragraph', `<p>The inspection found the following areas that required improvement:<br>• ${AREAS.join(';<br>• ')}; and</p>`, AREAS],
  ])('reads %s', (_form, body, expected) => {
    const metadata = extractPageMetadata(parse(minute(body), MINUTE_URL), MINUTE_URL);
    expect(metadata.areas_for_improvement).toEqual(expected);
    expect(metadata.areas_for_improvement_origin).toBe('council_copy_of_ofsted_list');
  });

  it('does not take any bulleted list for Ofsted’s (what cabinet "noted that:")', () => {
    const metadata = extractPageMetadata(parse(minute(`<p>Cabinet members noted that:</p><p class="MsoNormal">·\u00a0\u00a0 An accessible version of the plan would be produced;</p>`), MINUTE_URL), MINUTE_URL);
    expect(metadata.areas_for_improvement).toEqual([]);
  });
});

describe("the inspection's dates as council papers write them", () => {
  test.each([
    ['Ofsted inspected the council’s children’s services from 2 to 13 October 2021.', 'from 2 to 13 October 2021', '2021-10-02', '2021-10-13'],
    ['The ILACS inspection took place between 23 September and 4 October 2019.', 'between 23 September and 4 October 2019', '2019-09-23', '2019-10-04'],
    ['The ILACS inspection of children’s services took place in October 2021.', 'in October 2021', null, null],
  ])('reads "%s"', (sentence, written, start, end) => {
    const metadata = extractPageMetadata(parse(councilReport(`<p>${sentence}</p>`), REPORT_URL), REPORT_URL);
    expect(metadata.ofsted_activity).toMatchObject({ type: 'ILACS inspection', dates_as_written: written, start, end });
  });

  it('does not take a monitoring visit’s month for the inspection’s', () => {
    const metadata = extractPageMetadata(parse(councilReport('<p>A monitoring visit took place in March 2022.</p>'), REPORT_URL), REPORT_URL);
    expect(metadata.ofsted_activity).toBeNull();
  });
});

describe('what makes a page a council report', () => {
  const page = (body: string) => parse(`<html><body><main><h1>Ofsted and us</h1>${body}</main></body></html>`, REPORT_URL);
  test.each([
    ['the sections of a council report template', '<h2>1. Purpose of the report</h2><p>To update members.</p><h2>2. Background</h2><p>Ofsted inspected the service.</p>'],
    ['a "Report of:" line', '<p>Report of: Director of Children’s Services</p>'],
    ['a "Date of meeting:" line', '<p>Date of meeting: 14 March 2019</p>'],
    ['the meeting in capitals on one line', "<p>CHILDREN'S SERVICES SCRUTINY COMMITTEE 14 MARCH 2019</p>"],
  ])('recognises %s', (_form, body) => {
    expect(extractPageMetadata(page(body), REPORT_URL).document_type).toBe('committee_report');
  });

  it('does not take any page with an introduction and a conclusion for one', () => {
    const metadata = extractPageMetadata(page('<h2>Introduction</h2><p>Ofsted visited.</p><h2>Conclusion</h2><p>It went well.</p>'), REPORT_URL);
    expect(metadata.document_type).toBe('web_page');
  });
});

describe('council papers that append Ofsted’s letter', () => {
  it('reads the council’s report first and Ofsted’s table and list from the appended letter', () => {
    const r = RENDERINGS.find((f) => f.file === 'sthelens-cabinet-2020-02-26-council-page.html')!.actual;
    expect(r).toMatchObject({ document_type: 'committee_report', committee: 'Cabinet', publisher: 'St Helens Council' });
    expect(r.judgement_table).toHaveLength(4);
    expect(r.areas_for_improvement).toHaveLength(8);
    expect(r.ofsted_activity?.lead_inspector).toBe('Lorna Schlechte, Her Majesty’s Inspector');
  });

  it('still reads Ofsted’s own report, which has no council front sheet, as Ofsted’s', () => {
    const url = 'https://files.ofsted.gov.uk/v1/file/50130434.html';
    const html = readFileSync(fileURLToPath(new URL('../fixtures/ofsted-ilacs-st-helens-2019-text.html', import.meta.url)), 'utf8');
    expect(extractPageMetadata(parse(html, url), url).document_type).toBe('ofsted_ilacs_inspection_report');
  });
});

describe('where each field came from', () => {
  const sourcesOf = (file: string) => {
    const r = RENDERINGS.find((f) => f.file === file)!;
    return extractPageWithSources(parse(readFileSync(`${DIR}${file}`, 'utf8'), r.url), r.url).fields;
  };

  it('names the heading and the date line of a modern.gov meeting page, and the gazetteer for its council', () => {
    expect(sourcesOf('herefordshire-cabinet-2022-12-15-meeting-page.html')).toMatchObject({
      committee: { from: 'the page’s heading', confidence: 'high' },
      meeting_date: { from: 'the date line under the heading', confidence: 'high' },
      publisher: { from: 'the URL’s host (gazetteer)', confidence: 'medium' },
      subject_local_authority: { from: 'the URL’s host (gazetteer)', confidence: 'medium' },
    });
  });

  it('names the "Meeting:" line of an issue page', () => {
    expect(sourcesOf('herefordshire-cabinet-2022-12-15-issue-page.html')).toMatchObject({
      committee: { from: 'the "Meeting:" line', confidence: 'high' },
      agenda_item: { from: 'the "Meeting:" line', confidence: 'high' },
    });
  });

  it('names the front sheet’s lines of a council page, and the table pasted as text', () => {
    expect(sourcesOf('sthelens-cabinet-2020-02-26-council-page.html')).toMatchObject({
      committee: { from: 'the front sheet’s committee and date lines', confidence: 'medium' },
      publisher: { from: 'the site banner', confidence: 'high' },
      judgement_table: { confidence: 'high' },
      report_authors: { from: 'the front sheet’s author row', confidence: 'high' },
    });
  });

  it('names the front sheet’s first line of a Word PDF ("HEALTH AND WELLBEING BOARD 20 JUNE 2019")', async () => {
    const r = RENDERINGS.find((f) => f.file === 'wsx-hwb-2019-06-20-word.pdf')!;
    const text = readPdfBlockText(readPdfLines(await readPdfPages(r.file), 4));
    expect(extractCouncilPdfWithSources(text, null, r.url).fields).toMatchObject({
      committee: { from: 'the front sheet’s first line', confidence: 'medium' },
      meeting_date: { from: 'the front sheet’s first line', confidence: 'medium' },
      publisher: { from: 'the URL’s host (gazetteer)', confidence: 'medium' },
      report_authors: { from: 'the Report by line', confidence: 'high' },
    });
  });
});

describe('a council report PDF with Ofsted’s letter appended after its own pages', () => {
  test.each(['sthelens-cabinet-2020-02-26-council-page-print.pdf', 'sthelens-cabinet-2020-02-26-word.pdf'])(
    'reads the letter’s judgement table, list and lead inspector when given every page: %s',
    async (file) => {
      const r = RENDERINGS.find((f) => f.file === file)!;
      const pages = await readPdfPages(file);
      const front = readPdfBlockText(readPdfLines(pages, 4));
      const whole = readPdfBlockText(readPdfLines(pages, pages.length));
      const { metadata, fields } = extractCouncilPdfWithSources(front, null, r.url, whole);
      expect(metadata.judgement_table).toEqual(r.expected['judgement_table']);
      expect(metadata.areas_for_improvement).toEqual(r.expected['areas_for_improvement']);
      expect(metadata.ofsted_activity).toEqual(r.expected['ofsted_activity']);
      expect(metadata.committee).toBe('Cabinet'); // the report's own front sheet, not the appendix
      expect(fields.judgement_table?.from).toMatch(/in an appendix/);
    },
  );
});
