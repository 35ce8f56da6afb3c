import type { Activity } from './schema/activity';

/**
 * Activity lines as sentences a council officer reads: who did what to which action, with the
 * action's number and title, never an internal id. New lines are written this way (the `*Summary`
 * helpers); lines written by older versions ("linked to act_…", a bare source title) are reworded
 * when shown, from the plan as it is now.
 */

/** Record ids as `newId` and `sourceId` make them: a short prefix, "_", then hex. */
const INTERNAL_ID = /\b(act|ev|rec|plan|tag|log|user|src)_[0-9a-z]{8,}\b/g;

export interface NamedAction {
  reference: string;
  title: string;
}

/** `action 3.2 "Weekly case tracking"`: how a sentence names an action. */
export function actionPhrase(action: NamedAction): string {
  const title = shortenText(action.title, 80);
  return action.reference ? `action ${action.reference} "${title}"` : `the action "${title}"`;
}

export function linkSummary(action: NamedAction, assessment: string | null): string {
  return `linked a clip to ${actionPhrase(action)}${assessment ? ` as evidence of ${assessment}` : ''}`;
}

export function unlinkSummary(action: NamedAction): string {
  return `unlinked a clip from ${actionPhrase(action)}`;
}

/** The words a person uses for the fields of an action or recommendation. */
const FIELD_WORDS: Record<string, string> = {
  reference: 'number', title: 'title', description: 'description', lead: 'lead officer', dueDate: '"by when"',
  extra: 'other columns', deliveryRag: 'delivery RAG', impactRag: 'impact RAG', successMeasures: 'success measures',
  progress: 'progress', status: 'status', order: 'place', archivedAt: 'archive state', text: 'wording',
  ofstedParagraph: 'Ofsted paragraph', recommendationId: 'recommendation', name: 'name', replacesPlanId: 'predecessor',
};

/** "the title, lead officer and progress". */
export function fieldList(fields: string[]): string {
  const words = [...new Set(fields.map((f) => FIELD_WORDS[f] ?? f.replace(/([A-Z])/g, ' $1').toLowerCase()))];
  if (words.length <= 1) return `the ${words[0] ?? 'details'}`;
  return `the ${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Looks an action up by id, for lines that name one by id. */
export type ActionLookup = (id: string) => NamedAction | undefined;

/** The sentence shown after the person's name. */
export function activitySentence(entry: Pick<Activity, 'kind' | 'summary'>, actionOf: ActionLookup): string {
  let text = entry.summary.trim();
  // Older lines: "linked to act_… (impact)", "unlinked from act_…".
  const legacyLink = /^(linked to|unlinked from) (act_[0-9a-z]+)(?: \((\w+)\))?$/.exec(text);
  if (legacyLink) {
    const action = actionOf(legacyLink[2]!) ?? { reference: '', title: 'an action no longer in the plan' };
    text = legacyLink[1] === 'linked to' ? linkSummary(action, legacyLink[3] ?? null) : unlinkSummary(action);
  }
  // Older source lines were the bare title, with no verb.
  if ((entry.kind === 'source.captured') && !/^(added|clipped|saved)\b/.test(text)) text = `added the source "${text}"`;
  if (entry.kind === 'evidence.status') text = text.replace(/^marked (draft|verified|approved)$/, 'marked a clip as $1');
  // Whatever remains of an id is noise to a reader.
  return text.replace(INTERNAL_ID, (_, prefix: string) => (prefix === 'act' ? 'an action' : 'a record'));
}

/**
 * One line per link: the in-page toolbar links a clip, then records what it shows a moment later,
 * and both are true but the second says it all. A link line followed (in time) by another from the
 * same person about the same clip and action within ten minutes is left out.
 */
export function withoutSupersededLinks<T extends Pick<Activity, 'kind' | 'summary' | 'entityId' | 'at'> & { actor: { id: string } }>(
  newestFirst: T[],
  actionOf: ActionLookup,
): T[] {
  const WINDOW_MS = 10 * 60_000;
  const lastSeen = new Map<string, number>();
  const out: T[] = [];
  for (const entry of newestFirst) {
    if (entry.kind !== 'evidence.linked') {
      out.push(entry);
      continue;
    }
    const target = linkTarget(activitySentence(entry, actionOf));
    const key = `${entry.actor.id}|${entry.entityId}|${target}`;
    const at = Date.parse(entry.at);
    const later = lastSeen.get(key);
    lastSeen.set(key, at);
    if (later !== undefined && later - at <= WINDOW_MS) continue;
    out.push(entry);
  }
  return out;
}

const linkTarget = (sentence: string) => sentence.replace(/ as evidence of \w+$/, '');

function shortenText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut at a word boundary: half a word reads as a typo.
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
