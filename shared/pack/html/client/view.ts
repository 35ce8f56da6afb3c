import type { AssessmentKey } from '../../../coverage/types';
import type { PackClip, PackModel, PackSource } from '../../types';
import { isHttpUrl } from './dom';
import { hostOf } from './format';

/** What every renderer reads: the model and lookups made once. */
export interface PackContext {
  model: PackModel;
  sourcesById: ReadonlyMap<string, PackSource>;
  tagNames: ReadonlyMap<string, string>;
  clipIndexById: ReadonlyMap<string, number>;
  clip(id: string): PackClip | undefined;
  /** How clips cite a source (title, safe address, link text), worked out once per source. */
  sourceLine(id: string): SourceLine;
}

export interface SourceLine {
  title: string;
  /** An http(s) address, or null: never anything else as a link. */
  url: string | null;
  linkText: string;
}

export function sourceLineOf(source: PackSource | undefined): SourceLine {
  const url = source?.url && isHttpUrl(source.url) ? source.url : null;
  return { title: source?.title || 'Untitled source', url, linkText: url ? `Open the source on ${hostOf(url)}` : '' };
}

export function packContextOf(model: PackModel): PackContext {
  const clipIndexById = new Map(model.clips.map((c, i) => [c.id, i]));
  const sourcesById = new Map(model.sources.map((s) => [s.id, s]));
  const lines = new Map<string, SourceLine>();
  return {
    model,
    sourcesById,
    tagNames: new Map(model.tags.map((t) => [t.id, t.name])),
    clipIndexById,
    clip: (id) => {
      const i = clipIndexById.get(id);
      return i === undefined ? undefined : model.clips[i];
    },
    sourceLine: (id) => {
      let line = lines.get(id);
      if (!line) lines.set(id, (line = sourceLineOf(sourcesById.get(id))));
      return line;
    },
  };
}

/**
 * The rendered plan, kept so filters can show and hide without querying the DOM: one entry per clip
 * element (a clip linked to two actions is shown, and filtered, under each).
 */
export interface ClipEntry {
  el: HTMLElement;
  /** Index in model.clips. */
  clip: number;
  /** The link's assessment under an action; null for clips not linked to the plan. */
  assessment: AssessmentKey | null;
  shown: boolean;
}

export interface GroupView {
  el: HTMLElement;
  heading: HTMLElement;
  key: AssessmentKey;
  entries: ClipEntry[];
}

export interface ActionView {
  el: HTMLElement;
  /** "Showing 2 of 5 clips", while filtering. */
  status: HTMLElement;
  groups: GroupView[];
  total: number;
}

export interface RecommendationView {
  el: HTMLElement;
  status: HTMLElement;
  actions: ActionView[];
  total: number;
  /** Its line in the table of contents, hidden with it. */
  tocItem: HTMLElement | null;
}

export interface UnlinkedView {
  el: HTMLElement;
  status: HTMLElement;
  entries: ClipEntry[];
}

export interface PlanView {
  recommendations: RecommendationView[];
  unlinked: UnlinkedView | null;
}
