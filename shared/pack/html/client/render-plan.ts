import type { AssessmentKey } from '../../../coverage/types';
import type { PackAction, PackRecommendation } from '../../types';
import { el, textEl } from './dom';
import { ACTION_STATUS_LABELS, ASSESSMENT_GROUP_LABELS, ASSESSMENT_ORDER, RAG_KEY_ORDER, RAG_MEANINGS, RAG_WORDS, dueLine, formatDate, plural } from './format';
import { renderClip } from './render-clip';
import { countsList, gapFlag, gapText } from './render-counts';
import type { ActionView, ClipEntry, GroupView, PackContext, RecommendationView, UnlinkedView } from './view';

/** The plan, recommendation by recommendation (h2), action by action (h3), clips grouped impact first (h4). */
export function renderRecommendation(ctx: PackContext, rec: PackRecommendation, index: number): RecommendationView {
  const id = `rec-${index + 1}`;
  const section = el('section', { className: 'recommendation', id, testid: 'pack-recommendation' });
  section.setAttribute('data-recommendation-id', rec.id);
  section.appendChild(textEl('h2', recommendationHeading(rec), 'recommendation-title')).id = `${id}-h`;
  const facts: string[] = [];
  if (rec.ofstedParagraph) facts.push(`Ofsted report paragraph ${rec.ofstedParagraph}`);
  facts.push(`${plural(rec.actions.length, 'action')}`, `${plural(rec.evidenceCount, 'clip')} of evidence`);
  if (rec.latest) facts.push(`latest dated ${formatDate(rec.latest)}`);
  section.appendChild(textEl('p', facts.join(' · '), 'recommendation-facts'));
  section.appendChild(countsList(rec.counts, `Clips for recommendation ${rec.reference} by assessment`));
  const status = textEl('p', '', 'filter-status');
  status.hidden = true;
  section.appendChild(status);
  const actions = rec.actions.map((action, a) => renderAction(ctx, action, `${id}-${a + 1}`));
  for (const action of actions) section.appendChild(action.el);
  return { el: section, status, actions, total: rec.evidenceCount, tocItem: null };
}

export const recommendationHeading = (rec: PackRecommendation) =>
  rec.reference ? `Recommendation ${rec.reference}: ${rec.text}` : `Recommendation: ${rec.text}`;

export const actionHeading = (action: PackAction) => (action.reference ? `${action.reference} ${action.title}` : action.title);

function renderAction(ctx: PackContext, action: PackAction, id: string): ActionView {
  const section = el('section', { className: 'action', id: `act-${id}`, testid: 'pack-action' });
  section.setAttribute('data-action-id', action.id);
  section.setAttribute('data-evidence-count', String(action.evidenceCount));
  section.appendChild(textEl('h3', actionHeading(action))).id = `act-${id}-h`;
  if (action.description.trim()) section.appendChild(textEl('p', action.description, 'description'));
  section.appendChild(actionFacts(action));
  const gap = gapText(action, ctx.model);
  if (gap) section.appendChild(gapFlag(gap, action.flag!));
  section.appendChild(textEl('p', `${plural(action.evidenceCount, 'clip')} of evidence:`, 'evidence-total'));
  section.appendChild(countsList(action.counts, `Clips for action ${action.reference} by assessment`));
  const status = textEl('p', '', 'filter-status');
  status.hidden = true;
  section.appendChild(status);

  const groups = new Map<AssessmentKey, GroupView>();
  for (const link of action.links) {
    const clipIndex = ctx.clipIndexById.get(link.clipId);
    if (clipIndex === undefined) continue;
    const key = link.assessment ?? 'unassessed';
    let group = groups.get(key);
    if (!group) {
      const heading = el('h4');
      group = { el: el('div', { className: `group group-${key}` }, heading), heading, key, entries: [] };
      groups.set(key, group);
    }
    const entry: ClipEntry = { el: renderClip(ctx, ctx.model.clips[clipIndex]!, link), clip: clipIndex, assessment: key, shown: true };
    group.entries.push(entry);
    group.el.appendChild(entry.el);
  }
  const ordered = ASSESSMENT_ORDER.flatMap((key) => (groups.has(key) ? [groups.get(key)!] : []));
  for (const group of ordered) {
    // The span says how many are shown while filtering (visibility.ts); print leaves it out.
    group.heading.append(`${ASSESSMENT_GROUP_LABELS[group.key]} (${plural(group.entries.length, 'clip')}`, textEl('span', '', 'shown-note'), ')');
    section.appendChild(group.el);
  }
  return { el: section, status, groups: ordered, total: action.evidenceCount };
}

