import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it, test } from 'vitest';
import { pageLinesOf } from '../../shared/anchoring/pdf-types';
import {
  applyLinkContext,
  type LinkContext,
  LinkContextSchema,
  readLinkContext,
} from '../../shared/extract/link-context';
import { extractPageMetadata } from '../../shared/extract/index';
import { extractPdfMetadata, type PdfPageLines } from '../../shared/extract/pdf';
import { readPdfLines } from '../../shared/extract/pdf/pdf-lines';
import { emptyPageMetadata, PageMetadata } from '../../shared/schema/page-metadata';
import { coreCases, coreMisses, describeGaps, type KnownGap, scoreTable, type Sidecar } from '../lib/sidecar-fields';

/**
 * PDF metadata is checked against the fixture sidecars field by field, as
 * extract.test.ts checks HTML pages: first from the PDF alone, then with the context of the page that
 * links to it (the Ofsted provider page gives the publication date the report does not print).
 */

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
const PROVIDER_PAGE_URL = 'https://reports.ofsted.gov.uk/provider/44/80560';
const ISSUE_PAGE_URL = 'https://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387&Opt=3';

/** Where each PDF would be opened from: Ofsted's file store, and a modern.gov documents folder. */
const PDF_URLS: Record<string, string> = {
  'ofsted-ilacs-st-helens-2019': 'https://files.ofsted.gov.uk/v1/file/50130434',
  'sthelens-cabinet-2020-02-26-report-print':
    'https://moderngov.sthelens.gov.uk/documents/s12345/Ofsted%20Action%20Plan.pdf',
};

type TextContentOptions = Parameters<pdfjs.PDFPageProxy['getTextContent']>[0];

/** Each page's lines as the viewer gives them to the extractor (extension/viewer/pdf-text.ts). */
async function readPdfPages(file: string, options?: TextContentOptions): Promise<PdfPageLines[]> {
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(`${FIXTURE_DIR}${file}`)) });
  const doc = await task.promise;
  const pages: PdfPageLines[] = [];
  for (let page = 1; page <= doc.numPages; page++) {
    const items = (await (await doc.getPage(page)).getTextContent(options)).items.filter((i) => 'str' in i);
    pages.push({ page, lines: pageLinesOf(items) });
  }
  await task.destroy();
  return pages;
}

function parse(file: string, url: string): Document {
  return new JSDOM(readFileSync(`${FIXTURE_DIR}${file}`, 'utf8'), { url }).window.document;
}

interface Fixture {
  name: string;
  url: string;
  pages: PdfPageLines[];
  expected: Sidecar;
  actual: PageMetadata;
}

