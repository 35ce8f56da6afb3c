import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { describe, expect, it, test } from 'vitest';
import { extractPageMetadata } from '../../shared/extract/index';
import { parseDateAndTime, parseDateRange, parseUkDate } from '../../shared/extract/dates';
import { emptyPageMetadata, PageMetadata } from '../../shared/schema/page-metadata';
import { coreCases, coreMisses, describeGaps, type KnownGap, scoreTable, type Sidecar } from '../lib/sidecar-fields';

/**
 * Extraction is checked against the fixture sidecars (`*.expected.json`: what a careful human
 * reads off each document; see tests/fixtures/README.md), field by field.
 */

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/**
 * The address each fixture page would have. The sidecar's own URL where it is the page's
 * (Herefordshire issue page, Ofsted provider page); otherwise a plausible address on the
 * publisher's site. The extractor may use hostnames as hints, nothing more.
 */
const FIXTURE_URLS: Record<string, string> = {
  'moderngov-herefordshire-cabinet-2022-12-15-issue-improvement-action-plan':
    'https://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387&Opt=3',
  'ofsted-ilacs-st-helens-2019-text': 'https://files.ofsted.gov.uk/v1/file/50130434.html',
  'ofsted-provider-80560-st-helens': 'https://reports.ofsted.gov.uk/provider/44/80560',
  'sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan':
    'https://moderngov.sthelens.gov.uk/documents/s12345/Ofsted-ILACS-Outcome-Letter-and-Action-Plan.html',
  'wsx-cyps-select-2019-05-15-ofsted-inspection':
    'https://democracy.westsussex.gov.uk/documents/s12345/Ofsted-Inspection.html',
  'wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan':
    'https://democracy.westsussex.gov.uk/documents/s12346/Ofsted-Judgement-Improvement-Plan.html',
};

interface Fixture {
  name: string;
  url: string;
  html: string;
  expected: Sidecar;
  actual: PageMetadata;
}

function parse(html: string, url: string): Document {
  return new JSDOM(html, { url }).window.document;
}