function actionFacts(action: PackAction): HTMLElement {
  const dl = el('dl', { className: 'facts' });
  const fact = (term: string, value: Node | string, className?: string) => {
    const row = el('div', { className: className ? `fact ${className}` : 'fact' }, textEl('dt', term));
    row.appendChild(typeof value === 'string' ? textEl('dd', value) : el('dd', null, value));
    dl.appendChild(row);
  };
  fact('Lead', action.lead.trim() || 'Not named');
  fact('By when', dueLine(action) || 'Not given');
  fact('Delivery RAG', ragWithMeaning(action.deliveryRag));
  fact('Impact RAG', ragWithMeaning(action.impactRag));
  fact('Status', ACTION_STATUS_LABELS[action.status] ?? action.status);
  if (action.successMeasures.trim()) fact('How success is measured', action.successMeasures, 'fact-wide');
  fact('Progress', action.progress.trim() || 'No progress recorded', 'fact-wide');
  return dl;
}

/**
 * A RAG rating as the plan tab shows it: a tag with its capitalised word ("Blue"), on its colour. The
 * word carries it, the colour only repeats it.
 */
export function ragBadge(rag: PackAction['deliveryRag']): HTMLElement {
  return rag ? textEl('strong', RAG_WORDS[rag] ?? rag, `tag rag rag-${rag}`) : textEl('span', 'Not rated', 'rag-none');
}

/** The tag and what it means ("Amber at risk"), where an action is read on its own, away from the key. */
function ragWithMeaning(rag: PackAction['deliveryRag']): HTMLElement {
  const badge = ragBadge(rag);
  if (!rag || !RAG_MEANINGS[rag]) return badge;
  return el('span', null, badge, ' ', textEl('span', RAG_MEANINGS[rag], 'rag-meaning'));
}

/** The key to the RAG tags, as the plan tab gives it: each colour's word and what it means. */
export function ragKey(): HTMLElement {
  const key = el('dl', { className: 'rag-key', testid: 'pack-rag-key', attrs: { 'aria-label': 'RAG key' } });
  for (const rag of RAG_KEY_ORDER) key.appendChild(el('div', null, el('dt', null, ragBadge(rag)), textEl('dd', RAG_MEANINGS[rag])));
  return key;
}

/** Clips in the pack that no shown action links to, after the plan. */
export function renderUnlinked(ctx: PackContext): UnlinkedView | null {
  const ids = ctx.model.unlinkedClipIds;
  if (ids.length === 0) return null;
  const section = el('section', { className: 'unlinked', id: 'unlinked', testid: 'pack-unlinked', attrs: { 'aria-labelledby': 'unlinked-h' } });
  section.appendChild(textEl('h2', 'Evidence not linked to the plan')).id = 'unlinked-h';
  section.appendChild(textEl('p', `${plural(ids.length, 'clip is', 'clips are')} in this pack but linked to none of its actions.`));
  const status = textEl('p', '', 'filter-status');
  status.hidden = true;
  section.appendChild(status);
  const entries: ClipEntry[] = [];
  for (const id of ids) {
    const clipIndex = ctx.clipIndexById.get(id);
    if (clipIndex === undefined) continue;
    const entry: ClipEntry = { el: renderClip(ctx, ctx.model.clips[clipIndex]!, null), clip: clipIndex, assessment: null, shown: true };
    entries.push(entry);
    section.appendChild(entry.el);
  }
  return { el: section, status, entries };
}
