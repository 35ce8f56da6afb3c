import { createHash } from 'node:crypto';
import { JSDOM } from 'jsdom';
import mammoth from 'mammoth';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it, test } from 'vitest';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { ASSESSMENT_LABELS, EVIDENCE_STATUS_LABELS, formatDateTime } from '../../shared/labels';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackModel } from '../../shared/pack';
import { PACK_CSV_COLUMNS, renderPackCsv } from '../../shared/pack/csv';
import { renderPackDocx } from '../../shared/pack/docx';
import { guidFor, renderPackQdc, renderPackQdpx } from '../../shared/pack/refi-qda';
import { sha1, uuidBytes, uuidV5 } from '../../shared/pack/refi-qda/guid';
import { unescapeFormula } from '../../shared/plan-io/formula-escape';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import { captureClip, migrateWorkspaceDoc, renameTag, type ClipInput } from '../../shared/workspace';
import { fixturePack, hostilePack, HOSTILE_TEXTS, must, PACK_OPTIONS, validateRefiQda, zipTexts } from '../lib/pack-exports';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const BOM = '\uFEFF';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const xmlDocument = (xml: string) => new new JSDOM('').window.DOMParser().parseFromString(xml, 'application/xml');
const codepointSlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

let pack: Awaited<ReturnType<typeof fixturePack>>;
let model: PackModel;
beforeAll(async () => {
  pack = await fixturePack();
  model = pack.model;
});

/** The rows each link (and each unlinked clip) should give, in the pack's order: [evidence id, action id]. */
function expectedRowKeys(m: PackModel): Array<[string, string]> {
  const linked = m.recommendations.flatMap((r) => r.actions.flatMap((a) => a.links.map((l): [string, string] => [l.clipId, a.id])));
  return [...linked, ...m.unlinkedClipIds.map((id): [string, string] => [id, ''])];
}

function parseCsv(csv: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(csv.slice(BOM.length), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV export', () => {
  it('starts with a UTF-8 byte order mark, so Excel reads it as UTF-8, and ends every line with CRLF', () => {
    const csv = renderPackCsv(model);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.slice(BOM.length).startsWith(`${PACK_CSV_COLUMNS[0]},`)).toBe(true);
    expect(csv.replace(/"[^"]*"/g, '').match(/\n/g)!.length).toBe(csv.replace(/"[^"]*"/g, '').match(/\r\n/g)!.length);
  });

  it('has one row per clip–action link plus one per unlinked clip, which parse back to the model’s values', () => {
    const rows = parseCsv(renderPackCsv(model));
    expect(model.unlinkedClipIds.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(model.totals.links + model.unlinkedClipIds.length);
    expect(rows.map((r) => [r['Evidence id'], r['Action id']])).toEqual(expectedRowKeys(model));
    const clips = new Map(model.clips.map((c) => [c.id, c]));
    const sources = new Map(model.sources.map((s) => [s.id, s]));
    for (const row of rows) {
      const clip = clips.get(row['Evidence id']!)!;
      const source = sources.get(clip.sourceId)!;
      expect(unescapeFormula(row.Quote!)).toBe(clip.quote);
      expect(unescapeFormula(row.Note!)).toBe(clip.note);
      expect(row['Document title']).toBe(source.title);
      expect(row['Source URL']).toBe(source.url ?? '');
      expect(row['Source SHA-256']).toBe(source.sha256 ?? '');
      expect(row.Status).toBe(EVIDENCE_STATUS_LABELS[clip.status]);
      expect(row['Clipped by']).toBe(clip.createdBy);
      if (!row['Action id']) expect([row['Recommendation ref'], row.Action, row.Assessment]).toEqual(['', '', '']);
    }
    const linkedRow = rows.find((r) => r['Action id'])!;
    const action = model.recommendations.flatMap((r) => r.actions).find((a) => a.id === linkedRow['Action id'])!;
    const link = action.links.find((l) => l.clipId === linkedRow['Evidence id'])!;
    expect(linkedRow.Action).toBe(action.title);
    expect(linkedRow.Assessment).toBe(ASSESSMENT_LABELS[link.assessment ?? 'unassessed']);
  });

  test.each(['=', '+', '-', '@'])('a quote, note and tag starting with %s are escaped against formula injection', (c) => {
    const hostile = structuredClone(model);
    const clip = hostile.clips[0]!;
    clip.quote = `${c}HYPERLINK("http://evil.example/","x")`;
    clip.note = `${c}1+1`;
    hostile.tags[0]!.name = `${c}cmd|' /C calc'!A0`;
    clip.tagIds = [hostile.tags[0]!.id];
    const rows = parseCsv(renderPackCsv(hostile)).filter((r) => r['Evidence id'] === clip.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.Quote).toBe(`'${clip.quote}`);
      expect(row.Note).toBe(`'${clip.note}`);
      expect(row.Tags).toBe(`'${hostile.tags[0]!.name}`);
    }
  });
});

