import type { PackAction, PackModel, PackRecommendation } from '../../types';
import { renderTimeline } from './chart';
import { el, headerCell as th, textEl } from './dom';
import { ACTION_STATUS_LABELS, ASSESSMENT_LABELS, ASSESSMENT_ORDER, formatDate, formatNumber, plural } from './format';
import { countsList, gapFlag } from './render-counts';
import { actionHeading, ragBadge, ragKey, recommendationHeading } from './render-plan';

/**
 * The summary a board reads first: totals, evidence by assessment (impact first), the gaps, evidence
 * over time, and per recommendation its actions' RAG, status and counts. `actionIds` maps an action's
 * model id to its section's element id, for links.
 */
export function renderSummary(model: PackModel, actionAnchors: ReadonlyMap<string, string>): HTMLElement {
  const t = model.totals;
  const section = el('section', { className: 'summary', id: 'summary', testid: 'pack-summary', attrs: { 'aria-labelledby': 'summary-h' } });
  section.appendChild(textEl('h2', 'Summary')).id = 'summary-h';
  const unlinked = model.unlinkedClipIds.length;
  section.appendChild(
    textEl(
      'p',
      `${plural(t.clips, 'clip')} of evidence from ${plural(t.sources, 'source')}, linked ${plural(t.links, 'time')} to ` +
        `${plural(t.actions, 'action')} under ${plural(t.recommendations, 'recommendation')}.` +
        (unlinked ? ` ${plural(unlinked, 'clip is', 'clips are')} not linked to the plan.` : ''),
      'lead',
    ),
  );

  section.appendChild(textEl('h3', 'Evidence by assessment')).id = 'summary-assessment';
  section.appendChild(textEl('p', 'Distinct clips over the plan. Impact comes first: it shows what changed for children, not only what was done.'));
  section.appendChild(countsList(t.counts, 'Clips over the plan by assessment'));

  section.appendChild(textEl('h3', 'Gaps')).id = 'summary-gaps';
  section.appendChild(renderGaps(model, actionAnchors));

  section.appendChild(textEl('h3', 'Evidence over time')).id = 'summary-timeline';
  section.appendChild(renderTimeline(t.timeline, 'timeline'));

  section.appendChild(textEl('h3', 'Progress by recommendation')).id = 'summary-progress';
  section.appendChild(
    textEl('p', 'Each action with its RAG ratings (delivery and impact), status and clips by assessment. Counts for a recommendation count a clip once, however many of its actions it evidences.'),
  );
  section.appendChild(ragKey());
  for (const rec of model.recommendations) section.appendChild(progressTable(rec, actionAnchors));
  return section;
}

function renderGaps(model: PackModel, actionAnchors: ReadonlyMap<string, string>): HTMLElement {
  const t = model.totals;
  const wrapper = el('div', { className: 'gaps' });
  if (t.actionsWithoutEvidence === 0 && t.actionsWithOnlyStaleEvidence === 0) {
    wrapper.appendChild(textEl('p', `Every action has evidence dated on or after ${formatDate(model.staleBefore)}.`));
    return wrapper;
  }
  wrapper.appendChild(
    textEl(
      'p',
      `${plural(t.actionsWithoutEvidence, 'action has', 'actions have')} no evidence; ` +
        `${plural(t.actionsWithOnlyStaleEvidence, 'action has', 'actions have')} only evidence older than ${plural(model.staleAfterMonths, 'month')} ` +
        `(dated before ${formatDate(model.staleBefore)}).`,
    ),
  );
  const list = el('ul', { className: 'gap-list', testid: 'pack-gaps' });
  for (const rec of model.recommendations) {
    for (const action of rec.actions) {
      if (!action.flag) continue;
      const item = el('li', { attrs: { 'data-flag': action.flag } }, actionLink(action, actionAnchors));
      item.appendChild(gapFlag(action.flag === 'none' ? 'No evidence' : `Only stale evidence (latest dated ${formatDate(action.latest)})`, action.flag));
      list.appendChild(item);
    }
  }
  wrapper.appendChild(list);
  return wrapper;
}

function actionLink(action: PackAction, actionAnchors: ReadonlyMap<string, string>): HTMLElement {
  const anchor = actionAnchors.get(action.id);
  if (!anchor) return textEl('span', actionHeading(action));
  const a = textEl('a', actionHeading(action));
  a.href = `#${anchor}`;
  return a;
}

function progressTable(rec: PackRecommendation, actionAnchors: ReadonlyMap<string, string>): HTMLElement {
  const table = el('table', { className: 'progress', testid: 'pack-progress' });
  table.setAttribute('data-recommendation-id', rec.id);
  table.appendChild(textEl('caption', `${recommendationHeading(rec)} (${plural(rec.evidenceCount, 'clip')})`));
  const head = el('tr');
  for (const label of ['Action', 'Delivery RAG', 'Impact RAG', 'Status', ...ASSESSMENT_ORDER.map((k) => ASSESSMENT_LABELS[k]), 'Clips', 'Gap']) {
    head.appendChild(th(label, 'col'));
  }
  table.appendChild(el('thead', null, head));
  const body = el('tbody');
  for (const action of rec.actions) {
    const row = el('tr', { attrs: { 'data-action-id': action.id } });
    row.appendChild(el('th', { attrs: { scope: 'row' } }, actionLink(action, actionAnchors)));
    row.append(el('td', null, ragBadge(action.deliveryRag)), el('td', null, ragBadge(action.impactRag)));
    row.appendChild(textEl('td', ACTION_STATUS_LABELS[action.status] ?? action.status));
    for (const key of ASSESSMENT_ORDER) row.appendChild(numberCell(action.counts[key]));
    row.appendChild(numberCell(action.evidenceCount));
    row.appendChild(textEl('td', action.flag === 'none' ? '\u26a0 No evidence' : action.flag === 'stale' ? '\u26a0 Only stale' : 'None', action.flag ? `gap-cell gap-${action.flag}` : 'gap-cell'));
    body.appendChild(row);
  }
  table.appendChild(body);
  const foot = el('tr', null, el('th', { attrs: { scope: 'row', colspan: '4' } }, 'All actions (each clip once)'));
  for (const key of ASSESSMENT_ORDER) foot.appendChild(numberCell(rec.counts[key]));
  foot.append(numberCell(rec.evidenceCount), textEl('td', ''));
  table.appendChild(el('tfoot', null, foot));
  return el('div', { className: 'table-scroll', attrs: { role: 'region', 'aria-label': `Progress on recommendation ${rec.reference}`, tabindex: '0' } }, table);
}

function numberCell(n: number): HTMLElement {
  return textEl('td', formatNumber(n), n === 0 ? 'num zero' : 'num');
}

