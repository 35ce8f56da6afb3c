import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it, test } from 'vitest';
import {
  buildPlanDocument,
  describePlanImportError,
  guessColumnMapping,
  importPlanFile,
  PLAN_COLUMN_HEADERS,
  planToCsv,
  planToJson,
  planToXlsx,
  readPlanJson,
  readPlanTable,
  type PlanDocument,
  type PlanDocumentAction,
  type PlanField,
} from '../../shared/plan-io';
import { ACTION_STATUSES, RAG_VALUES } from '../../shared/schema/action';
import { MAX_WORKBOOK_UNZIPPED_BYTES } from '../../shared/plan-io/check-file';
import { declaredUnzippedBytes } from '../../shared/plan-io/zip-directory';
import { dueText } from '../../shared/plan-io/due-text';
import { formatDate } from '../../shared/labels';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/plans');
const PLAN_NAME = 'St Helens ILACS Action Plan';
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, name))) });
const csvFile = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const fixtureCsv = readFileSync(path.join(FIXTURES, 'ilacs-action-plan.csv'), 'utf8');

function expectOk<T, E>(result: { ok: true; value: T } | { ok: false; error: E }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error, null, 2)}`);
  return result.value;
}

const expectedPlan = expectOk(readPlanJson(readFileSync(path.join(FIXTURES, 'ilacs-action-plan.json'), 'utf8')));
const actionByReference = (plan: PlanDocument, reference: string): PlanDocumentAction =>
  plan.recommendations.flatMap((r) => r.actions).find((a) => a.reference === reference)!;

describe('importing a council plan', () => {
  it.each(['ilacs-action-plan.csv', 'ilacs-action-plan.xlsx'])('reads %s as the plan the JSON fixture holds', async (name) => {
    const plan = expectOk(await importPlanFile(fixture(name), PLAN_NAME));
    expect(plan).toEqual(expectedPlan);
  });

  it('reads the JSON fixture, whose name is its own', async () => {
    expect(expectOk(await importPlanFile(fixture('ilacs-action-plan.json')))).toEqual(expectedPlan);
  });

  it('groups rows by area for improvement, in first-seen order, blanks continuing the row above', () => {
    expect(expectedPlan.recommendations.map((r) => [r.reference, r.ofstedParagraph, r.actions.map((a) => a.reference)])).toEqual([
      ['1', '3', ['1.1', '1.2', '1.3']],
      ['2', '8', ['2.1', '2.2']],
      ['3', '21', ['3.1', '3.2', '3.3']],
      ['4', '36', ['4.1', '4.2']],
      ['5', '51', ['5.1', '5.2', '5.3']],
    ]);
    // Row 9 retypes area 2 with a double space: still area 2, written as first seen.
    expect(expectedPlan.recommendations[1]!.text).toBe(
      'Management oversight and monitoring of services, including in pre-proceedings, to ensure that there is sufficient grip on the quality of practice, to avoid drift and delay for children.',
    );
  });

  it('keeps the action reference "3.2" as written, under recommendation "3"', () => {
    const recommendation = expectedPlan.recommendations.find((r) => r.actions.some((a) => a.reference === '3.2'))!;
    expect(recommendation.reference).toBe('3');
    expect(actionByReference(expectedPlan, '3.2').title).toMatch(/^Consider early permanence/);
  });

  it.each([
    ['1.1', '2020-03-31'], // 31/03/2020
    ['1.3', '2020-04-30'], // 30 April 2020
    ['2.2', '2020-06-30'], // June 2020: by the end of June
    ['3.1', '2020-05-31'], // 2020-05-31
    ['3.3', '2020-07-31'], // 31/7/20
    ['1.2', null], // Ongoing
  ])('reads the due date of action %s as %s', (reference, date) => {
    expect(actionByReference(expectedPlan, reference).dueDate).toBe(date);
  });

  it('keeps "no date" words and columns Evident does not model in extra, by header', () => {
    expect(actionByReference(expectedPlan, '1.2').extra).toEqual({ 'By when': 'Ongoing' });
    expect(actionByReference(expectedPlan, '5.2').extra).toEqual({ 'By when': 'monthly', 'Evidence references': 'Caseload report, January 2020' });
    expect(actionByReference(expectedPlan, '2.2').extra).toEqual({ 'By when': 'June 2020', 'Evidence references': 'Supervision audit, Q1 2020/21' });
  });

  it('keeps a month-only "By when" as written beside the date it sorts by', () => {
    expect(dueText(actionByReference(expectedPlan, '2.2'), formatDate)).toBe('June 2020');
    expect(dueText(actionByReference(expectedPlan, '1.3'), formatDate)).toBe('30 April 2020');
    expect(dueText(actionByReference(expectedPlan, '5.2'), formatDate)).toBe('monthly');
  });

  it('reads RAG initials, lower case and "Complete"', () => {
    expect(['1.1', '1.2', '1.3', '2.1', '3.3'].map((r) => actionByReference(expectedPlan, r).deliveryRag)).toEqual(['green', 'amber', 'blue', 'green', null]);
  });

  /** The fixture re-saved as Excel's other text formats: ";" (European locales), plain "CSV" (Windows-1252), "Unicode Text" (UTF-16, tabs). */
  const resaved = (delimiter: string) => Papa.unparse(Papa.parse<string[]>(fixtureCsv.replace(/^\uFEFF/, '')).data, { delimiter, newline: '\r\n' });
  const windows1252 = (text: string) => new Uint8Array([...text].map((c) => ({ '–': 0x96, '’': 0x92, '£': 0xa3 })[c] ?? c.charCodeAt(0)));
  const utf16le = (text: string) => new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
  it.each([
    ['";"-separated', () => new TextEncoder().encode(resaved(';'))],
    ['Windows-1252', () => windows1252(resaved(','))],
    ['UTF-16 with tabs', () => utf16le(resaved('\t'))],
  ])('reads the fixture saved as %s', async (_format, bytes) => {
    expect(expectOk(await importPlanFile({ name: 'plan.csv', bytes: bytes() }, PLAN_NAME))).toEqual(expectedPlan);
  });

  it('reads "£" and "’" from a Windows-1252 file', async () => {
    const file = { name: 'plan.csv', bytes: windows1252('Area for improvement,Action,Lead\r\nBudgets,Fund the £2m plan’s first year,DCS\r\n') };
    expect(expectOk(await importPlanFile(file)).recommendations[0]!.actions[0]!.title).toBe('Fund the £2m plan’s first year');
  });

  it('numbers XLSX rows as Excel shows them, below the title rows', async () => {
    const table = expectOk(await readPlanTable(fixture('ilacs-action-plan.xlsx')));
    expect(table.headers[0]).toBe('No.');
    expect(table.rows[0]!.rowNumber).toBe(5);
  });

  it('reads what a real workbook unpacks to from its zip directory, before unpacking it', () => {
    const { bytes } = fixture('ilacs-action-plan.xlsx');
    const unpacked = declaredUnzippedBytes(bytes)!;
    expect(unpacked).toBeGreaterThan(bytes.length); // XML compresses
    expect(unpacked).toBeLessThan(MAX_WORKBOOK_UNZIPPED_BYTES);
    expect(declaredUnzippedBytes(new TextEncoder().encode('No.,Action\r\n'))).toBeNull(); // not a zip
  });
});

describe('exporting a plan', () => {
  it('writes the fixed columns, then extra columns, with "Ongoing" back under "By when"', () => {
    const [header, firstRow] = planToCsv(expectedPlan).replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      '"Rec no","Ofsted paragraph","Area for improvement","Action no","Action","Description","Lead officer","By when","Delivery RAG","Impact RAG","How success is measured","Progress","Status","Evidence references"',
    );
    expect(firstRow).toMatch(/^"1","3","The quality of social work assessments[^"]*","1\.1",.*,"2020-03-31","Green","",/);
    expect(planToCsv(expectedPlan)).toContain('"Ongoing","Amber"');
  });

  it('escapes cells that a spreadsheet would run as formulas', () => {
    const plan = structuredClone(expectedPlan);
    plan.recommendations[0]!.actions[0]!.title = '=HYPERLINK("http://evil.example","click")';
    expect(planToCsv(plan)).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('writes an XLSX with a bold, frozen header row', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await planToXlsx(expectedPlan)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).width).toBeGreaterThan(30);
  });
});

// ---- Bad files: each yields no plan and says what is wrong, where. ----

const FIXTURE_HEADER = 'No.,Ofsted para,Ofsted area for improvement,Action,Lead officer,By when,RAG,How success is measured,Evidence references';
/** The fixture with one data row replaced; rows are numbered as in the file (the header is row 4). */
function fixtureWithRow(rowNumber: number, cells: string): string {
  const lines = fixtureCsv.split('\r\n');
  lines[rowNumber - 1] = cells;
  return lines.join('\r\n');
}

/**
 * A real zip holding the given parts: enough to be a .docx to any sniffer. Stored, not compressed,
 * unless `deflate` (then as Office writes them).
 */
function storedZip(parts: Record<string, string>, { deflate = false } = {}): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (data: Uint8Array) => (data.reduce((c, b) => crcTable[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
  const chunks: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
  const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
  let count = 0;
  for (const [name, text] of Object.entries(parts)) {
    const nameBytes = [...new TextEncoder().encode(name)];
    const data = new TextEncoder().encode(text);
    const packed = deflate ? new Uint8Array(deflateRawSync(data)) : data;
    const method = deflate ? 8 : 0;
    const meta = [...u16(0), ...u16(method), ...u16(0), ...u16(0), ...u32(crc32(data)), ...u32(packed.length), ...u32(data.length), ...u16(nameBytes.length), ...u16(0)];
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...meta, ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(chunks.length), ...nameBytes);
    for (const b of [...u32(0x04034b50), ...u16(20), ...meta, ...nameBytes]) chunks.push(b);
    for (const b of packed) chunks.push(b);
    count++;
  }
  const end = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(count), ...u16(count), ...u32(central.length), ...u32(chunks.length), ...u16(0)];
  return new Uint8Array([...chunks, ...central, ...end]);
}

const tenAndAHalfMegabytes = () => {
  const bytes = new Uint8Array(10.5 * 1024 * 1024).fill(0x41);
  bytes.set(new TextEncoder().encode(`${FIXTURE_HEADER}\r\n`));
  return bytes;
};

const BAD_FILES: Array<[string, () => { name: string; bytes: Uint8Array }, string[]]> = [
  [
    'no column for the action',
    () => csvFile('plan.csv', fixtureCsv.replace(/\r\n/g, '\n').split('\n').map((line) => line.replace(/,Action,/, ',Notes,')).join('\n')),
    ['No column holds "Action"; the columns found are "No.", "Ofsted para", "Ofsted area for improvement", "Notes", "Lead officer", "By when", "RAG", "How success is measured", "Evidence references".'],
  ],
  [
    'a date that does not exist',
    () => csvFile('plan.csv', fixtureWithRow(7, '1.3,,,Review the template,Principal Social Worker,31/02/2020,G,,')),
    ['Row 7, "By when": "31/02/2020" is not a date; write a date such as 31/03/2020, 2020-03-31, 31 March 2020 or March 2020, or a word such as "ongoing", "on going", "on-going", "tbc"'],
  ],
  [
    'an unknown RAG rating',
    () => csvFile('plan.csv', fixtureWithRow(8, `2.1,8,Management oversight,Weekly tracking meeting,Head of Service,29/02/2020,Purple,,`)),
    ['Row 8, "RAG": "Purple" is not a RAG rating; use Red, Amber, Green or Blue (or R, A, G, B; "Complete" means Blue)'],
  ],
  [
    'two actions numbered "3.2"',
    () => csvFile('plan.csv', fixtureWithRow(12, '3.2,,,Review special guardianship support plans,Service Manager,31/7/20,,,')),
    ['Row 12, "No.": "3.2" is also the reference of the action on row 11; each action needs its own'],
  ],
  [
    'an action row before any area for improvement',
    () => csvFile('plan.csv', fixtureWithRow(5, '1.1,3,,Relaunch the practice standards,Principal Social Worker,31/03/2020,G,,')),
    // Rows 6 and 7 were meant to continue row 5's area, so they have none either.
    [5, 6, 7].map((row) => `Row ${row}, "Ofsted area for improvement": is blank, and no row above gives an area for improvement for this row to continue`),
  ],
  [
    'several problems at once: all are reported',
    () => csvFile('plan.csv', fixtureWithRow(6, '1.1,,,,Head of QA,soon,Amber-ish,,')),
    [
      'Row 6, "Action": is blank, but the row has other details of an action; every action needs one',
      'Row 6, "By when": "soon" is not a date; write a date such as 31/03/2020, 2020-03-31, 31 March 2020 or March 2020, or a word such as "ongoing", "on going", "on-going", "tbc"',
      'Row 6, "RAG": "Amber-ish" is not a RAG rating; use Red, Amber, Green or Blue (or R, A, G, B; "Complete" means Blue)',
      'Row 6, "No.": "1.1" is also the reference of the action on row 5; each action needs its own',
    ],
  ],
  ['an empty file', () => csvFile('plan.csv', ''), ['The file "plan.csv" is empty.']],
  ['a file of blank lines', () => csvFile('plan.csv', '\r\n,,,\r\n'), ['The file "plan.csv" is empty.']],
  [
    'a PDF renamed .csv',
    () => ({ name: 'plan.csv', bytes: new Uint8Array(readFileSync(path.join(FIXTURES, '../ofsted-ilacs-st-helens-2019.pdf'))) }),
    ['The file "plan.csv" is a PDF, not a plan; import a .csv, .xlsx or .json file.'],
  ],
  [
    'a Word document',
    () => ({ name: 'plan.docx', bytes: storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }) }),
    ['The file "plan.docx" is a Word document, not a plan; import a .csv, .xlsx or .json file.'],
  ],
  [
    'a CSV named .xlsx',
    () => csvFile('plan.xlsx', fixtureCsv),
    ['The file "plan.xlsx" is not an Excel workbook (it holds text); if it is a CSV file, rename it to .csv.'],
  ],
  ['a file of 10.5 MB', () => ({ name: 'big.csv', bytes: tenAndAHalfMegabytes() }), ['The file "big.csv" is 10.5 MB; the limit is 10 MB.']],
  [
    'a workbook under 10 MB that unpacks to 120 MB (a zip bomb)',
    () => ({ name: 'plan.xlsx', bytes: storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': 'A'.repeat(120 * 1024 * 1024) }, { deflate: true }) }),
    ['The workbook "plan.xlsx" unpacks to 120 MB; the limit is 100 MB. Save the plan on its own, without other sheets or pictures.'],
  ],
  ['a header and no rows', () => csvFile('header-only.csv', `Action plan\r\n\r\n${FIXTURE_HEADER}\r\n,,,,\r\n`), ['"header-only.csv" has a header row but no rows of actions under it.']],
  [
    'a quote that is never closed',
    () => csvFile('plan.csv', `${FIXTURE_HEADER}\r\n1.1,3,"Assessments,Audit\r\n`),
    ['Row 2: A quoted value starts on this row but is never closed (its closing " is missing).'],
  ],
  [
    'JSON with a bad date and an unknown field',
    () => csvFile('plan.json', JSON.stringify({ name: 'P', recommendations: [{ text: 'A', actions: [{ title: 'T', dueDate: '2020-02-31', owner: 'x' }] }] })),
    ['"recommendations[0].actions[0].dueDate": is not a real date', '"recommendations[0].actions[0]": has unknown field "owner"'],
  ],
  [
    'JSON with two actions numbered "3.2"',
    () => {
      const plan = structuredClone(expectedPlan);
      plan.recommendations[3]!.actions[0]!.reference = '3.2';
      return csvFile('plan.json', planToJson(plan));
    },
    ['"recommendations[3].actions[0].reference": "3.2" is also the reference of recommendations[2].actions[1]; each action needs its own'],
  ],
  [
    'JSON from a newer Evident',
    () => csvFile('plan.json', planToJson(expectedPlan).replace('"version": 1', '"version": 2')),
    ['"version": The plan is in version 2 of the format, newer than this Evident reads (1); update Evident.'],
  ],
];

