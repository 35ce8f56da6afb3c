import { z } from 'zod';
import { ACTION_STATUSES, RAG_VALUES } from '../schema/action';
import { Anchor, ASSESSMENTS, EVIDENCE_STATUSES } from '../schema/evidence';
import { PLAN_STATUSES } from '../schema/plan';
import { PageMetadata } from '../schema/page-metadata';
import { CORRECTABLE_FIELDS, FieldSourceSchema, PdfIdentity } from '../schema/source';
import { SNAPSHOT_MAX_CHARS } from '../schema/source-snapshot';

/**
 * Messages between the extension's parts (content script, pages, background). Every message carries
 * the protocol version and a named type (protocols carry a version and reject what they do
 * not know, after tldraw `sync-core/protocol.ts`). The background validates every request: a content
 * script runs inside web pages and is not trusted with the workspace.
 */
export const PROTOCOL_VERSION = 1;

export const SourceInputMessage = z.object({
  kind: z.enum(['web', 'pdf']),
  url: z.string().url().max(4096),
  canonicalUrl: z.string().url().max(4096).nullable(),
  pageTitle: z.string().max(1000),
  metadata: PageMetadata,
  pdf: PdfIdentity.nullable().optional(),
  linkContext: z.record(z.string(), z.unknown()).nullable().optional(),
  fieldSources: z.record(z.string().max(60), FieldSourceSchema).optional(),
});

/**
 * The document's text as the clip saw it, for the source's snapshot (provenance). Its SHA-256 is not
 * taken from the sender: the background works it out (a web page's text) or takes the PDF's own.
 */
export const SnapshotMessage = z.object({
  kind: z.enum(['web', 'pdf']),
  text: z.string().max(SNAPSHOT_MAX_CHARS),
  pageStarts: z.array(z.number().int().nonnegative()).max(10_000).nullable(),
});

export const ClipMessage = z.object({
  source: SourceInputMessage,
  evidence: z.object({
    anchor: Anchor,
    contextBefore: z.string().max(2000),
    contextAfter: z.string().max(2000),
  }),
  snapshot: SnapshotMessage.optional(),
});
export type ClipMessage = z.infer<typeof ClipMessage>;

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const RecommendationFields = z.object({
  reference: text(40),
  text: z.string().min(1).max(4000),
  ofstedParagraph: text(40).nullable(),
});
const ActionFields = z.object({
  reference: text(40),
  title: z.string().min(1).max(1000),
  description: text(8000),
  lead: text(200),
  dueDate: isoDate.nullable(),
  deliveryRag: z.enum(RAG_VALUES).nullable(),
  impactRag: z.enum(RAG_VALUES).nullable(),
  successMeasures: text(8000),
  progress: text(8000),
  status: z.enum(ACTION_STATUSES),
  /** The plan's own columns, with "By when" in words ("Ongoing", "June 2027") when it gave no day. */
  extra: z.record(text(200), text(8000)).optional(),
});

