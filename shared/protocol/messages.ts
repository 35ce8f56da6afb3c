import { z } from 'zod';
import { Anchor, EVIDENCE_STATUSES } from '../schema/evidence';
import { PageMetadata } from '../schema/page-metadata';

/**
 * Messages between the extension's parts (content script, pages, background). Every message carries
 * the protocol version and a named type (STYLE.md: protocols carry a version and reject what they do
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
});

export const ClipMessage = z.object({
  source: SourceInputMessage,
  evidence: z.object({
    anchor: Anchor,
    contextBefore: z.string().max(2000),
    contextAfter: z.string().max(2000),
  }),
});

const id = z.string().min(1).max(100);

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

/** What a capture answers: saved, or recognised as a clip the workspace already has. */
export interface CaptureOutcome {
  status: 'saved' | 'duplicate';
  evidenceId: string;
  sourceId: string;
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
}

/** What each content-script request answers (inside a Result). */
export interface ContentResponses {
  'capture-selection': CaptureOutcome;
  'show-clip': { found: boolean };
  'page-state': { url: string; canonicalUrl: string | null; sourceId: string; clipCount: number; notFound: string[] };
  'refresh-highlights': { found: number; notFound: string[] };
}
