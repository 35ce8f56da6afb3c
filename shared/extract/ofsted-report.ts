import { emptyPageMetadata, type OfstedActivity, type PageMetadata } from '../schema/page-metadata';
import { readAreasForImprovement } from './areas-for-improvement';
import { parseDateRange } from './dates';
import { readJudgementTable } from './judgements';
import { findLabelledLines, readLabelledLines } from './labels';
import { findInspectionDatePhrase } from './ofsted-activity';
import { hostnameOf, isOfstedHost } from './publisher';
import { type Block, type BlockText, documentTitle, type PageText, type TextBlock, textOf } from './text';

export type OfstedDocumentType = Extract<
  PageMetadata['document_type'],
  'ofsted_ilacs_inspection_report' | 'ofsted_monitoring_visit_letter' | 'ofsted_focused_visit_letter'
>;

/**
 * Titles Ofsted prints on page 1: "Inspection of <LA> local authority children's services",
 * older "Inspection of children's social care services", and the letters' "Monitoring visit to
 * <LA> children's services" / "Focused visit to …". Anchored: a council report called "Ofsted
 * Inspection of Children's Social Care Services" is not Ofsted's report.
 */
const REPORT_TITLE = /^Inspection of .*\bchildren[’']s (?:social care )?services\b/i;
const LETTER_TITLE = /^(?:Monitoring|Focused) visit (?:to|of|at) .*\bchildren[’']s (?:social care )?services\b/i;
const LETTER_WORDING = /\b(?:This letter summarises|findings of (?:the|a|this) (?:monitoring|focused) visit)\b/i;
const INSPECTION_DATES_LABEL = /inspection dates?|dates? of (?:the )?inspection/;
const LEAD_INSPECTOR_LABEL = /lead inspector/;

// The role printed under the lead inspector's name or signature.
const INSPECTOR_ROLE = /^(?:(?:Senior )?(?:Her|His) Majesty[’']s Inspector|HMI|(?:Social Care )?Regulatory Inspector)$/i;

/** Ofsted's title of an ILACS report or a visit letter. */
export function isOfstedTitle(text: string): boolean {
  return REPORT_TITLE.test(text) || LETTER_TITLE.test(text);
}

/** The block printing the report's title: a heading, or a short line standing as one. */
export function titleBlock<B extends TextBlock>(page: { blocks: readonly B[] }): B | null {
  return (
    page.blocks.find(({ isHeading, text }) => {
      const standsAsTitle = isHeading || (text.length <= 120 && !/[.:;]$/.test(text));
      return standsAsTitle && isOfstedTitle(text);
    }) ?? null
  );
}

function hasLetterWording(page: BlockText): boolean {
  return page.sentences.some((s) => LETTER_WORDING.test(s));
}

/** Ofsted's own report or letter, shown as HTML (its text layer), as a PDF, or on an Ofsted host. */
export function isOfstedReport(page: BlockText, url: string): boolean {
  if (titleBlock(page)) return true;
  if (readLabelledLines(page, INSPECTION_DATES_LABEL) || readLabelledLines(page, LEAD_INSPECTOR_LABEL)) return true;
  return isOfstedHost(url) && hasLetterWording(page);
}

/**
 * Report or letter, and which letter: by the title when there is one (a report saying "since the
 * focused visit in February 2019" is still the report), else by the letter's wording.
 */
export function ofstedDocumentTypeOf(title: string | null, page: BlockText): OfstedDocumentType {
  if (title && REPORT_TITLE.test(title)) return 'ofsted_ilacs_inspection_report';
  const wording = `${title ?? ''} ${page.sentences.find((s) => LETTER_WORDING.test(s)) ?? ''}`;
  if (/\bmonitoring visit\b/i.test(wording)) return 'ofsted_monitoring_visit_letter';
  if (/\bfocused visit\b/i.test(wording)) return 'ofsted_focused_visit_letter';
  return 'ofsted_ilacs_inspection_report';
}

/**
 * "Inspection of Derby local authority children's services" → "Derby"; null when the title names
 * none ("Inspection of children's social care services", "Inspection of local authority children's services").
 */
export function authorityNamedInTitle(title: string): string | null {
  const named = /^(?:Inspection of|(?:Monitoring|Focused) visit (?:to|of|at))\s+(?:the\s+)?(.+?)\s+(?:local authority\s+)?children[’']s\b/i.exec(title);
  const name = named?.[1]?.replace(/[,;]$/, '') ?? null;
  return name && !/^(?:children|local authority$)/i.test(name) ? name : null;
}

/**
 * The council inspected: named in the title ("Inspection of Derby local authority children's
 * services") or, in older reports, in the heading just above it.
 */
function readSubjectAuthority(page: PageText, title: Block | null): string | null {
  const named = authorityNamedInTitle(title?.text ?? '');
  if (named) return named;
  const index = title ? page.headings.indexOf(title.el) : -1;
  return index > 0 ? textOf(page.headings[index - 1]!) : null;
}

/**
 * "Lead inspector: Name<br>Her Majesty's Inspector"; letters are signed "Yours sincerely, Name, HMI".
 * In a PDF the role is a line of its own under the name, so it is taken from the block after.
 */
function readLeadInspector(page: BlockText): string | null {
  const labelled = findLabelledLines(page, LEAD_INSPECTOR_LABEL);
  if (labelled) {
    const role = labelled.lines.length === 1 ? page.blocks[labelled.valueIndex + 1]?.text : undefined;
    return [...labelled.lines, ...(role && INSPECTOR_ROLE.test(role) ? [role] : [])].join(', ');
  }
  const { blocks } = page;
  const signOff = blocks.findIndex((b) => /^Yours sincerely\b/i.test(b.text));
  if (signOff < 0) return null;
  const [name, role] = [...blocks[signOff]!.lines.slice(1), ...blocks.slice(signOff + 1, signOff + 3).flatMap((b) => b.lines)];
  if (!name) return null;
  return role && /\binspector\b/i.test(role) ? `${name}, ${role}` : name;
}

function activityTypeFor(documentType: OfstedDocumentType, page: BlockText): string {
  if (documentType === 'ofsted_monitoring_visit_letter') return 'ILACS monitoring visit';
  if (documentType === 'ofsted_focused_visit_letter') return 'ILACS focused visit';
  return page.sentences.some((s) => /\bshort inspection\b/i.test(s))
    ? 'ILACS short inspection'
    : 'ILACS standard inspection';
}

/**
 * The inspection's dates: the "Inspection dates:" label of a report, or the letter's own wording
 * ("the monitoring visit … on 4 and 5 March 2020"). Ofsted does not print the publication date in
 * the report, so `report_published` stays null here; the listing page has it.
 */
export function readOfstedActivity(page: BlockText, documentType: OfstedDocumentType): OfstedActivity {
  const labelled = readLabelledLines(page, INSPECTION_DATES_LABEL)?.join(' ') ?? null;
  const written = labelled ?? findInspectionDatePhrase(page.sentences)?.phrase ?? null;
  const range = written ? parseDateRange(written) : null;
  return {
    type: activityTypeFor(documentType, page),
    dates_as_written: written,
    start: range?.start ?? null,
    end: range?.end ?? null,
    report_published: null,
    lead_inspector: readLeadInspector(page),
  };
}

export function extractOfstedReport(page: PageText, url: string): PageMetadata {
  const title = titleBlock(page);
  const titleText = title?.text ?? null;
  const documentType = ofstedDocumentTypeOf(titleText, page);
  const areas = readAreasForImprovement(page, true);
  return {
    ...emptyPageMetadata(),
    publisher: 'Ofsted',
    publisher_kind: 'inspectorate',
    platform: isOfstedHost(url) ? hostnameOf(url) : null,
    page_type: 'report_text',
    document_type: documentType,
    title: titleText ?? documentTitle(page.doc),
    subject_local_authority: readSubjectAuthority(page, title),
    ofsted_activity: readOfstedActivity(page, documentType),
    judgement_table: readJudgementTable(page.doc),
    areas_for_improvement: areas?.items ?? [],
    areas_for_improvement_origin: areas?.origin ?? null,
  };
}