describe('REFI-QDA codebook (.qdc)', () => {
  it('validates against Codebook.xsd, with the assessments impact first and the tags as codes', async () => {
    const qdc = renderPackQdc(model);
    expect(await validateRefiQda('Codebook.xsd', qdc)).toEqual({ valid: true, errors: [] });
    const book = xmlDocument(qdc);
    expect(book.documentElement.namespaceURI).toBe('urn:QDA-XML:codebook:1.0');
    const names = [...book.getElementsByTagName('Code')].map((c) => c.getAttribute('name'));
    expect(names.slice(0, 5)).toEqual(['Assessment', 'Impact', 'Delivery', 'Concern', 'Context']);
    for (const tag of model.tags) expect(names).toContain(tag.name);
    for (const code of book.getElementsByTagName('Code')) expect(code.getAttribute('guid')).toMatch(GUID);
  });

  it('is valid for a workspace with no tags and no plan', async () => {
    const doc = new Y.Doc();
    must(migrateWorkspaceDoc(doc, 'empty'), 'migrate');
    const empty = await buildPackModel(packWorkspaceFromDoc(doc, 'empty'), EVERYTHING, PACK_OPTIONS);
    expect(empty.tags).toEqual([]);
    expect(await validateRefiQda('Codebook.xsd', renderPackQdc(empty))).toEqual({ valid: true, errors: [] });
    const qde = zipTexts(await renderPackQdpx(empty))['project.qde']!;
    expect(await validateRefiQda('Project.xsd', qde)).toEqual({ valid: true, errors: [] });
    // The fixture without its tags, too.
    const untagged = { ...structuredClone(model), tags: [], clips: model.clips.map((c) => ({ ...c, tagIds: [] })) };
    expect(await validateRefiQda('Codebook.xsd', renderPackQdc(untagged))).toEqual({ valid: true, errors: [] });
  });

  it('keeps each tag’s GUID from one export to the next and through a rename', async () => {
    const tagGuids = (qdc: string) =>
      new Map([...xmlDocument(qdc).getElementsByTagName('Code')].map((c) => [c.getAttribute('name')!, c.getAttribute('guid')!]));
    const first = tagGuids(renderPackQdc(model));
    const later = await buildPackModel(packWorkspaceFromDoc(pack.fixture.doc, pack.fixture.workspaceId), EVERYTHING, { ...PACK_OPTIONS, generatedAt: '2027-01-05T10:00:00.000Z' });
    expect(tagGuids(renderPackQdc(later))).toEqual(first);

    const tag = model.tags[0]!;
    must(renameTag(pack.fixture.doc, deterministicContext(createRandom(2), 'u2'), tag.id, 'Renamed tag'), 'rename');
    const renamed = await buildPackModel(packWorkspaceFromDoc(pack.fixture.doc, pack.fixture.workspaceId), EVERYTHING, PACK_OPTIONS);
    const after = tagGuids(renderPackQdc(renamed));
    expect(after.get('Renamed tag')).toBe(first.get(tag.name));
    expect(after.has(tag.name)).toBe(false);
    must(renameTag(pack.fixture.doc, deterministicContext(createRandom(3), 'u2'), tag.id, tag.name), 'rename back');
  });

  it('derives GUIDs as RFC 9562 name-based UUIDs (v5) over a SHA-1 that agrees with Node’s', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'tag:tag_x1 é 😀'.repeat(20)]) {
      const bytes = new TextEncoder().encode(text);
      expect(Buffer.from(sha1(bytes)).toString('hex')).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
    // RFC 9562's namespace for DNS names, and Python's uuid.uuid5(NAMESPACE_DNS, 'python.org').
    expect(uuidV5(uuidBytes('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(guidFor('tag', 'tag_1')).toMatch(GUID);
    expect(guidFor('tag', 'tag_1')).not.toBe(guidFor('action', 'tag_1'));
  });
});

describe('REFI-QDA project (.qdpx)', () => {
  it('holds a project.qde valid against Project.xsd and each text source’s file under sources/', async () => {
    const files = zipTexts(await renderPackQdpx(model));
    const qde = files['project.qde']!;
    expect(await validateRefiQda('Project.xsd', qde)).toEqual({ valid: true, errors: [] });
    const project = xmlDocument(qde);
    expect(project.documentElement.namespaceURI).toBe('urn:QDA-XML:project:1.0');
    const textSources = [...project.getElementsByTagName('TextSource')].filter((s) => s.parentElement?.localName === 'Sources');
    expect(textSources.length).toBe(model.sources.length);
    for (const source of textSources) {
      const path = source.getAttribute('plainTextPath')!;
      expect(path).toMatch(/^internal:\/\/[0-9a-f-]{36}\.txt$/);
      expect(files[`sources/${path.slice('internal://'.length)}`]).toBeDefined();
    }
    expect(project.getElementsByTagName('PlainTextSelection').length).toBe(model.clips.length);
    expect(project.getElementsByTagName('Note').length).toBe(model.clips.filter((c) => c.note.trim()).length);
  });

  it('places every clip at its quote, in code points, in its source’s text file', async () => {
    const files = zipTexts(await renderPackQdpx(model));
    const project = xmlDocument(files['project.qde']!);
    const quotes = new Map(model.clips.map((c) => [guidFor('clip', c.id), c.quote]));
    for (const source of project.getElementsByTagName('TextSource')) {
      const path = source.getAttribute('plainTextPath');
      if (!path) continue;
      const text = files[`sources/${path.slice('internal://'.length)}`]!;
      for (const selection of source.getElementsByTagName('PlainTextSelection')) {
        const slice = codepointSlice(text, Number(selection.getAttribute('startPosition')), Number(selection.getAttribute('endPosition')));
        // Snapshot spans are found as re-anchoring finds them, so whitespace may differ from the quote.
        expect(slice.replace(/\s+/g, ' ')).toBe(quotes.get(selection.getAttribute('guid')!)!.replace(/\s+/g, ' ').normalize('NFKC'));
      }
    }
  });

  it('codes each clip with the actions it is linked to, their assessments, its tags and its status', async () => {
    const project = xmlDocument(zipTexts(await renderPackQdpx(model))['project.qde']!);
    const codesByName = new Map([...project.getElementsByTagName('Code')].map((c) => [c.getAttribute('guid')!, c.getAttribute('name')!]));
    const selections = new Map([...project.getElementsByTagName('PlainTextSelection')].map((s) => [s.getAttribute('guid')!, s]));
    const tagNames = new Map(model.tags.map((t) => [t.id, t.name]));
    for (const clip of model.clips) {
      const selection = selections.get(guidFor('clip', clip.id))!;
      const coded = [...selection.getElementsByTagName('CodeRef')].map((ref) => codesByName.get(ref.getAttribute('targetGUID')!)).sort();
      const links = model.recommendations.flatMap((r) => r.actions.flatMap((a) => a.links.filter((l) => l.clipId === clip.id).map((l) => ({ a, l }))));
      const expected = [
        ...links.map(({ a }) => codesByName.get(guidFor('action', a.id))),
        ...new Set(links.flatMap(({ l }) => (l.assessment ? [ASSESSMENT_LABELS[l.assessment]] : []))),
        ...clip.tagIds.map((id) => tagNames.get(id)),
        EVIDENCE_STATUS_LABELS[clip.status],
      ].sort();
      expect(coded).toEqual(expected);
    }
  });

  it('counts positions in code points: a quote after emoji and astral characters, and clips of a source with no kept text', async () => {
    const ctx = deterministicContext(createRandom(11));
    const doc = new Y.Doc();
    must(migrateWorkspaceDoc(doc, 'astral'), 'migrate');
    const text = 'Families 👨‍👩‍👧‍👦 said 𝒳𝒴𝒵 and 🎉🎉. The quote after emoji is here. Then 😀 more: the second quote 🚸 with an emoji inside. End.';
    const quotes = ['The quote after emoji is here.', 'the second quote 🚸 with an emoji inside.'];
    const web = (url: string, pageTitle: string): ClipInput['source'] => ({ kind: 'web', url, canonicalUrl: null, pageTitle, metadata: { ...emptyPageMetadata(), title: pageTitle } });
    const sha256 = createHash('sha256').update(text).digest('hex');
    for (const quote of quotes) {
      const start = text.indexOf(quote);
      must(captureClip(doc, ctx, {
        source: web('https://democracy.example.gov.uk/astral.html', 'Astral page'),
        evidence: { anchor: { ...describeTextRange(text, start, start + quote.length), paragraph: null }, contextBefore: '', contextAfter: '' },
        snapshot: { kind: 'web', text, pageStarts: null, sha256 },
      }), 'clip with snapshot');
    }
    // A page clipped without a snapshot: its project text is made of its quotes.
    for (const quote of ['🦄 First 𝔘 quote without a kept text.', 'Second 🐙 quote.']) {
      must(captureClip(doc, ctx, {
        source: web('https://democracy.example.gov.uk/no-snapshot.html', 'No snapshot page'),
        evidence: { anchor: { ...describeTextRange(quote, 0, quote.length), paragraph: null }, contextBefore: '', contextAfter: '' },
      }), 'clip without snapshot');
    }
    const astral = await buildPackModel(packWorkspaceFromDoc(doc, 'astral'), EVERYTHING, PACK_OPTIONS);
    expect(astral.sources.find((s) => s.title === 'No snapshot page')!.snapshot).toBeNull();
    // One clip whose span is unknown: found again by its quote.
    const variant = structuredClone(astral);
    variant.clips.find((c) => c.quote === quotes[1])!.snapshotSpan = null;

    for (const m of [astral, variant]) {
      const files = zipTexts(await renderPackQdpx(m));
      expect(await validateRefiQda('Project.xsd', files['project.qde']!)).toEqual({ valid: true, errors: [] });
      const project = xmlDocument(files['project.qde']!);
      const byGuid = new Map(m.clips.map((c) => [guidFor('clip', c.id), c]));
      const seen: string[] = [];
      for (const source of project.getElementsByTagName('TextSource')) {
        const file = files[`sources/${source.getAttribute('plainTextPath')!.slice('internal://'.length)}`]!;
        for (const selection of source.getElementsByTagName('PlainTextSelection')) {
          const clip = byGuid.get(selection.getAttribute('guid')!)!;
          const start = Number(selection.getAttribute('startPosition'));
          const end = Number(selection.getAttribute('endPosition'));
          expect(codepointSlice(file, start, end)).toBe(clip.quote);
          if (clip.quote === quotes[0]) {
            // 35 UTF-16 units before it, but the family emoji, 𝒳𝒴𝒵 and 🎉🎉 are 4 + 3 + 2 code points shorter.
            expect(text.indexOf(clip.quote) - start).toBe(9);
          }
          seen.push(clip.quote);
        }
      }
      expect(seen.sort()).toEqual(m.clips.map((c) => c.quote).sort());
    }
  });

  it('writes hostile text and characters XML forbids as inert text, still valid against the schemas', async () => {
    const hostile = await hostilePack();
    const forbidden = ' | NUL\u0000 BEL\u0007 FF\u000C lone\uD800 surrogate \uFFFF end';
    const first = hostile.clips[0]!.note;
    hostile.clips[0]!.note += forbidden;
    const qdc = renderPackQdc(hostile);
    expect(await validateRefiQda('Codebook.xsd', qdc)).toEqual({ valid: true, errors: [] });
    const qde = zipTexts(await renderPackQdpx(hostile))['project.qde']!;
    expect(await validateRefiQda('Project.xsd', qde)).toEqual({ valid: true, errors: [] });
    for (const xml of [qdc, qde]) {
      const parsed = xmlDocument(xml);
      const namespaces = new Set([...parsed.getElementsByTagName('*')].map((e) => e.namespaceURI));
      expect([...namespaces]).toEqual([parsed.documentElement.namespaceURI]);
      const known = new Set(['CodeBook', 'Project', 'Codes', 'Code', 'Description', 'Users', 'User', 'Variables', 'Variable', 'Sources', 'TextSource', 'PlainTextSelection', 'Coding', 'CodeRef', 'NoteRef', 'VariableValue', 'VariableRef', 'TextValue', 'DateValue', 'Notes', 'Note', 'PlainTextContent']);
      for (const e of parsed.getElementsByTagName('*')) expect(known).toContain(e.localName);
    }
    const notes = [...xmlDocument(qde).getElementsByTagName('PlainTextContent')].map((n) => n.textContent);
    for (const text of HOSTILE_TEXTS.filter((t) => t !== first)) expect(notes).toContain(text);
    // Characters XML 1.0 forbids become U+FFFD; the rest of the text survives.
    expect(notes).toContain(`${first} | NUL\uFFFD BEL\uFFFD FF\uFFFD lone\uFFFD surrogate \uFFFD end`);
    // Code names are the tag names on one line, shortened with "…" past 100 characters.
    const codeNames = new Map([...xmlDocument(qdc).getElementsByTagName('Code')].map((c) => [c.getAttribute('guid'), c.getAttribute('name')!]));
    for (const tag of hostile.tags) {
      const name = codeNames.get(guidFor('tag', tag.id))!;
      const oneLine = tag.name.replace(/\s+/g, ' ').trim();
      expect(name.endsWith('…') ? oneLine.startsWith(name.slice(0, -1)) : name === oneLine).toBe(true);
    }
  });
});

describe('Word export (.docx)', () => {
  let html: string;
  let files: Record<string, string>;
  beforeAll(async () => {
    const bytes = await renderPackDocx(model);
    files = zipTexts(bytes);
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  });

  const textOf = (fragment: string) => new JSDOM(`<body>${fragment}</body>`).window.document.body.textContent!.replace(/\s+/g, ' ');

  it('reads back in mammoth with every quote in the body and one citation footnote per quote shown', () => {
    const dom = new JSDOM(html).window.document;
    const footnotes = [...dom.querySelectorAll('li[id^="footnote-"]')];
    expect(footnotes).toHaveLength(model.totals.links + model.unlinkedClipIds.length);
    const body = textOf(html.slice(0, html.indexOf('<li id="footnote-1"')));
    for (const clip of model.clips) expect(body).toContain(clip.quote.replace(/\s+/g, ' '));
    const sources = new Map(model.sources.map((s) => [s.id, s]));
    const notes = footnotes.map((li) => li.textContent!.replace(/\s+/g, ' '));
    // Footnotes are numbered as quotes appear: the plan's links in order, then the unlinked clips.
    const order = expectedRowKeys(model).map(([clipId]) => model.clips.find((c) => c.id === clipId)!);
    order.forEach((clip, i) => {
      const source = sources.get(clip.sourceId)!;
      expect(notes[i]).toContain(source.title);
      if (source.url) expect(notes[i]).toContain(source.url);
      if (clip.page) expect(notes[i]).toContain(`page ${clip.page}`);
      expect(notes[i]).toContain(`Clipped by ${clip.createdBy} on ${formatDateTime(clip.createdAt)}`);
      expect(notes[i]).toContain((source.council ?? source.publisher)!);
    });
  });

  it('is built from real structure: Title, Heading 1 and 2, Quote paragraphs, a table with a repeated header row, title and en-GB in its properties', () => {
    const documentXml = files['word/document.xml']!;
    const styles = [...documentXml.matchAll(/<w:pStyle w:val="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(styles.filter((s) => s === 'Title')).toHaveLength(1);
    expect(styles.filter((s) => s === 'Heading1').length).toBeGreaterThanOrEqual(model.recommendations.length);
    expect(styles.filter((s) => s === 'Heading2').length).toBeGreaterThanOrEqual(model.recommendations.flatMap((r) => r.actions).length);
    expect(styles.filter((s) => s === 'Quote')).toHaveLength(model.totals.links + model.unlinkedClipIds.length);
    expect(documentXml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(files['word/styles.xml']).toContain('<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/>');
    expect(files['word/styles.xml']).toContain('<w:lang w:val="en-GB"/>');
    const core = xmlDocument(files['docProps/core.xml']!);
    expect(core.getElementsByTagName('dc:title')[0]!.textContent).toBe(model.title);
    expect(core.getElementsByTagName('dc:language')[0]!.textContent).toBe('en-GB');
    expect(html).toContain('<h1>Evidence not linked to the plan</h1>');
    expect(html).toContain('<h1>Sources</h1>');
    for (const source of model.sources) if (source.sha256) expect(html).toContain(source.sha256);
  });
});
