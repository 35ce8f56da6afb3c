import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import * as Y from 'yjs';
import { describeTextRange } from '../../shared/anchoring/describe';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackModel, type PackOptions } from '../../shared/pack';
import type { PlanDocument } from '../../shared/plan-io/types';
import { emptyPageMetadata } from '../../shared/schema/page-metadata';
import { captureClip, createTag, importPlanDocument, linkEvidence, migrateWorkspaceDoc, setEvidenceNote, tagEvidence, type ClipInput, type MutationContext } from '../../shared/workspace';
import { HOSTILE_STRINGS, HOSTILE_URLS } from './hostile-strings';
import { buildFixtureWorkspace } from './pack-fixture';
import { createRandom } from './random';
import { deterministicContext } from './workspace-ops';

/** Helpers the evidence-pack export tests share: models to render, the REFI-QDA schemas, docx parts. */

export const PACK_OPTIONS: PackOptions = { generatedAt: '2026-12-03T08:10:50.000Z', generatedBy: 'Pack Tester', staleAfterMonths: 6 };

export function must<T>(result: { ok: true; value: T } | { ok: false; error: unknown }, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The pack of the fixture workspace (the real documents, tests/lib/pack-fixture.ts), everything selected. */
export async function fixturePack(options: PackOptions = PACK_OPTIONS) {
  const fixture = await buildFixtureWorkspace(deterministicContext(createRandom(1)));
  const model = await buildPackModel(packWorkspaceFromDoc(fixture.doc, fixture.workspaceId), EVERYTHING, options);
  return { fixture, model };
}

export const REFI_QDA_DIR = fileURLToPath(new URL('../../../shared/refi-qda/', import.meta.url));

/** Validates XML against one of the REFI-QDA schemas kept beside the repository; fails loudly if they are missing. */
export async function validateRefiQda(schema: 'Codebook.xsd' | 'Project.xsd', xml: string) {
  const path = `${REFI_QDA_DIR}${schema}`;
  if (!existsSync(path)) throw new Error(`The REFI-QDA schema ${schema} is missing: expected it at ${path} (../shared/refi-qda/ beside the repository)`);
  const result = await validateXML({
    xml: [{ fileName: schema === 'Codebook.xsd' ? 'export.qdc' : 'project.qde', contents: xml }],
    schema: [{ fileName: schema, contents: readFileSync(path, 'utf8') }],
    maxMemoryPages: 16_384,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

/** The files of a zip (.docx, .qdpx) as text. */
export function zipTexts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** Hostile strings plus "CURRENT" and "TOTAL_PAGES", which docx would turn into page-number fields if passed as run children. */
export const DOCX_FIELD_WORDS = ['CURRENT', 'TOTAL_PAGES', 'TOTAL_PAGES_IN_SECTION', 'SECTION'];
export const HOSTILE_TEXTS: readonly string[] = [...HOSTILE_STRINGS, ...DOCX_FIELD_WORDS];

const page = (i: number, title: string): ClipInput['source'] => ({
  kind: 'web',
  // Unique per clip (one source each), still a script address.
  url: `${HOSTILE_URLS[i % HOSTILE_URLS.length]!}#${i}`,
  canonicalUrl: null,
  pageTitle: title,
  metadata: { ...emptyPageMetadata(), title, publisher: title, subject_local_authority: title, document_type: 'committee_report' },
});

/**
 * A workspace carrying every hostile string where people and pages put text: the plan's name,
 * recommendations and actions (every field), tags, clipped quotes (each its own page whose title,
 * publisher and address are hostile too), notes. Tag names longer than the schema's 80 characters, and
 * the source addresses (which the model already reduces to http(s) or null), are then put straight
 * into the model, so the renderers' own guards are tested, not only the model's.
 */
export async function hostilePack(ctx: MutationContext = deterministicContext(createRandom(7))): Promise<PackModel> {
  const doc = new Y.Doc();
  must(migrateWorkspaceDoc(doc, 'hostile'), 'migrate');
  const plan: PlanDocument = {
    name: 'Hostile plan <script>alert(1)</script>',
    recommendations: HOSTILE_TEXTS.map((text, i) => ({
      reference: String(i + 1),
      text,
      ofstedParagraph: text.slice(0, 40),
      actions: [{ reference: `${i + 1}.1`, title: text, description: text, lead: text, dueDate: null, deliveryRag: 'red', impactRag: null, successMeasures: text, progress: text, status: 'in_progress', extra: {} }],
    })),
  };
  const imported = must(importPlanDocument(doc, ctx, plan), 'hostile plan');
  const tagIds = HOSTILE_TEXTS.map((text, i) => must(createTag(doc, ctx, { name: text.length <= 80 ? text : `tag ${i}` }), `tag ${i}`));
  HOSTILE_TEXTS.forEach((text, i) => {
    const body = `Paragraph before. ${text} Paragraph after.`;
    const start = body.indexOf(text);
    const clip = must(
      captureClip(doc, ctx, {
        source: page(i, text),
        evidence: { anchor: { ...describeTextRange(body, start, start + text.length), paragraph: null }, contextBefore: '', contextAfter: '' },
      }),
      `hostile clip ${i}`,
    );
    must(linkEvidence(doc, ctx, clip.evidenceId, imported.actionIds[i]!, 'impact'), 'link');
    must(tagEvidence(doc, ctx, clip.evidenceId, tagIds[i]!), 'tag');
    must(setEvidenceNote(doc, ctx, clip.evidenceId, text), 'note');
  });
  const model = await buildPackModel(packWorkspaceFromDoc(doc, 'hostile'), EVERYTHING, PACK_OPTIONS);
  model.tags.forEach((tag, i) => (tag.name = HOSTILE_TEXTS[i % HOSTILE_TEXTS.length]!));
  model.sources.forEach((source, i) => (source.url = HOSTILE_URLS[i % HOSTILE_URLS.length]!));
  return model;
}
