import { formatDate, formatDateTime } from '../../labels';
import type { Assessment } from '../../schema/evidence';
import type { PackLink, PackModel, PackSource } from '../types';
import { packCodebookOf, writeCodes, type PackCodebook } from './codes';
import { guidCache, guidFor } from './guid';
import type { QdaTextSource } from './source-texts';
import { XmlWriter, type Attributes } from './xml-writer';

export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';

/** Where a text source's file sits in the .qdpx: REFI's `internal://` paths name files in its `sources/` folder. */
export const sourceFileName = (text: QdaTextSource) => `${text.guid}.txt`;

/** Facts about each document that QDA tools can filter and compare by (REFI "Variables" of a source). */
const VARIABLES = [
  { key: 'publisher', name: 'Publisher', type: 'Text', value: (s: PackSource) => s.publisher },
  { key: 'council', name: 'Council', type: 'Text', value: (s: PackSource) => s.council },
  { key: 'document-type', name: 'Document type', type: 'Text', value: (s: PackSource) => s.documentTypeLabel },
  { key: 'document-date', name: 'Document date', type: 'Date', value: (s: PackSource) => xsdDate(s.documentDate) },
  { key: 'committee', name: 'Committee', type: 'Text', value: (s: PackSource) => s.committee },
  { key: 'source-url', name: 'Source URL', type: 'Text', value: (s: PackSource) => s.url },
  { key: 'sha256', name: 'SHA-256', type: 'Text', value: (s: PackSource) => s.sha256 },
] as const;

interface ClipLink extends PackLink {
  actionId: string;
}

/**
 * project.qde (Project.xsd): Users, the CodeBook, Variables, Sources (one TextSource per document,
 * one PlainTextSelection per clip, coded with its tags, its links' assessments, the actions it is
 * linked to and its status), Notes (the clips' notes) and a Description of the pack. Element order
 * follows the schema's sequences; every optional list is left out when empty (the schema wants at
 * least one item in each list it has).
 */
export function renderProjectXml(model: PackModel, texts: readonly QdaTextSource[]): string {
  const codebook = packCodebookOf(model);
  const userGuid = userGuidsOf();
  const linksByClip = new Map<string, ClipLink[]>();
  for (const r of model.recommendations) {
    for (const a of r.actions) {
      for (const link of a.links) {
        const list = linksByClip.get(link.clipId) ?? [];
        list.push({ ...link, actionId: a.id });
        linksByClip.set(link.clipId, list);
      }
    }
  }

  const xml = new XmlWriter();
  xml.start('Project', [
    ['xmlns', PROJECT_NAMESPACE],
    ['name', model.title],
    ['origin', 'Evident'],
    ['creatingUserGUID', userGuid(model.generatedBy)],
    ['creationDateTime', xsdDateTime(model.generatedAt)],
  ]);
  const users = userNamesOf(model);
  if (users.length) {
    xml.start('Users');
    for (const name of users) xml.empty('User', [['guid', userGuid(name)], ['name', name]]);
    xml.end('Users');
  }
  xml.start('CodeBook').start('Codes');
  writeCodes(xml, codebook.codes);
  xml.end('Codes').end('CodeBook');
  if (texts.some((t) => t.source)) {
    xml.start('Variables');
    for (const v of VARIABLES) xml.empty('Variable', [['guid', guidFor('variable', v.key)], ['name', v.name], ['typeOfVariable', v.type]]);
    xml.end('Variables');
  }
  const notes: Note[] = [];
  if (texts.length) {
    xml.start('Sources');
    for (const text of texts) writeTextSource(xml, text, codebook, linksByClip, userGuid, notes);
    xml.end('Sources');
  }
  if (notes.length) {
    xml.start('Notes');
    for (const note of notes) {
      xml.start('Note', [['guid', note.guid], ['name', note.name]]);
      xml.text('PlainTextContent', note.text);
      xml.end('Note');
    }
    xml.end('Notes');
  }
  xml.text('Description', projectDescription(model));
  xml.end('Project');
  return xml.toString();
}

interface Note {
  guid: string;
  name: string;
  text: string;
}

type UserGuid = (name: string | null | undefined) => string | undefined;

function userGuidsOf(): UserGuid {
  const cached = guidCache();
  return (name) => (name ? cached('user', name) : undefined);
}

/** Everyone the project names as creating something (Evident knows people by display name), sorted. */
function userNamesOf(model: PackModel): string[] {
  const names = new Set<string>();
  const add = (name: string | null | undefined) => name && names.add(name);
  add(model.generatedBy);
  for (const s of model.sources) add(s.capturedBy);
  for (const c of model.clips) {
    add(c.createdBy);
    add(c.statusChangedBy);
  }
  for (const r of model.recommendations) for (const a of r.actions) for (const l of a.links) add(l.linkedBy);
  return [...names].sort();
}