test.each(BAD_FILES)('refuses %s, saying why, and returns no plan', async (_case, makeFile, expected) => {
  const result = await importPlanFile(makeFile());
  if (result.ok) throw new Error('expected the import to fail');
  expect(result.error.map(describePlanImportError)).toEqual(expected);
});

// ---- Column guessing ----

test.each<[string, PlanField | undefined]>([
  ['No.', 'actionReference'],
  ['Ref', 'actionReference'],
  ['Action no', 'actionReference'],
  ['Reference', 'actionReference'],
  ['Ofsted para', 'ofstedParagraph'],
  ['Ofsted paragraph', 'ofstedParagraph'],
  ['Para ref', 'ofstedParagraph'],
  ['Ofsted area for improvement', 'areaForImprovement'],
  ['Area for improvement', 'areaForImprovement'],
  ['Recommendation', 'areaForImprovement'],
  ['What needs to improve?', 'areaForImprovement'],
  ['ACTION', 'actionTitle'],
  ['Actions', 'actionTitle'],
  ['What we will do', 'actionTitle'],
  ['Detail', 'actionDescription'],
  ['Description', 'actionDescription'],
  ['How', 'actionDescription'],
  ['Lead', 'lead'],
  ['Lead Officer(s)', 'lead'],
  ['Responsible', 'lead'],
  ['Owner', 'lead'],
  ['By when?', 'dueDate'],
  ['Deadline', 'dueDate'],
  ['Due date', 'dueDate'],
  ['Timescale', 'dueDate'],
  ['RAG', 'deliveryRag'],
  ['Delivery RAG', 'deliveryRag'],
  ['RAG rating', 'deliveryRag'],
  ['Impact RAG', 'impactRag'],
  ['Impact - RAG rating', 'impactRag'],
  ['How success is measured', 'successMeasures'],
  ['Measures', 'successMeasures'],
  ['KPIs', 'successMeasures'],
  ['Success criteria', 'successMeasures'],
  ['Progress', 'progress'],
  ['Update', 'progress'],
  ['Status', 'status'],
  ['Rec no', 'recommendationReference'],
  ['Evidence references', undefined],
  ['Comments', undefined],
])('guesses that a column headed %j is %s', (header, field) => {
  const mapping = guessColumnMapping([header]);
  expect(Object.entries(mapping).find(([, index]) => index === 0)?.[0]).toBe(field);
});