function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.html'))
    .sort()
    .map((file) => {
      const name = file.replace(/\.html$/, '');
      const url = FIXTURE_URLS[name];
      if (!url) throw new Error(`extract.test: fixture ${file} has no page URL in FIXTURE_URLS`);
      const html = readFileSync(`${FIXTURE_DIR}${file}`, 'utf8');
      const expected = JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.expected.json`, 'utf8')) as Sidecar;
      return { name, url, html, expected, actual: extractPageMetadata(parse(html, url), url) };
    });
}

const FIXTURES = loadFixtures();
const fixture = (name: string): Fixture => FIXTURES.find((f) => f.name === name)!;

// --- the compared fields: tests/lib/sidecar-fields.ts -------------------------------------------

/**
 * Core values the page itself does not show, so the extractor must return null rather than guess.
 * Keep this as short as honestly possible.
 */
const KNOWN_GAPS: KnownGap[] = [
  {
    fixture: 'ofsted-ilacs-st-helens-2019-text',
    field: 'publication_date',
    reason:
      'Ofsted does not print the publication date in the report; 2019-11-04 comes from the listing page ' +
      '(and sits in this fixture only inside an HTML comment, which is never read).',
  },
  {
    fixture: 'ofsted-ilacs-st-helens-2019-text',
    field: 'ofsted_activity.report_published',
    reason: 'Same date as publication_date: on the listing page, not in the report.',
  },
];

const CORE_CASES = coreCases(FIXTURES, KNOWN_GAPS);

// --- fixtures ------------------------------------------------------------------------------------

describe('extractPageMetadata on the real-document fixtures', () => {
  it('has a sidecar and a page URL for every HTML fixture', () => {
    expect(FIXTURES.map((f) => f.name).sort()).toEqual(Object.keys(FIXTURE_URLS).sort());
  });

  it.each(FIXTURES)('returns metadata the PageMetadata schema accepts: $name', ({ actual }) => {
    expect(PageMetadata.safeParse(actual).error).toBeUndefined();
  });

  it.each(CORE_CASES)('reads $field as a careful human does: $fixture', ({ actual, expected, gap }) => {
    if (gap) expect(actual, 'a known gap is null, not a guess').toBeNull();
    else expect(actual).toEqual(expected);
  });

  it('does not depend on fixture scaffolding: the same result without any fx-* class', () => {
    for (const f of FIXTURES) {
      const bare = f.html.replace(/\sclass="fx-[^"]*"/g, '');
      expect(extractPageMetadata(parse(bare, f.url), f.url), f.name).toEqual(f.actual);
    }
  });

  it('scores every compared field against the sidecars (table printed)', () => {
    console.log(`Page metadata extraction, per field (${FIXTURES.length} HTML fixtures)\n${scoreTable(FIXTURES)}`);
    console.log(describeGaps(KNOWN_GAPS));
    expect(coreMisses(FIXTURES, KNOWN_GAPS)).toEqual([]);
  });
});

describe('Ofsted pages', () => {
  const report = fixture('ofsted-ilacs-st-helens-2019-text').actual;

  it('reads the judgement table of an Ofsted report with area and grade keys', () => {
    expect(report.judgement_table?.map((r) => [r.area_key, r.grade_key])).toEqual([
      ['impact_of_leaders', 'requires_improvement_to_be_good'],
      ['help_and_protection', 'requires_improvement_to_be_good'],
      ['children_in_care_and_care_leavers', 'inadequate'], // one judgement before 2023
      ['overall_effectiveness', 'inadequate'],
    ]);
    expect(report.judgement_table?.[0]?.area).toBe(
      'The impact of leaders on social work practice with children and families',
    );
  });

  it('reads the areas for improvement verbatim from "What needs to improve"', () => {
    expect(report.areas_for_improvement).toHaveLength(8);
    expect(report.areas_for_improvement[7]).toBe('Corporate support on implementing improvement plans with pace.');
  });

  it('reads inspection dates and lead inspector from the labels on page 1, keeping the <br>-separated role', () => {
    expect(report.ofsted_activity).toMatchObject({
      dates_as_written: '23 September 2019 to 4 October 2019',
      start: '2019-09-23',
      end: '2019-10-04',
      lead_inspector: 'Lorna Schlechte, Her Majesty’s Inspector',
    });
  });

  it('does not read HTML comments: the publication date, printed only in a comment, stays null', () => {
    expect(fixture('ofsted-ilacs-st-helens-2019-text').html).toContain('published 4 November 2019');
    expect(report.publication_date).toBeNull();
    expect(report.ofsted_activity?.report_published).toBeNull();
  });

  it('lists the publications of an Ofsted provider page with type, date and link as written', () => {
    expect(fixture('ofsted-provider-80560-st-helens').actual.publications).toEqual([
      {
        type: "Children's services inspection",
        date: '2023-09-04',
        url: 'https://files.ofsted.gov.uk/v1/file/50227184',
      },
      { type: "Children's services inspection", date: '2019-11-04', url: 'ofsted-ilacs-st-helens-2019.pdf' },
      { type: "Children's services inspection", date: '2015-01-20', url: null }, // "#…" leads nowhere
    ]);
  });

  it('recognises a monitoring-visit letter by its wording and reads the visit dates and signatory', () => {
    // Constructed from the letter wording Ofsted uses (not a captured page).
    const url = 'https://files.ofsted.gov.uk/v1/file/50000001';
    const html = `<html><body><main>
      <h1>Monitoring visit to Example children’s services</h1>
      <p>This letter summarises the findings of the monitoring visit to Example children’s services on 4 and 5 March 2020.</p>
      <h2>Areas covered by the visit</h2><p>Inspectors reviewed the progress made in permanence planning.</p>
      <p>Yours sincerely</p><p>Jane Doe<br>Her Majesty’s Inspector</p></main></body></html>`;
    const letter = extractPageMetadata(parse(html, url), url);
    expect(letter).toMatchObject({
      document_type: 'ofsted_monitoring_visit_letter',
      publisher: 'Ofsted',
      subject_local_authority: 'Example',
      judgement_table: null,
      ofsted_activity: {
        type: 'ILACS monitoring visit',
        dates_as_written: '4 and 5 March 2020',
        start: '2020-03-04',
        end: '2020-03-05',
        lead_inspector: 'Jane Doe, Her Majesty’s Inspector',
      },
    });
  });
});

describe('council papers', () => {
  it('reads committee, meeting date and item from a modern.gov "Meeting:" line', () => {
    expect(fixture('moderngov-herefordshire-cabinet-2022-12-15-issue-improvement-action-plan').actual).toMatchObject({
      document_type: 'minutes',
      platform: 'modern.gov',
      title: 'Ofsted Improvement Action Plan',
      committee: 'Cabinet',
      meeting_date: '2022-12-15',
      agenda_item: '181',
    });
  });

  it('reads the committee (in its usual case) and meeting date from the heading block of a report', () => {
    expect(fixture('sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan').actual).toMatchObject({
      committee: 'Cabinet', // printed "CABINET"
      meeting_date: '2020-02-26',
      title: "Ofsted Inspection of Local Authority Children's Services – Outcome Letter & Action Plan",
    });
  });

  it.each([
    ['"Report to:" and "Date:"', '<p>Report to: Cabinet</p><p>Date: 12 March 2020</p>', 'Cabinet', '2020-03-12'],
    ['front-sheet table rows', '<table><tr><th>Committee</th><td>Corporate Parenting Panel</td></tr><tr><th>Date of meeting</th><td>Tuesday 3 March 2020</td></tr></table>', 'Corporate Parenting Panel', '2020-03-03'],
    ['a lone "Date:" (may date the report, not a meeting)', '<p>Date: 12 March 2020</p><p>Report by the Director of Children\'s Services</p>', null, null],
  ])('reads the meeting from front-sheet labels: %s', (_case, front, committee, date) => {
    const url = 'https://www.example.gov.uk/report.html';
    const html = `<html><body><h1>Ofsted monitoring visit update</h1>${front}</body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({ committee, meeting_date: date });
  });

  it('prefers null to a guess: a date in the <title> is not taken for the meeting date', () => {
    const url = 'https://democracy.example.gov.uk/documents/s1/Update.html';
    const html = `<html><head><title>Ofsted update - Cabinet, 26 February 2020</title></head><body>
      <div role="banner"><p>Example Borough Council</p></div>
      <h1>Ofsted update</h1><p>Report by the Director of Children's Services</p></body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({
      document_type: 'committee_report',
      title: 'Ofsted update',
      committee: null,
      meeting_date: null,
      report_authors: ["Director of Children's Services"],
    });
  });

  it('reads inspection dates from council prose, the most precise wording first', () => {
    // The report says "in February 2019" before "between 25th February and 8th March 2019".
    expect(fixture('wsx-cyps-select-2019-05-15-ofsted-inspection').actual.ofsted_activity).toMatchObject({
      dates_as_written: 'between 25th February and 8th March 2019',
      start: '2019-02-25',
      end: '2019-03-08',
    });
  });

  it('gives no start or end day when the prose names only months', () => {
    expect(fixture('wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan').actual.ofsted_activity).toMatchObject({
      dates_as_written: 'February-March 2019',
      start: null,
      end: null,
      report_published: '2019-05-08',
    });
  });

  it("reads a council's summary of Ofsted's areas for improvement verbatim", () => {
    const areas = fixture('wsx-hwb-2019-06-20-ofsted-judgement-improvement-plan').actual.areas_for_improvement;
    expect(areas).toHaveLength(9);
    expect(areas[0]).toBe('social worker recruitment and caseload volumes');
  });

  it('reads grades stated in prose as area and grade keys', () => {
    const judgements = fixture('sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan').actual.judgements_in_text;
    expect(judgements?.map((j) => [j.area_key, j.grade_key, j.grade])).toEqual([
      ['impact_of_leaders', 'requires_improvement_to_be_good', 'Required Improvement'],
      ['help_and_protection', 'requires_improvement_to_be_good', 'Required Improvement'],
      ['children_in_care_and_care_leavers', 'inadequate', 'Inadequate'],
      ['overall_effectiveness', 'inadequate', 'Inadequate'],
    ]);
  });

  it('reads what the meeting is asked to do, keeping a shared verb such as "note"', () => {
    expect(fixture('sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan').actual.recommendations_to_meeting).toEqual([
      "Approve the proposed Action Plan developed in response to the findings of the recent Inspection of Children's Services.",
      "Note: The outcome of the Inspection of Children's Services undertaken by Ofsted during September and October 2019.",
    ]);
  });

  it('ends the items of one "is recommended to:" lead-in where the next lead-in starts', () => {
    const url = 'https://democracy.example.gov.uk/documents/s2/Report.html';
    const html = `<html><body><h1>Ofsted update</h1>
      <p>Cabinet is recommended to:</p><p>1) Approve the plan.</p>
      <p>Cabinet is recommended to note:</p><p>2) The outcome of the inspection.</p></body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({
      committee: 'Cabinet',
      recommendations_to_meeting: ['Approve the plan.', 'Note: The outcome of the inspection.'],
    });
  });

  it('reads committee, date, time and minutes from a modern.gov meeting page', () => {
    // Constructed in modern.gov's markup (h2.mgSubTitleTxt "Committee - date time"), not a captured page.
    const url = 'https://councillors.example.gov.uk/ieListDocuments.aspx?CId=251&MId=8300';
    const html = `<html><head><title>Agenda for Cabinet on Thursday, 15th December, 2022, 2.30 pm - Example Council</title></head>
      <body><div role="banner"><img alt="Example Council logo" src="data:,"></div><div id="modgov">
      <h1>Agenda and minutes</h1><h2 class="mgSubTitleTxt">Cabinet - Thursday, 15th December, 2022 2.30 pm</h2>
      <table class="mgItemTable"><tr><td class="mgItemNumberCell"><p>181.</p></td><td>
      <p class="mgAiTitleTxt">Ofsted Improvement Action Plan</p><p class="mgSubItemTitleTxt">Minutes:</p>
      <div class="mgWordPara"><p>RESOLVED: That the improvement action plan be approved for submission to Ofsted.</p></div>
      </td></tr></table></div></body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({
      publisher: 'Example Council',
      publisher_kind: 'local_authority',
      platform: 'modern.gov',
      document_type: 'minutes',
      committee: 'Cabinet',
      meeting_date: '2022-12-15',
      meeting_time: '14:30',
      agenda_item: null,
      decisions_or_resolutions: ['That the improvement action plan be approved for submission to Ofsted.'],
    });
  });

  it('reads title, meeting and item number from a modern.gov agenda-item page', () => {
    // Constructed in modern.gov's markup, not a captured page.
    const url = 'https://councillors.example.gov.uk/mgAi.aspx?ID=50043387';
    const html = `<html><head><title>Agenda item - Ofsted Improvement Action Plan</title></head><body>
      <h1>Agenda item - Ofsted Improvement Action Plan</h1><h3>Meeting: 15/12/2022 - Cabinet (Item 181)</h3>
      <p class="mgSubItemTitleTxt">Minutes:</p><div class="mgWordPara"><p>Cabinet discussed the plan.</p></div></body></html>`;
    expect(extractPageMetadata(parse(html, url), url)).toMatchObject({
      page_type: 'agenda_item_page',
      document_type: 'minutes',
      title: 'Ofsted Improvement Action Plan',
      committee: 'Cabinet',
      meeting_date: '2022-12-15',
      agenda_item: '181',
    });
  });
});

// --- dates ---------------------------------------------------------------------------------------

describe('UK dates', () => {
  test.each([
    ['Wednesday, 26 February 2020', '2020-02-26'],
    ['15/12/2022', '2022-12-15'],
    ['Thursday, 15th December, 2022', '2022-12-15'],
    ['04 November 2019', '2019-11-04'],
    ['2019-11-04T09:30:00Z', '2019-11-04'],
    ['31 February 2020', null],
    ['February 2019', null],
    ['next Wednesday', null],
  ])('parseUkDate(%j) → %j', (text, iso) => {
    expect(parseUkDate(text)).toBe(iso);
  });

  test.each([
    ['25th February and 8th March 2019', { start: '2019-02-25', end: '2019-03-08' }],
    ['February-March 2019', { start: null, end: null }], // no day: no ISO dates
    ['23 September 2019 to 4 October 2019', { start: '2019-09-23', end: '2019-10-04' }],
    ['from 23 September to 4 October 2019', { start: '2019-09-23', end: '2019-10-04' }],
    ['between 25th February and 8th March 2019', { start: '2019-02-25', end: '2019-03-08' }],
    ['4 and 5 March 2020', { start: '2020-03-04', end: '2020-03-05' }],
    ['16 December to 10 January 2020', { start: '2019-12-16', end: '2020-01-10' }],
    ['the inspection in July 2022', null],
  ])('parseDateRange(%j) → %j', (text, range) => {
    expect(parseDateRange(text)).toEqual(range);
  });

  test.each([
    ['Thursday, 15th December, 2022 2.30 pm', { date: '2022-12-15', time: '14:30' }],
    ['Wednesday, 26 February 2020 at 10.00 am', { date: '2020-02-26', time: '10:00' }],
    ['15 May 2019', { date: '2019-05-15', time: null }],
    ['Cabinet, 15 May 2019', null],
  ])('parseDateAndTime(%j) → %j', (text, when) => {
    expect(parseDateAndTime(text)).toEqual(when);
  });
});

// --- generic fallback ----------------------------------------------------------------------------

describe('generic fallback', () => {
  const URL_ = 'https://www.example.org/news/ofsted-update';

  test.each([
    [
      'citation_* meta tags',
      `<meta name="citation_title" content="Children's services self-evaluation 2021">
       <meta name="citation_publication_date" content="2021/03/15">`,
      { title: "Children's services self-evaluation 2021", publication_date: '2021-03-15' },
    ],
    [
      'Open Graph site name',
      `<meta property="og:site_name" content="Example County Council"><meta property="og:title" content="Ofsted update">`,
      { publisher: 'Example County Council', publisher_kind: 'local_authority', title: 'Ofsted update' },
    ],
    [
      'JSON-LD datePublished and headline',
      `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
        "headline":"Ofsted praises progress","datePublished":"2020-01-31T10:00:00Z"}</script>`,
      { title: 'Ofsted praises progress', publication_date: '2020-01-31' },
    ],
    [
      '<time datetime> and <title>',
      `<title>Ofsted update</title><body><p>Posted <time datetime="2019-11-04">4 November 2019</time></p></body>`,
      { title: 'Ofsted update', publication_date: '2019-11-04', document_type: 'web_page' },
    ],
  ])('reads %s', (_signal, markup, expected) => {
    const doc = parse(`<!DOCTYPE html><html>${markup}</html>`, URL_);
    expect(extractPageMetadata(doc, URL_)).toMatchObject(expected);
  });

  it('returns nulls for a page that says nothing about itself', () => {
    const doc = parse('<html><body><p>Hello.</p></body></html>', URL_);
    expect(extractPageMetadata(doc, URL_)).toEqual(emptyPageMetadata());
  });

  it('skips malformed JSON-LD instead of failing', () => {
    const doc = parse('<html><head><script type="application/ld+json">{oops</script></head></html>', URL_);
    expect(extractPageMetadata(doc, URL_).publication_date).toBeNull();
  });
});
