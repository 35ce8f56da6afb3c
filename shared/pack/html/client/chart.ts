import { timelineToPath } from '../../../coverage/coverage-chart';
import type { MonthCount } from '../../../coverage/types';
import { el, headerCell as th, svgEl, textEl } from './dom';
import { formatMonth, formatNumber, plural } from './format';

const PLOT = { width: 600, height: 150 };
const MARGIN = { left: 44, right: 16, top: 10, bottom: 30 };

/**
 * Evidence over time: linked clips per month as an SVG line (geometry from shared/coverage, as the
 * dashboard draws it), described in words and given as a table for those who cannot see the chart.
 */
export function renderTimeline(timeline: MonthCount[], idPrefix: string): HTMLElement {
  const wrapper = el('div', { className: 'timeline', testid: 'pack-timeline' });
  const withEvidence = timeline.filter((m) => m.count > 0);
  if (withEvidence.length === 0) {
    wrapper.appendChild(textEl('p', 'No linked evidence to chart.'));
    return wrapper;
  }
  const figure = el('figure');
  const g = timelineToPath(timeline, { ...PLOT, maxXTicks: 8 });
  const descId = `${idPrefix}-desc`;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${PLOT.width + MARGIN.left + MARGIN.right} ${PLOT.height + MARGIN.top + MARGIN.bottom}`,
    role: 'img',
    'aria-labelledby': `${idPrefix}-title`,
    'aria-describedby': descId,
    class: 'timeline-chart',
  });
  const title = svgEl('title', { id: `${idPrefix}-title` }, 'Linked clips per month, by the date of their evidence');
  const plot = svgEl('g', { transform: `translate(${MARGIN.left},${MARGIN.top})` });
  for (const t of g.yTicks) {
    plot.append(
      svgEl('line', { x1: 0, x2: PLOT.width, y1: t.y, y2: t.y, class: 'grid' }),
      svgEl('text', { x: -6, y: t.y, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'tick' }, formatNumber(t.value)),
    );
  }
  for (const t of g.xTicks) {
    plot.appendChild(svgEl('text', { x: t.x, y: PLOT.height + 18, 'text-anchor': 'middle', class: 'tick' }, formatMonth(t.month, true)));
  }
  plot.append(svgEl('path', { d: g.area, class: 'area' }), svgEl('path', { d: g.path, class: 'line' }));
  for (const p of g.points) if (p.count > 0) plot.appendChild(svgEl('circle', { cx: p.x, cy: p.y, r: 3, class: 'point' }));
  svg.append(title, plot);
  figure.appendChild(svg);

  const busiest = withEvidence.reduce((a, b) => (b.count > a.count ? b : a));
  const total = withEvidence.reduce((n, m) => n + m.count, 0);
  figure.appendChild(
    textEl(
      'figcaption',
      `${plural(total, 'linked clip')} dated from ${formatMonth(withEvidence[0]!.month)} to ${formatMonth(withEvidence[withEvidence.length - 1]!.month)}, ` +
        `in ${plural(withEvidence.length, 'month')} of the ${plural(timeline.length, 'month')} charted. ` +
        `The most in one month: ${formatNumber(busiest.count)} (${formatMonth(busiest.month)}).`,
    ),
  ).id = descId;

  const table = el('table', { className: 'data-table' }, textEl('caption', 'Linked clips per month (months with none are left out)'));
  table.appendChild(el('thead', null, el('tr', null, th('Month', 'col'), th('Clips', 'col'))));
  const body = el('tbody');
  for (const m of withEvidence) body.appendChild(el('tr', null, th(formatMonth(m.month), 'row'), textEl('td', formatNumber(m.count))));
  table.appendChild(body);
  wrapper.append(figure, el('details', { className: 'timeline-table' }, textEl('summary', 'The numbers as a table'), table));
  return wrapper;
}

