/**
 * Which council published a paper and which council's children's services it is about, from what
 * every council paper has: the council's name printed on it, its web address (the page's own, or
 * one printed in the text), and the places the text names, looked up in the gazetteer of English
 * local authorities (./gazetteer). A council's papers are about its own services, so the publisher
 * is the subject; a paper no council is known to have published is about the council whose
 * inspection it names.
 */
import type { PageMetadata } from '../schema/page-metadata';
import type { FieldSource } from './field-sources';
import { authorityOfUrl, findAuthoritiesInText, findAuthorityInText, type LocalAuthority } from './gazetteer';
import { normaliseSpace } from './text';

export interface NamedCouncil {
  name: string;
  /** Null for a council the gazetteer does not hold (a district council, a name it does not know). */
  authority: LocalAuthority | null;
  source: FieldSource;
}

/** Councils write their own names without the full stop ("St Helens Council", GOV.UK style). */
export function canonicalName(name: string): string {
  return name.replace(/\bSt\.\s/g, 'St ');
}

// What follows a place's name to make it a council's: "West Sussex County Council", "St Helens
// Metropolitan Borough Council"; and what may precede it: "London Borough of", "Royal Borough of".
const COUNCIL_SUFFIX = /^\s+((?:Metropolitan\s+)?(?:Borough|County|City|District)?\s*Council)\b(?!['’]s\b)/;
const COUNCIL_PREFIX = /(?:London|Royal)\s+Borough\s+of\s+$|City\s+of\s+$/;

/**
 * The council's name as the text prints it in full most often ("St. Helens Council" → "St Helens
 * Council"); else, for a county, "<county> County Council" (every county council is named so); else
 * the gazetteer's name for the authority ("Herefordshire").
 */
export function councilNameOf(authority: LocalAuthority, text: string): string {
  const counts = new Map<string, number>();
  for (const mention of findAuthoritiesInText(text)) {
    if (mention.authority !== authority) continue;
    const after = text.slice(mention.index + mention.matched.length);
    const suffix = COUNCIL_SUFFIX.exec(after)?.[1];
    const prefix = COUNCIL_PREFIX.exec(text.slice(Math.max(0, mention.index - 20), mention.index))?.[0];
    if (!suffix && !prefix) continue;
    const full = canonicalName(normaliseSpace(`${prefix ?? ''}${mention.matched}${suffix ? ` ${suffix}` : ''}`));
    counts.set(full, (counts.get(full) ?? 0) + 1);
  }
  const printed = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (printed) return printed;
  return authority.kind === 'county' ? `${authority.name} County Council` : authority.name;
}

// Words that make a place's name a council's: before it ("London Borough of", "City of") or after it ("County Council").
const NAME_BEFORE = /^(?:The\s+)?(?:(?:London|Royal)\s+Borough\s+of|City\s+of)\s+$/i;
const NAME_AFTER = /^\s+(?:Metropolitan\s+)?(?:Borough\s+|County\s+|City\s+|District\s+)?Council\b/;

/**
 * The council a line starts with, named as a council ("St. Helens Council", "London Borough of
 * Hackney", "West Sussex County Council Health and Wellbeing Board"); a place's name alone is not one.
 */
export function councilNamedAtLineStart(line: string): LocalAuthority | null {
  const text = normaliseSpace(line);
  const mention = findAuthoritiesInText(text)[0];
  if (!mention) return null;
  const before = text.slice(0, mention.index);
  if (before && !NAME_BEFORE.test(before)) return null;
  const after = text.slice(mention.index + mention.matched.length);
  return NAME_AFTER.test(after) || (before && !/^\w/.test(after)) ? mention.authority : null;
}

// "St. Helens Council", "Example Borough Council": an organisation's name, alone on a line. "Full Council" is a meeting.
const COUNCIL_LINE = /^(?!(?:Full|The|County|City|Borough) Council$)[A-Z][\w.'’ &-]{1,60}\bCouncil$/;

/**
 * The council named on one of a front sheet's first lines: one the gazetteer knows, alone or
 * before the meeting on its line; else any council's name alone on a line, as printed.
 */
export function councilOnFrontSheet(lines: readonly string[], text: string): NamedCouncil | null {
  const source: FieldSource = { from: 'the council’s name on the front sheet', confidence: 'high' };
  for (const line of lines) {
    const authority = councilNamedAtLineStart(line);
    if (authority) return { name: councilNameOf(authority, text), authority, source };
  }
  const alone = lines.map(normaliseSpace).find((line) => COUNCIL_LINE.test(line));
  return alone ? { name: canonicalName(alone), authority: null, source } : null;
}

/** The council whose web address the document was opened from. */
export function councilOfAddress(url: string, text: string): NamedCouncil | null {
  const authority = authorityOfUrl(url);
  return authority ? { name: councilNameOf(authority, text), authority, source: { from: 'the URL’s host (gazetteer)', confidence: 'medium' } } : null;
}

// A council web address printed in a paper: "www.westsussex.gov.uk", "https://democracy.sthelens.gov.uk/…".
const PRINTED_ADDRESS = /\b(?:https?:\/\/)?((?:[a-z0-9-]+\.)+(?:gov\.uk|moderngov\.co\.uk))\b/gi;

/** The council whose web address the text prints most often (an e-mail domain counts: officers sign with it). */
export function councilOfPrintedAddress(text: string): NamedCouncil | null {
  const counts = new Map<LocalAuthority, number>();
  for (const match of text.matchAll(PRINTED_ADDRESS)) {
    const authority = authorityOfUrl(`https://${match[1]!.toLowerCase()}/`);
    if (authority) counts.set(authority, (counts.get(authority) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return best ? { name: councilNameOf(best, text), authority: best, source: { from: 'a council web address printed in the text (gazetteer)', confidence: 'medium' } } : null;
}

// "Inspection of Derby local authority children's services", "Ofsted's inspection of Derby's children's services".
const INSPECTION_OF = /\binspection of\s+(.{2,60}?)(?:['’]s)?\s+(?:local authority\s+)?children['’]s (?:social care )?services\b/gi;

/** A council whose children's services the text says were inspected (it may not be the publisher's). */
export function councilInspected(text: string): NamedCouncil | null {
  for (const match of text.matchAll(INSPECTION_OF)) {
    const mention = findAuthoritiesInText(match[1]!)[0];
    if (mention) {
      return { name: councilNameOf(mention.authority, text), authority: mention.authority, source: { from: 'the inspection the text names ("Inspection of … children’s services")', confidence: 'high' } };
    }
  }
  return null;
}

type Kind = PageMetadata['publisher_kind'];

export interface CouncilPaperBodies {
  publisher: string | null;
  publisher_kind: Kind;
  subject_local_authority: string | null;
  sources: { publisher?: FieldSource; publisher_kind?: FieldSource; subject_local_authority?: FieldSource };
}

/**
 * Publisher and council concerned of a council paper. `declared` is the publisher the page itself
 * declares (site name, banner), which wins; then the council named on the front sheet, the web
 * address, a council address printed in the text. The subject is the publishing council; when no
 * council is known to have published it, the council whose inspection the text names, else (low
 * confidence) the one it names most.
 */
export function readCouncilBodies(
  declared: { publisher: string | null; publisher_kind: Kind; source: FieldSource | null },
  frontLines: readonly string[],
  text: string,
  url: string,
): CouncilPaperBodies {
  const found = councilOnFrontSheet(frontLines, text) ?? councilOfAddress(url, text) ?? councilOfPrintedAddress(text);
  const publisher = declared.publisher ?? found?.name ?? null;
  const kind: Kind = declared.publisher ? declared.publisher_kind : found ? 'local_authority' : null;
  const publisherSource = declared.publisher ? declared.source : found?.source;
  let subject: string | null = null;
  let subjectSource: FieldSource | undefined;
  if (kind === 'local_authority' && publisher) {
    subject = publisher;
    // A council's papers are about its own services: the subject is read where the publisher was.
    subjectSource = declared.publisher ? { from: 'the publisher (a council’s papers are about its own services)', confidence: 'medium' } : found?.source;
  } else {
    // No council known to have published it: the council whose inspection it names, else the one it names most.
    const mentioned = findAuthorityInText(text);
    const inspected = councilInspected(text) ??
      (mentioned ? { name: councilNameOf(mentioned.authority, text), source: { from: 'the council the text names most (gazetteer)', confidence: 'low' as const } } : null);
    subject = inspected?.name ?? null;
    subjectSource = inspected?.source;
  }
  const sources: CouncilPaperBodies['sources'] = {};
  if (publisherSource) sources.publisher = sources.publisher_kind = publisherSource;
  if (subjectSource) sources.subject_local_authority = subjectSource;
  return { publisher, publisher_kind: kind, subject_local_authority: subject, sources };
}