function writeTextSource(
  xml: XmlWriter,
  text: QdaTextSource,
  codebook: PackCodebook,
  linksByClip: Map<string, ClipLink[]>,
  user: UserGuid,
  notes: Note[],
): void {
  const { source } = text;
  xml.start('TextSource', [
    ['guid', text.guid],
    ['name', text.name],
    ['plainTextPath', `internal://${sourceFileName(text)}`],
    ['creatingUser', user(source?.capturedBy)],
    ['creationDateTime', xsdDateTime(source?.capturedAt)],
  ]);
  xml.text('Description', sourceDescription(text));
  for (const { clip, start, end } of text.clips) {
    xml.start('PlainTextSelection', [
      ['guid', guidFor('clip', clip.id)],
      ['name', shortQuote(clip.quote)],
      ['startPosition', start],
      ['endPosition', end],
      ['creatingUser', user(clip.createdBy)],
      ['creationDateTime', xsdDateTime(clip.createdAt)],
      ['modifyingUser', user(clip.statusChangedBy)],
      ['modifiedDateTime', xsdDateTime(clip.statusChangedAt)],
    ]);
    xml.text('Description', `${clip.citation}\nClipped by ${clip.createdBy} on ${formatDateTime(clip.createdAt)}.\nEvidence id: ${clip.id}`);
    const coding = (codeKey: string, codeGuid: string, attributes: Attributes = []) => {
      xml.start('Coding', [['guid', guidFor('coding', `${clip.id}|${codeKey}`)], ...attributes]);
      xml.empty('CodeRef', [['targetGUID', codeGuid]]);
      xml.end('Coding');
    };
    const links = linksByClip.get(clip.id) ?? [];
    const byWhom = (l: PackLink): Attributes => [['creatingUser', user(l.linkedBy)], ['creationDateTime', xsdDateTime(l.linkedAt)]];
    for (const link of links) coding(`action:${link.actionId}`, codebook.actionGuid(link.actionId), byWhom(link));
    const firstLinkSaying = new Map<Assessment, ClipLink>();
    for (const link of links) if (link.assessment && !firstLinkSaying.has(link.assessment)) firstLinkSaying.set(link.assessment, link);
    for (const [assessment, link] of firstLinkSaying) coding(`assessment:${assessment}`, codebook.assessmentGuid(assessment), byWhom(link));
    for (const tagId of clip.tagIds) coding(`tag:${tagId}`, codebook.tagGuid(tagId));
    coding('status', codebook.statusGuid(clip.status), [
      ['creatingUser', user(clip.statusChangedBy ?? clip.createdBy)],
      ['creationDateTime', xsdDateTime(clip.statusChangedAt ?? clip.createdAt)],
    ]);
    if (clip.note.trim()) {
      const guid = guidFor('note', clip.id);
      notes.push({ guid, name: `Note on "${shortQuote(clip.quote)}"`, text: clip.note });
      xml.empty('NoteRef', [['targetGUID', guid]]);
    }
    xml.end('PlainTextSelection');
  }
  if (source) {
    for (const v of VARIABLES) {
      const value = v.value(source);
      if (!value) continue;
      xml.start('VariableValue');
      xml.empty('VariableRef', [['targetGUID', guidFor('variable', v.key)]]);
      xml.text(v.type === 'Date' ? 'DateValue' : 'TextValue', value);
      xml.end('VariableValue');
    }
  }
  xml.end('TextSource');
}

function sourceDescription(text: QdaTextSource): string {
  const s = text.source;
  const lines: string[] = [];
  if (text.kind === 'quotes') {
    lines.push(
      s?.snapshot
        ? 'Made by Evident from the passages clipped from this document that are not in the text it kept: each quote is a paragraph.'
        : 'Evident kept no text of this document, so this text is made of the passages clipped from it: each quote is a paragraph.',
    );
  }
  if (!s) return lines.join('\n');
  lines.push(`Title: ${s.title}`);
  const facts: Array<[string, string | null]> = [
    ['Publisher', s.publisher],
    ['Council', s.council],
    ['Document type', s.documentTypeLabel],
    ['Document date', formatDate(s.documentDate) || null],
    ['Committee', s.committee],
    ['Source URL', s.url],
    ['Ofsted activity', s.ofstedActivity ? [s.ofstedActivity.type, s.ofstedActivity.datesAsWritten].filter(Boolean).join(', ') : null],
    ['Captured', `by ${s.capturedBy} on ${formatDateTime(s.capturedAt)}`],
    ['SHA-256', s.sha256 ? `${s.sha256} (${s.kind === 'pdf' ? 'of the PDF file' : 'of the page text kept when first clipped'})` : null],
  ];
  for (const [label, value] of facts) if (value) lines.push(`${label}: ${value}`);
  if (text.kind === 'snapshot' && s.snapshot) {
    lines.push(`Text kept by ${s.snapshot.takenBy} on ${formatDateTime(s.snapshot.takenAt)}.`);
    if (s.snapshotIntact === false) lines.push('Warning: this text no longer matches the SHA-256 recorded when it was kept.');
  }
  return lines.join('\n');
}

function projectDescription(model: PackModel): string {
  return [
    `${model.title}, exported by Evident on ${formatDateTime(model.generatedAt)}${model.generatedBy ? ` by ${model.generatedBy}` : ''}.`,
    `Selection: ${model.selectionSummary.join('; ')}.`,
    'Each document is a text source; each clip a text selection, coded with the plan actions it evidences, what it shows about them (Assessment), its tags and its review status. Clip notes are notes.',
  ].join('\n');
}

const shortQuote = (quote: string) => {
  const oneLine = quote.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 60 ? oneLine : `${oneLine.slice(0, 59).trimEnd()}…`;
};

/** An ISO date-time as xsd:dateTime, or undefined (attribute left out) when it is not one. */
function xsdDateTime(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;

  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function xsdDate(day: string | null): string | null {
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(new Date(`${day}T00:00:00Z`).getTime()) ? day : null;
}