const FIXTURES: Fixture[] = await Promise.all(
  Object.entries(PDF_URLS).map(async ([name, url]) => {
    const pages = await readPdfPages(`${name}.pdf`);
    const expected = JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.expected.json`, 'utf8')) as Sidecar;
    return { name, url, pages, expected, actual: extractPdfMetadata(pages, url) };
  }),
);
const fixture = (name: string): Fixture => FIXTURES.find((f) => f.name === name)!;

// The provider page's link to this report ("Children's services inspection, pdf - 04 November 2019").
const OFSTED_LINK_HREF = 'ofsted-ilacs-st-helens-2019.pdf';
const providerPage = parse('ofsted-provider-80560-st-helens.html', PROVIDER_PAGE_URL);
const providerContext = readLinkContext(providerPage, PROVIDER_PAGE_URL, OFSTED_LINK_HREF);

/** The same fixtures with the linking page's context applied where the fixtures include that page. */
const LINK_CONTEXTS: Record<string, LinkContext | null> = {
  'ofsted-ilacs-st-helens-2019': providerContext,
  'sthelens-cabinet-2020-02-26-report-print': null, // the modern.gov page linking to it is not a fixture
};
const WITH_CONTEXT: Fixture[] = FIXTURES.map((f) => {
  const context = LINK_CONTEXTS[f.name];
  return { ...f, actual: context ? applyLinkContext(f.actual, context) : f.actual };
});

// --- the compared fields: tests/lib/sidecar-fields.ts -------------------------------------------

/** Core values the PDF does not print, so the extractor must return null rather than guess. */
const KNOWN_GAPS: KnownGap[] = [
  {
    fixture: 'ofsted-ilacs-st-helens-2019',
    field: 'publication_date',
    reason:
      'Ofsted does not print the publication date in the report; 2019-11-04 is on the provider ' +
      "page's link, applied below as link context.",
  },
  {
    fixture: 'ofsted-ilacs-st-helens-2019',
    field: 'ofsted_activity.report_published',
    reason: 'Same date as publication_date: on the listing page, not in the report.',
  },
];
/** With the linking page's context applied, the PDF has no gap left. */
const KNOWN_GAPS_WITH_CONTEXT: KnownGap[] = [];

const SCENARIOS = [
  { scenario: 'the PDF alone', fixtures: FIXTURES, gaps: KNOWN_GAPS },
  { scenario: "the PDF with its linking page's context", fixtures: WITH_CONTEXT, gaps: KNOWN_GAPS_WITH_CONTEXT },
];

// --- fixtures ------------------------------------------------------------------------------------

describe.each(SCENARIOS)('extractPdfMetadata on the fixture PDFs: $scenario', ({ scenario, fixtures, gaps }) => {
  it.each(fixtures)('returns metadata the PageMetadata schema accepts: $name', ({ actual }) => {
    expect(PageMetadata.safeParse(actual).error).toBeUndefined();
  });

  it.each(coreCases(fixtures, gaps))('reads $field as a careful human does: $fixture', ({ actual, expected, gap }) => {
    if (gap) expect(actual, 'a known gap is null, not a guess').toBeNull();
    else expect(actual).toEqual(expected);
  });

  it('scores every compared field against the sidecars (table printed)', () => {
    console.log(`PDF metadata extraction, per field (${fixtures.length} PDF fixtures, ${scenario})\n${scoreTable(fixtures)}`);
    if (gaps.length > 0) console.log(describeGaps(gaps));
    expect(coreMisses(fixtures, gaps)).toEqual([]);
  });
});

it.each(FIXTURES)('reads the same whether pdf.js normalises the text or not (ligatures such as "ﬁ"): $name', async (f) => {
  // The pdf.js viewer's text layer asks for marked content and unnormalised text.
  const pages = await readPdfPages(`${f.name}.pdf`, { includeMarkedContent: true, disableNormalization: true });
  expect(extractPdfMetadata(pages, f.url)).toEqual(f.actual);
});

describe('the Ofsted ILACS report PDF', () => {
  const report = fixture('ofsted-ilacs-st-helens-2019').actual;

  it('reads the judgement table whose rows pdf.js splits over lines ("Requires improvement" / "to be good")', () => {
    expect(report.judgement_table?.map((r) => [r.area, r.grade_key])).toEqual([
      ['The impact of leaders on social work practice with children and families', 'requires_improvement_to_be_good'],
      ['The experiences and progress of children who need help and protection', 'requires_improvement_to_be_good'],
      ['The experiences and progress of children in care and care leavers', 'inadequate'], // "care leavers Inadequate"
      ['Overall effectiveness', 'inadequate'],
    ]);
  });

  it('reads the "What needs to improve" bullets verbatim, glyphs dropped and wrapped lines joined', () => {
    expect(report.areas_for_improvement).toHaveLength(8);
    expect(report.areas_for_improvement.some((item) => /[◼\n]/.test(item))).toBe(false);
    expect(report.areas_for_improvement[5]).toBe(
      'Independent Reviewing Officers’ (IROs’) challenge in relation to the quality of permanence planning, to ensure that more robust oversight drives practice effectiveness.',
    );
  });

  it('takes the council from the wrapped lines above the title, and the role from the line under the lead inspector', () => {
    expect(report.subject_local_authority).toBe('St Helens Metropolitan Borough Council');
    expect(report.ofsted_activity?.lead_inspector).toBe('Lorna Schlechte, Her Majesty’s Inspector');
  });

  it('leaves the publication date null: the report does not print it', () => {
    expect(report.publication_date).toBeNull();
    expect(report.ofsted_activity?.report_published).toBeNull();
  });

  it('closes that gap with the provider page link: 2019-11-04', () => {
    const withContext = applyLinkContext(report, providerContext!);
    expect(withContext.publication_date).toBe('2019-11-04');
    expect(withContext.ofsted_activity?.report_published).toBe('2019-11-04');
    expect({ ...withContext, publication_date: null, ofsted_activity: report.ofsted_activity }).toEqual(report);
  });
});

describe('the council report PDF', () => {
  const report = fixture('sthelens-cabinet-2020-02-26-report-print').actual;

  it('reads the council, committee and meeting date from the front sheet ("St. Helens Council", "CABINET")', () => {
    expect(report).toMatchObject({
      publisher: 'St Helens Council',
      publisher_kind: 'local_authority',
      committee: 'Cabinet',
      meeting_date: '2020-02-26',
      platform: 'modern.gov',
    });
  });

  it('joins the title wrapped over three lines, ending it at the front sheet’s first row', () => {
    expect(report.title).toBe("Ofsted Inspection of Local Authority Children's Services – Outcome Letter & Action Plan");
  });

  it('reads the author from the "Accountable Employee" row and the post printed under it', () => {
    expect(report.report_authors).toEqual(["Sarah O'Brien, Executive Director – People's Services (Accountable Employee)"]);
  });

  it('reads the prose as the HTML rendering of the same report is read, by the same readers', () => {
    const url = 'https://moderngov.sthelens.gov.uk/documents/s12345/Report.html';
    const fromHtml = extractPageMetadata(parse('sthelens-cabinet-2020-02-26-ilacs-outcome-letter-action-plan.html', url), url);
    for (const key of ['ofsted_activity', 'judgements_in_text', 'recommendations_to_meeting', 'report_authors'] as const) {
      expect(report[key], key).toEqual(fromHtml[key]);
    }
  });
});

// --- constructed PDFs (lines as pdf.js gives them) -----------------------------------------------

const page = (n: number, ...lines: string[]): PdfPageLines => ({ page: n, lines: `${lines.join('\n')}\n` });
// Running text wraps at the full measure (about 85 characters); headings and last lines fall short.
const BODY = 'The inspectors reviewed the progress made in the areas of concern identified at the last';
const PARAGRAPH = [
  'Inspectors considered the progress made since the last inspection, evaluating the quality',
  'of decision-making for children at the front door and the timeliness of assessments and',
  'plans for children in need of help and protection.',
];

describe('constructed PDFs', () => {
  it('recognises a monitoring-visit letter by its wording and reads the sign-off on a later page', () => {
    // Wording as Ofsted writes's letters; not a captured letter.
    const pages = [
      page(1, '12 June 2020', 'Monitoring visit to Example children’s services',
        'This letter summarises the findings of the monitoring visit to Example children’s',
        'services on 4 and 5 March 2020.', 'Areas covered by the visit', `${BODY} inspection.`),
      page(2, 'Yours sincerely', 'Jane Doe', 'Her Majesty’s Inspector'),
    ];
    expect(extractPdfMetadata(pages, 'https://files.ofsted.gov.uk/v1/file/50000001')).toMatchObject({
      document_type: 'ofsted_monitoring_visit_letter',
      publisher: 'Ofsted',
      title: 'Monitoring visit to Example children’s services',
      subject_local_authority: 'Example',
      publication_date: null, // the letter's date is not Ofsted's publication date
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

  it('does not take a council report for Ofsted’s when the Ofsted letter is appended after page 1', () => {
    const pages = [
      page(1, 'Example Borough Council', 'Report to: Cabinet', 'Date of meeting: 12 March 2020',
        'Ofsted monitoring visit update', 'Report by the Director of Children’s Services', ...PARAGRAPH),
      page(2, 'Inspection of Example local authority children’s services', 'Inspection dates: 2 to 13 March 2020',
        ...PARAGRAPH),
    ];
    expect(extractPdfMetadata(pages, 'https://democracy.example.gov.uk/documents/s1/Update.pdf')).toMatchObject({
      document_type: 'committee_report',
      title: 'Ofsted monitoring visit update',
      publisher: 'Example Borough Council',
      committee: 'Cabinet',
      meeting_date: '2020-03-12',
      report_authors: ["Director of Children’s Services"],
    });
  });

  it('drops page numbers and running footers, which would otherwise split the paragraphs crossing a page break', () => {
    const footer = (n: number) => `Children’s Improvement Board – 14 May 2021 – page ${n} of 3`;
    const ends = ['in need of help and protection.', 'in care.', 'leaving care.'];
    const body = (n: number) => [`${n}. Section ${['one', 'two', 'three'][n - 1]}`, ...PARAGRAPH.slice(0, 2), `plans for children ${ends[n - 1]}`];
    const pages = [1, 2, 3].map((n) => page(n, String(n), ...body(n), footer(n)));
    expect(readPdfLines(pages, 3).map((l) => l.text)).toEqual([1, 2, 3].flatMap(body));
  });

  it('gives an unrecognised PDF its publisher by host and nulls elsewhere', () => {
    const pages = [page(1, 'Annual report 2020', `${BODY} year.`)];
    expect(extractPdfMetadata(pages, 'https://files.ofsted.gov.uk/v1/file/1')).toEqual({
      ...emptyPageMetadata(),
      publisher: 'Ofsted',
      publisher_kind: 'inspectorate',
      platform: 'files.ofsted.gov.uk',
      page_type: 'pdf_document',
      title: 'Annual report 2020',
    });
  });
});

// --- link context --------------------------------------------------------------------------------

describe('readLinkContext', () => {
  it('reads report type, publication date and provider from an Ofsted provider page link', () => {
    expect(providerContext).toEqual({
      kind: 'ofsted-provider',
      reportType: "Children's services inspection",
      publicationDate: '2019-11-04',
      providerName: 'St Helens Metropolitan Borough Council',
      sourcePage: PROVIDER_PAGE_URL,
    });
    expect(LinkContextSchema.parse(providerContext)).toEqual(providerContext);
  });

  it('finds the link given absolute, as the browser reports it', () => {
    const absolute = 'https://reports.ofsted.gov.uk/provider/44/ofsted-ilacs-st-helens-2019.pdf';
    expect(readLinkContext(providerPage, PROVIDER_PAGE_URL, absolute)).toEqual(providerContext);
    expect(readLinkContext(providerPage, PROVIDER_PAGE_URL, 'https://files.ofsted.gov.uk/v1/file/50227184')).toMatchObject({
      publicationDate: '2023-09-04',
    });
  });

  it('reads committee, meeting date and item of a modern.gov issue page document link', () => {
    const doc = parse('moderngov-herefordshire-cabinet-2022-12-15-issue-improvement-action-plan.html', ISSUE_PAGE_URL);
    const href = doc.querySelector('a.mgAiTitleLnk')!.getAttribute('href')!;
    const context = readLinkContext(doc, ISSUE_PAGE_URL, href);
    expect(context).toEqual({
      kind: 'moderngov',
      committee: 'Cabinet',
      meetingDate: '2022-12-15',
      agendaItem: '181',
      linkText: 'Children’s Improvement Action Plan', // "PDF 468 KB" dropped
      sourcePage: ISSUE_PAGE_URL,
    });
    expect(LinkContextSchema.safeParse(context).success).toBe(true);
  });

  it.each([
    ['a link the page does not have', 'ofsted-provider-80560-st-helens.html', PROVIDER_PAGE_URL, 'https://example.org/other.pdf'],
    ['a page that is neither a provider page nor modern.gov', 'ofsted-ilacs-st-helens-2019-text.html', 'https://www.example.org/a', '#x'],
  ])('returns null for %s', (_case, file, url, href) => {
    expect(readLinkContext(parse(file, url), url, href)).toBeNull();
  });
});

describe('LinkContextSchema', () => {
  test.each([
    ['an unknown kind', { kind: 'cmis', sourcePage: PROVIDER_PAGE_URL }],
    ['an unknown key', { ...providerContext, extra: 1 }],
    ['a date that is not ISO', { ...providerContext, publicationDate: '04 November 2019' }],
    ['a source page that is not a URL', { ...providerContext, sourcePage: 'provider page' }],
  ])('rejects %s', (_case, value) => {
    expect(LinkContextSchema.safeParse(value).success).toBe(false);
  });
});

describe('applyLinkContext', () => {
  const provider = (publicationDate: string | null, reportType = "Children's services inspection"): LinkContext => ({
    kind: 'ofsted-provider',
    reportType,
    publicationDate,
    providerName: 'St Helens Metropolitan Borough Council',
    sourcePage: PROVIDER_PAGE_URL,
  });
  const moderngov = (committee: string | null, meetingDate: string | null, agendaItem: string | null): LinkContext => ({
    kind: 'moderngov',
    committee,
    meetingDate,
    agendaItem,
    linkText: 'Report',
    sourcePage: ISSUE_PAGE_URL,
  });
  const activity = (report_published: string | null) => ({
    type: 'ILACS standard inspection',
    dates_as_written: null,
    start: null,
    end: null,
    report_published,
    lead_inspector: null,
  });
  const ofstedReport: Partial<PageMetadata> = {
    publisher: 'Ofsted',
    publisher_kind: 'inspectorate',
    document_type: 'ofsted_ilacs_inspection_report',
  };

  test.each<[string, Partial<PageMetadata>, LinkContext, Partial<PageMetadata>]>([
    [
      'fills the publication date the report leaves null',
      { ...ofstedReport, ofsted_activity: activity(null) },
      provider('2019-11-04'),
      { publication_date: '2019-11-04', ofsted_activity: activity('2019-11-04') },
    ],
    [
      'keeps a publication date the document prints',
      { ...ofstedReport, publication_date: '2019-11-05', ofsted_activity: activity('2019-11-06') },
      provider('2019-11-04'),
      { publication_date: '2019-11-05', ofsted_activity: activity('2019-11-06') },
    ],
    [
      'types an unrecognised PDF by the listing, and names its council',
      {},
      provider('2019-11-04'),
      {
        publisher: 'Ofsted',
        document_type: 'ofsted_ilacs_inspection_report',
        subject_local_authority: 'St Helens Metropolitan Borough Council',
        publication_date: '2019-11-04',
        ofsted_activity: { ...activity('2019-11-04'), type: 'ILACS inspection' },
      },
    ],
    [
      'keeps the document’s own council and type',
      { ...ofstedReport, document_type: 'ofsted_monitoring_visit_letter', subject_local_authority: 'St Helens' },
      provider(null, 'Children’s services focused visit'),
      { document_type: 'ofsted_monitoring_visit_letter', subject_local_authority: 'St Helens', ofsted_activity: null },
    ],
    [
      'fills committee, meeting date and item a report PDF leaves null',
      {},
      moderngov('Cabinet', '2022-12-15', '181'),
      { platform: 'modern.gov', committee: 'Cabinet', meeting_date: '2022-12-15', agenda_item: '181' },
    ],
    [
      'adds the date and item of the meeting the report names (committee in other case)',
      { committee: 'Cabinet' },
      moderngov('CABINET', '2022-12-15', '181'),
      { committee: 'Cabinet', meeting_date: '2022-12-15', agenda_item: '181' },
    ],
    [
      'takes nothing from another committee’s meeting',
      { committee: 'Cabinet' },
      moderngov('Children and Young People Scrutiny Committee', '2022-11-28', '7'),
      { committee: 'Cabinet', meeting_date: null, agenda_item: null },
    ],
    [
      'takes nothing from another date’s meeting',
      { committee: 'Cabinet', meeting_date: '2020-02-26' },
      moderngov('Cabinet', '2022-12-15', '181'),
      { committee: 'Cabinet', meeting_date: '2020-02-26', agenda_item: null },
    ],
    [
      'keeps an agenda item the document prints',
      { agenda_item: '8' },
      moderngov('Cabinet', '2022-12-15', '181'),
      { committee: 'Cabinet', meeting_date: '2022-12-15', agenda_item: '8' },
    ],
  ])('%s', (_case, before, context, expected) => {
    const metadata = { ...emptyPageMetadata(), ...before };
    const after = applyLinkContext(metadata, context);
    expect(after).toMatchObject(expected);
    expect(PageMetadata.safeParse(after).error).toBeUndefined();
    // Never overwrites: every value the document gave is still there.
    for (const [key, value] of Object.entries(before)) {
      if (key === 'ofsted_activity' && value) {
        for (const [sub, subValue] of Object.entries(value)) {
          if (subValue !== null) expect(after.ofsted_activity?.[sub as keyof typeof value], sub).toEqual(subValue);
        }
      } else if (value !== null && value !== 'web_page') expect(after[key as keyof PageMetadata], key).toEqual(value);
    }
  });

  it('never changes a document type the document itself established', () => {
    const letter = { ...emptyPageMetadata(), document_type: 'ofsted_focused_visit_letter' as const };
    expect(applyLinkContext(letter, provider('2019-11-04')).document_type).toBe('ofsted_focused_visit_letter');
  });

  it('does not invent an Ofsted activity for report types that are not about a council', () => {
    const after = applyLinkContext(emptyPageMetadata(), provider('2019-11-04', 'Inspection report'));
    expect(after).toMatchObject({ document_type: 'web_page', ofsted_activity: null, publication_date: '2019-11-04' });
  });
});