describe('guessColumnMapping on whole header rows', () => {
  it('maps the fixture plan, leaving "Evidence references" to extra', () => {
    expect(guessColumnMapping(FIXTURE_HEADER.split(','))).toEqual({
      actionReference: 0,
      ofstedParagraph: 1,
      areaForImprovement: 2,
      actionTitle: 3,
      lead: 4,
      dueDate: 5,
      deliveryRag: 6,
      successMeasures: 7,
    });
  });

  it('reads two bare "No." columns as the recommendation\'s then the action\'s', () => {
    expect(guessColumnMapping(['No.', 'Recommendation', 'No.', 'Action'])).toEqual({
      recommendationReference: 0,
      areaForImprovement: 1,
      actionReference: 2,
      actionTitle: 3,
    });
  });

  it('gives "No." to the action when a "Section" column numbers the recommendation', () => {
    expect(guessColumnMapping(['Section', 'Area for improvement', 'No.', 'Action'])).toMatchObject({ recommendationReference: 0, actionReference: 2 });
  });

  it('uses each column once: "Impact RAG" is not also the delivery RAG', () => {
    expect(guessColumnMapping(['Action', 'Impact RAG', 'Recommendation'])).toEqual({ actionTitle: 0, impactRag: 1, areaForImprovement: 2 });
  });

  it('maps every header Evident exports to its own field', () => {
    const headers = Object.values(PLAN_COLUMN_HEADERS);
    expect(guessColumnMapping(headers)).toEqual(Object.fromEntries(Object.keys(PLAN_COLUMN_HEADERS).map((field, i) => [field, i])));
  });
});

