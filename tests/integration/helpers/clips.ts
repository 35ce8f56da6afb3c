import type * as Y from 'yjs';
import { captureClip, project, type MutationContext } from '../../../shared/workspace';
import { createRandom } from '../../lib/random';
import { deterministicContext, randomSourceInput } from '../../lib/workspace-ops';

/** Saves a clip quoting `exact` through the domain mutation, as the extension does; returns the clip's id. */
export function saveClip(doc: Y.Doc, exact: string, ctx: MutationContext = deterministicContext(createRandom(exact.length), 'clipper')): string {
  const saved = captureClip(doc, ctx, {
    source: randomSourceInput(createRandom(exact.length)),
    evidence: {
      anchor: {
        quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 0, end: exact.length },
        paragraph: null,
      },
      contextBefore: '',
      contextAfter: '',
    },
  });
  if (!saved.ok) throw new Error(`test clip "${exact}" not saved: ${saved.error}`);
  return saved.value.evidenceId;
}

/** Whether the workspace, as the extension would list it, has a clip quoting `exact`. */
export const hasClip = (doc: Y.Doc, exact: string) => project(doc).evidence.some((clip) => clip.quote === exact);