/** Requests to the background, by type. */
export const BackgroundRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capture-clip'), clip: ClipMessage }),
  z.object({ type: z.literal('prepare-capture') }),
  z.object({ type: z.literal('page-clips'), sourceId: id, url: z.string().max(4096) }),
  z.object({ type: z.literal('evidence-set-note'), id, note: z.string().max(20_000) }),
  z.object({ type: z.literal('evidence-tag'), id, tagId: id }),
  z.object({ type: z.literal('evidence-untag'), id, tagId: id }),
  z.object({ type: z.literal('evidence-delete'), id }),
  z.object({ type: z.literal('evidence-restore'), id }),
  z.object({ type: z.literal('evidence-set-status'), id, status: z.enum(EVIDENCE_STATUSES) }),
  z.object({ type: z.literal('tag-create'), name: z.string().min(1).max(80), colour: z.string().optional() }),
  z.object({ type: z.literal('tag-rename'), id, name: z.string().min(1).max(80) }),
  z.object({ type: z.literal('tag-delete'), id }),
  z.object({ type: z.literal('workspace-export') }),
  z.object({ type: z.literal('workspace-info'), load: z.enum(['no', 'background', 'now']).default('no') }),
  z.object({ type: z.literal('open-in-context'), evidenceId: id }),
  z.object({ type: z.literal('clip-active-tab'), tabId: z.number().int().nonnegative().optional() }),
  // Improvement plans
  z.object({ type: z.literal('plan-import'), planJson: z.string().max(20_000_000), replacesPlanId: id.nullable() }),
  z.object({ type: z.literal('plan-create'), name: z.string().min(1).max(200), replacesPlanId: id.nullable() }),
  z.object({ type: z.literal('plan-update'), id, name: z.string().min(1).max(200).optional(), status: z.enum(PLAN_STATUSES).optional() }),
  z.object({ type: z.literal('recommendation-create'), planId: id, fields: RecommendationFields }),
  z.object({ type: z.literal('recommendation-update'), id, fields: RecommendationFields.partial(), archived: z.boolean().optional() }),
  z.object({ type: z.literal('action-create'), recommendationId: id, fields: ActionFields }),
  z.object({ type: z.literal('action-update'), id, fields: ActionFields.partial(), archived: z.boolean().optional() }),
  z.object({ type: z.literal('reorder'), collection: z.enum(['recommendations', 'actions']), ids: z.array(id).max(2000) }),
  z.object({ type: z.literal('recommendations-from-source'), sourceId: id, planId: id.nullable() }),
  z.object({ type: z.literal('evidence-link'), ids: z.array(id).min(1).max(10_000), actionId: id, assessment: z.enum(ASSESSMENTS).nullable() }),
  z.object({ type: z.literal('evidence-unlink'), id, actionId: id }),
  z.object({ type: z.literal('tag-merge'), fromId: id, intoId: id }),
  z.object({ type: z.literal('tag-colour'), id, colour: z.string().regex(/^#[0-9a-f]{6}$/i) }),
  /** `anyCouncil`: include plans for other councils than the clip's (the person asked for them). */
  z.object({ type: z.literal('suggest-actions'), evidenceId: id, anyCouncil: z.boolean().optional() }),
  // The in-page toolbar's frame (extension/content/toolbar-frame.ts): after a trusted click on Clip the
  // content script offers its tab's clip and gets a one-time ticket; the toolbar frame, an extension
  // page in the same tab, claims the clip and its suggestions with that ticket.
  z.object({ type: z.literal('toolbar-offer'), evidenceId: id }),
  z.object({ type: z.literal('toolbar-claim'), ticket: z.string().regex(/^[0-9a-f-]{36}$/) }),
  // Team sync
  z.object({ type: z.literal('workspace-join'), serverUrl: z.string().max(2000), token: z.string().min(10).max(4000) }),
  z.object({ type: z.literal('workspace-switch'), workspaceId: id }),
  z.object({ type: z.literal('workspace-leave'), workspaceId: id }),
  z.object({ type: z.literal('workspace-reconnect'), workspaceId: id }),
  z.object({ type: z.literal('workspace-pending'), workspaceId: id }),
  z.object({ type: z.literal('workspace-forget'), workspaceId: id }),
  z.object({ type: z.literal('presence-page'), url: z.string().max(4096), title: z.string().max(1000), visible: z.boolean() }),
  // PDFs
  z.object({ type: z.literal('link-context-save'), url: z.string().url().max(4096), context: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('link-context-get'), url: z.string().max(4096) }),
  /** The tab the popup shows (its active tab, or the one its `?tab=` names). */
  z.object({ type: z.literal('open-tab-in-viewer'), tabId: z.number().int().nonnegative().optional() }),
  // Evidence packs: the doc's store made current before the export worker reads it.
  z.object({ type: z.literal('pack-export-prepare') }),
  // Citations people can trust: a correction of one field of a source, for the whole team.
  z.object({ type: z.literal('source-correct'), sourceId: id, field: z.enum(CORRECTABLE_FIELDS), value: z.unknown(), revert: z.boolean().default(false) }),
]);
export type BackgroundRequest = z.infer<typeof BackgroundRequest>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** Requests to a page's content script. */
export const ContentRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('capture-selection') }),
  z.object({ type: z.literal('show-clip'), evidenceId: id }),
  z.object({ type: z.literal('page-state') }),
  z.object({ type: z.literal('refresh-highlights') }),
]);
export type ContentRequest = z.infer<typeof ContentRequest>;