describe('building a plan from a table', () => {
  const table = (rows: string[][]) => ({ headers: ['No.', 'Area for improvement', 'Action', 'By when', 'Status'], rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) });
  const build = (rows: string[][]) => buildPlanDocument(table(rows), guessColumnMapping(table([]).headers), 'P');

  it.each([
    ['2020-03-31', '2020-03-31'],
    ['31/03/2020', '2020-03-31'],
    ['1/4/20', '2020-04-01'],
    ['31 March 2020', '2020-03-31'],
    ['31st Mar 2020', '2020-03-31'],
    ['March 2020', '2020-03-31'],
    ['Feb 2024', '2024-02-29'],
    ['', null],
  ])('reads the due date %j as %j', (text, date) => {
    const plan = expectOk(build([['1.1', 'A', 'Do it', text, '']]));
    expect(plan.recommendations[0]!.actions[0]!.dueDate).toBe(date);
  });

  it.each([
    ['', 'not_started'],
    ['Not started', 'not_started'],
    ['In progress', 'in_progress'],
    ['On track', 'in_progress'],
    ['Off track', 'in_progress'],
    ['Completed', 'complete'],
    ['Done', 'complete'],
    ['closed', 'closed'],
  ])('reads the status %j as %s', (text, status) => {
    expect(expectOk(build([['1.1', 'A', 'Do it', '', text]])).recommendations[0]!.actions[0]!.status).toBe(status);
  });

  it('numbers a recommendation from its actions\' common prefix, else by its position', () => {
    const plan = expectOk(build([['7.1', 'A', 'a', '', ''], ['7.2', 'A', 'b', '', ''], ['x', 'B', 'c', '', ''], ['', 'C', 'd', '', '']]));
    expect(plan.recommendations.map((r) => r.reference)).toEqual(['7', '2', '3']);
  });

  it('reads a row naming only an area for improvement as a recommendation with no actions yet', () => {
    const plan = expectOk(build([['', 'A', '', '', ''], ['1.1', '', 'a', '', ''], ['', 'B', '', '', '']]));
    expect(plan.recommendations.map((r) => [r.text, r.actions.length])).toEqual([['A', 1], ['B', 0]]);
  });

  it('refuses two different Ofsted paragraphs for one area for improvement, naming both rows', () => {
    const withParagraph = { headers: ['Ofsted para', 'Area for improvement', 'Action'], rows: [['12', 'A', 'a'], ['', 'A', 'b'], ['13', 'a ', 'c']].map((cells, i) => ({ rowNumber: i + 2, cells })) };
    const result = buildPlanDocument(withParagraph, guessColumnMapping(withParagraph.headers), 'P');
    expect(result.ok ? [] : result.error.map(describePlanImportError)).toEqual(['Row 4, "Ofsted para": "13" differs from "12" on row 2, for the same area for improvement']);
  });

  it('keeps "Ongoing" from a "Deadline" column under "By when", where an export writes dates', () => {
    const deadline = { headers: ['Area for improvement', 'Action', 'Deadline'], rows: [{ rowNumber: 2, cells: ['A', 'a', 'Ongoing'] }] };
    const plan = expectOk(buildPlanDocument(deadline, guessColumnMapping(deadline.headers), 'P'));
    expect(plan.recommendations[0]!.actions[0]!.extra).toEqual({ 'By when': 'Ongoing' });
  });

  it('refuses an unmapped column named like a column Evident exports, which would come back twice', () => {
    const twoProgress = { headers: ['Area for improvement', 'Action', 'Update', 'Progress'], rows: [{ rowNumber: 2, cells: ['A', 'a', 'Jan', 'Feb'] }] };
    const result = buildPlanDocument(twoProgress, guessColumnMapping(twoProgress.headers), 'P');
    expect(result.ok ? [] : result.error.map(describePlanImportError)).toEqual([
      '"Progress": is not mapped to a field, but Evident exports a column of that name; map it, or rename it in the file',
    ]);
  });

  it('refuses a status it does not know, listing the accepted ones', () => {
    const result = build([['1.1', 'A', 'a', '', 'Paused']]);
    expect(result.ok ? [] : result.error.map(describePlanImportError)).toEqual([
      'Row 2, "Status": "Paused" is not a status; use Not started, In progress (or On track, Off track), Complete (or Done) or Closed',
    ]);
  });
});

