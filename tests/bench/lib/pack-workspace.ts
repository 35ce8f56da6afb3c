import * as Y from 'yjs';
import { describeTextRange } from '../../../shared/anchoring/describe';
import { emptyPageMetadata } from '../../../shared/schema/page-metadata';
import type { PlanDocument } from '../../../shared/plan-io/types';
import { ASSESSMENTS } from '../../../shared/schema/evidence';
import {
  captureClip,
  createTag,
  importPlanDocument,
  linkEvidenceMany,
  migrateWorkspaceDoc,
  setEvidenceNote,
  setEvidenceStatus,
  tagEvidence,
} from '../../../shared/workspace';
import { createRandom, type Random } from '../../lib/random';
import { deterministicContext } from '../../lib/workspace-ops';

const WORDS = (
  'children care leavers social workers pathway plans management oversight assessment drift delay permanence ' +
  'fostering adoption placement stability supervision caseloads audit quality practice families partners ' +
  'safeguarding strategy meetings child protection plans court proceedings independent reviewing officers ' +
  'improvement board scrutiny committee monitoring visit progress impact evidence performance recruitment'
).split(' ');

const sentence = (random: Random, words: number) => {
  const text = Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
};

/** A source's text: numbered paragraphs of generated sentences, about `chars` long. */
function sourceText(random: Random, chars: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  for (let n = 1; length < chars; n++) {
    const p = `${n}. ${Array.from({ length: random.int(2, 5) }, () => sentence(random, random.int(12, 30))).join(' ')}`;
    paragraphs.push(p);
    length += p.length + 2;
  }
  return paragraphs.join('\n\n');
}

function generatedPlan(random: Random, actions: number): PlanDocument {
  const recommendations = Math.max(1, Math.round(actions / 10));
  return {
    name: 'Generated improvement plan',
    recommendations: Array.from({ length: recommendations }, (_, r) => ({
      reference: String(r + 1),
      text: sentence(random, 20),
      ofstedParagraph: String(r + 3),
      actions: Array.from({ length: Math.floor(actions / recommendations) + (r < actions % recommendations ? 1 : 0) }, (_, a) => ({
        reference: `${r + 1}.${a + 1}`,
        title: sentence(random, 10),
        description: sentence(random, 25),
        lead: 'Head of service',
        dueDate: `2026-${String((a % 12) + 1).padStart(2, '0')}-28`,
        deliveryRag: random.pick(['red', 'amber', 'green', 'blue', null] as const),
        impactRag: random.pick(['red', 'amber', 'green', null] as const),
        successMeasures: sentence(random, 15),
        progress: sentence(random, 20),
        status: random.pick(['not_started', 'in_progress', 'complete'] as const),
        extra: {},
      })),
    })),
  } as PlanDocument;
}

/**
 * A large workspace for the evidence-pack benchmarks, made through the same mutations the extension
 * uses: `sources` documents with text snapshots (about 60 KB each, a council report's length), a plan
 * of `actions` actions, `clips` clips of real sentences of those texts, linked to 1–2 actions each,
 * tagged, some with notes, a third approved.
 */
export async function generatePackWorkspaceDoc(options: { clips: number; actions: number; sources: number; seed?: number; workspaceId?: string }): Promise<Y.Doc> {
  const random = createRandom(options.seed ?? 42);
  const ctx = deterministicContext(random, 'bench');
  const doc = new Y.Doc();
  migrateWorkspaceDoc(doc, options.workspaceId ?? 'bench-pack');
  const imported = importPlanDocument(doc, ctx, generatedPlan(random, options.actions));
  if (!imported.ok) throw new Error(`plan: ${imported.error}`);
  const tags = ['Care leavers', 'Supervision', 'Voice of the child', 'Workforce', 'Audit'].map((name) => {
    const tag = createTag(doc, ctx, { name });
    if (!tag.ok) throw new Error(tag.error);
    return tag.value;
  });
  const encoder = new TextEncoder();
  const sources = await Promise.all(
    Array.from({ length: options.sources }, async (_, s) => {
      const text = sourceText(random, 60_000);
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
      const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      const sentences = [...text.matchAll(/[A-Z][^.]{40,}\./g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
      return { s, text, sha256, sentences };
    }),
  );
  for (let i = 0; i < options.clips; i++) {
    const source = sources[i % sources.length]!;
    const { start, end } = random.pick(source.sentences);
    const day = `20${random.int(23, 26)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const saved = captureClip(doc, ctx, {
      source: {
        kind: 'web',
        url: `https://democracy.council${source.s % 40}.gov.uk/documents/s${source.s}/report.html`,
        canonicalUrl: null,
        pageTitle: `Report ${source.s}`,
        metadata: {
          ...emptyPageMetadata(), document_type: 'committee_report', title: `Children's services improvement report ${source.s}`,
          publisher: `Council ${source.s % 40}`, subject_local_authority: `Council ${source.s % 40}`, meeting_date: day,
        },
      },
      evidence: { anchor: { ...describeTextRange(source.text, start, end), paragraph: String(random.int(1, 40)) }, contextBefore: '', contextAfter: '' },
      snapshot: { kind: 'web', text: source.text, pageStarts: null, sha256: source.sha256 },
    });
    if (!saved.ok) throw new Error(saved.error);
    const id = saved.value.evidenceId;
    const links = random.int(1, 2);
    for (let l = 0; l < links; l++) {
      linkEvidenceMany(doc, ctx, [id], random.pick(imported.value.actionIds), random.pick(ASSESSMENTS));
    }
    if (random.chance(0.5)) tagEvidence(doc, ctx, id, random.pick(tags));
    if (random.chance(0.2)) setEvidenceNote(doc, ctx, id, sentence(random, 15));
    if (random.chance(0.33)) setEvidenceStatus(doc, ctx, id, 'approved');
  }
  return doc;
}