export type Envelope<T> = T & { protocol: typeof PROTOCOL_VERSION };

export function envelope<T extends object>(message: T): Envelope<T> {
  return { ...message, protocol: PROTOCOL_VERSION };
}

/** Checks the version, then the shape; unknown versions and types are refused by name. */
export function parseEnvelope<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; value: z.infer<S> } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'message is not an object' };
  const version = (raw as { protocol?: unknown }).protocol;
  if (version !== PROTOCOL_VERSION) {
    return { ok: false, error: `protocol version ${JSON.stringify(version)} is not ${PROTOCOL_VERSION}` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `invalid ${String((raw as { type?: unknown }).type)} message: ${issue.path.join('.')} ${issue.message}` };
  }
  return { ok: true, value: parsed.data };
}

/** A plan action suggested for a clip, with what the toolbar shows of it. */
export interface SuggestedAction {
  actionId: string;
  reference: string;
  title: string;
  recommendationReference: string;
  score: number;
  /** Why it was suggested: the clip's words it shares with the action ("pathway plans", "IROs"). */
  reasons: string[];
  /** The Ofsted paragraph the clip and the action's recommendation share, when they do. */
  ofstedParagraph: string | null;
}

/** What a capture answers: saved, or recognised as a clip the workspace already has. */
export interface CaptureOutcome {
  status: 'saved' | 'duplicate';
  evidenceId: string;
  sourceId: string;
  /** The actions this clip most likely evidences, best first (empty without a plan). */
  suggestions?: SuggestedAction[];
}

/** A clip as the content script needs it to highlight: id and where it sits. */
export interface PageClip {
  id: string;
  anchor: z.infer<typeof Anchor>;
}

/** What each background request answers (inside a Result). */
export interface BackgroundResponses {
  'capture-clip': CaptureOutcome;
  'prepare-capture': void;
  'page-clips': { clips: PageClip[]; focusEvidenceId: string | null };
  'evidence-set-note': void;
  'evidence-tag': void;
  'evidence-untag': void;
  'evidence-delete': void;
  'evidence-restore': void;
  'evidence-set-status': void;
  'tag-create': { id: string };
  'tag-rename': void;
  'tag-delete': void;
  'workspace-export': { json: string; filename: string };
  'workspace-info': {
    workspaceId: string;
    evidenceCount: number;
    loaded: boolean;
    loadTimings: { docLoadedMs: number; projectionReadyMs: number } | null;
  };
  'open-in-context': void;
  'clip-active-tab': CaptureOutcome;
  'plan-import': { planId: string; recommendations: number; actions: number };
  'plan-create': { id: string };
  'plan-update': void;
  'recommendation-create': { id: string };
  'recommendation-update': void;
  'action-create': { id: string };
  'action-update': void;
  reorder: void;
  'recommendations-from-source': { planId: string; created: number };
  'evidence-link': { linked: number };
  'evidence-unlink': void;
  'tag-merge': { moved: number };
  'tag-colour': void;
  'suggest-actions': { suggestions: SuggestedAction[] };
  /** null when there is nothing to offer (no plan, or no action fits): no frame is drawn. */
  'toolbar-offer': { ticket: string | null };
  'toolbar-claim': { evidenceId: string; suggestions: SuggestedAction[] };
  'workspace-join': { workspaceId: string; role: string };
  'workspace-switch': void;
  'workspace-leave': void;
  'workspace-reconnect': void;
  'workspace-pending': { unconfirmed: number; checked: 'now' | 'last connection' | 'never' };
  'workspace-forget': void;
  'presence-page': void;
  'link-context-save': void;
  'link-context-get': { context: Record<string, unknown> | null };
  'open-tab-in-viewer': void;
  'pack-export-prepare': { workspaceId: string; generatedBy: string };
  'source-correct': void;
}

/** What each content-script request answers (inside a Result). */
export interface ContentResponses {
  'capture-selection': CaptureOutcome;
  'show-clip': { found: boolean };
  'page-state': { url: string; canonicalUrl: string | null; sourceId: string; clipCount: number; notFound: string[] };
  'refresh-highlights': { found: number; notFound: string[] };
}