// ---- Round trip: any valid plan survives export and import in every format. ----

/** Characters that break naive CSV and XLSX code, mixed into ordinary and non-Latin text. */
const tricky = fc.constantFrom(',', ';', '"', "'", '\n', '\t', ' ', '=', '+', '-', '@', '’', '£', 'é', '漢', '😀', 'ı', '_x0041_', '\u00a0');
const text = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 8 })
  .map((parts) => parts.join('').replace(/\r/g, '').trim());
const nonEmptyText = fc.oneof(text, text.map((s) => `=${s}`), text.map((s) => `'=${s}`)).filter((s) => s.trim() === s && s !== '');
const groupingKey = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
const OWN_HEADERS = new Set<string>(Object.values(PLAN_COLUMN_HEADERS));

const actionArb = fc
  .record({
    reference: fc.oneof(fc.constant(''), nonEmptyText, fc.nat(30).map((n) => `3.${n}`)),
    title: nonEmptyText,
    description: fc.oneof(fc.constant(''), nonEmptyText),
    lead: fc.oneof(fc.constant(''), nonEmptyText),
    dueDate: fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    deliveryRag: fc.constantFrom(null, ...RAG_VALUES),
    impactRag: fc.constantFrom(null, ...RAG_VALUES),
    successMeasures: fc.oneof(fc.constant(''), nonEmptyText),
    progress: fc.oneof(fc.constant(''), nonEmptyText),
    extra: fc.dictionary(nonEmptyText.filter((k) => !OWN_HEADERS.has(k)), nonEmptyText, { maxKeys: 3 }),
    dueWord: fc.constantFrom('Ongoing', 'TBC', 'quarterly', 'N/A'),
    status: fc.constantFrom(...ACTION_STATUSES),
  })
  .map(({ dueWord, ...action }): PlanDocumentAction => (action.dueDate === null && dueWord !== 'N/A' ? { ...action, extra: { ...action.extra, 'By when': dueWord } } : action));

const planArb: fc.Arbitrary<PlanDocument> = fc
  .record({
    name: nonEmptyText,
    recommendations: fc.uniqueArray(
      fc.record({
        reference: fc.oneof(fc.constant(''), nonEmptyText),
        text: nonEmptyText,
        ofstedParagraph: fc.option(nonEmptyText),
        actions: fc.array(actionArb, { maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4, selector: (r) => groupingKey(r.text) },
    ),
  })
  .map((plan) => {
    // Action references are unique within a plan; a repeated one becomes blank.
    const seen = new Set<string>();
    for (const action of plan.recommendations.flatMap((r) => r.actions)) {
      if (action.reference !== '' && seen.has(action.reference)) action.reference = '';
      seen.add(action.reference);
    }
    return plan;
  });

const seed = process.env.EVIDENT_SEED ? { seed: Number(process.env.EVIDENT_SEED) } : {};

describe('round trip', () => {
  it('CSV: import(export(plan)) equals the plan', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const table = expectOk(await readPlanTable(csvFile('plan.csv', planToCsv(plan))));
        expect(expectOk(buildPlanDocument(table, guessColumnMapping(table.headers), plan.name))).toEqual(plan);
      }),
      { numRuns: 300, ...seed },
    );
  });

  it('XLSX: import(export(plan)) equals the plan', async () => {
    await fc.assert(
      fc.asyncProperty(planArb, async (plan) => {
        const table = expectOk(await readPlanTable({ name: 'plan.xlsx', bytes: await planToXlsx(plan) }));
        expect(expectOk(buildPlanDocument(table, guessColumnMapping(table.headers), plan.name))).toEqual(plan);
      }),
      { numRuns: 100, ...seed },
    );
  });

  it('JSON: import(export(plan)) equals the plan', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        expect(expectOk(readPlanJson(planToJson(plan)))).toEqual(plan);
      }),
      { numRuns: 300, ...seed },
    );
  });

  // The import dialog builds a plan from the table; the background checks it again with readPlanJson
  // before writing it. Whatever the builder accepts, the JSON check and a CSV round trip must accept unchanged.
  it('any plan built from a council table passes the JSON check and survives a CSV round trip', async () => {
    const words = ['', 'see notes', 'x, "y"', 'two\nlines', '=SUM(A1)', 'constructor'];
    const COLUMNS: Array<[string, string[]]> = [
      ['No.', ['', '1.1', '1.2', '3.2', '3.10']],
      ['Rec no', ['', '1', '2']],
      ['Ofsted para', ['', '12', '13']],
      ['Area for improvement', ['', 'A', 'a ', 'B', 'C  c', 'c c']],
      ['Action', ['', 'Do x', 'Do y', '=cmd']],
      ['By when', ['', 'Ongoing', 'quarterly', '31/03/2020', 'March 2020', '2020-02-29']],
      ['Deadline', ['', 'TBC', '1/4/20']],
      ['RAG', ['', 'G', 'Amber', 'complete']],
      ['Status', ['', 'Done', 'On track', 'closed']],
      ['Progress', words],
      ['Update', words],
      ['Description', words],
      ['Detail', words],
      ['Lead officer', words],
      ['Evidence references', words],
      ['Comments', words],
    ];
    const tableArb = fc
      .shuffledSubarray(COLUMNS, { minLength: 1 })
      .chain((picked) => {
        const columns = [...picked, ...COLUMNS.filter(([h]) => (h === 'Area for improvement' || h === 'Action') && !picked.some(([p]) => p === h))];
        return fc.record({
          headers: fc.constant(columns.map(([h]) => h)),
          rows: fc.array(fc.tuple(...columns.map(([, values]) => fc.constantFrom(...values))), { minLength: 1, maxLength: 6 }),
        });
      })
      .map(({ headers, rows }) => ({ headers, rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) }));
    let built = 0;
    await fc.assert(
      fc.asyncProperty(tableArb, async (table) => {
        const result = buildPlanDocument(table, guessColumnMapping(table.headers), 'Plan');
        if (!result.ok) return;
        built++;
        expect(expectOk(readPlanJson(planToJson(result.value)))).toEqual(result.value);
        expect(expectOk(await importPlanFile(csvFile('p.csv', planToCsv(result.value)), 'Plan'))).toEqual(result.value);
      }),
      { numRuns: 500, ...seed },
    );
    expect(built).toBeGreaterThan(50);
  });

  it('the fixture plan survives every format', async () => {
    const viaCsv = expectOk(await importPlanFile(csvFile('p.csv', planToCsv(expectedPlan)), PLAN_NAME));
    const viaXlsx = expectOk(await importPlanFile({ name: 'p.xlsx', bytes: await planToXlsx(expectedPlan) }, PLAN_NAME));
    expect(viaCsv).toEqual(expectedPlan);
    expect(viaXlsx).toEqual(expectedPlan);
  });
});
