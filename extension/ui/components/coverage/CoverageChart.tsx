import { timelineToPath, type MonthCount } from '../../../../shared/coverage';

const WIDTH = 320;
const HEIGHT = 90;
const MARGIN = { left: 28, bottom: 18, top: 6, right: 6 };

/**
 * Evidence over time for one recommendation, as an SVG line with filled area. All recommendations
 * share `max` so their charts compare. The numbers are also given as a table for screen readers.
 */
export function CoverageChart({ title, timeline, max }: { title: string; timeline: MonthCount[]; max: number }) {
  if (!timeline.length) return null;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const g = timelineToPath(timeline, { width: plotWidth, height: plotHeight, max });
  return (
    <figure className="coverage-chart">
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`${title}: clips per month`} data-testid="coverage-chart">
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {g.yTicks.map((t) => (
            <g key={`y${t.value}`}>
              <line x1={0} x2={plotWidth} y1={t.y} y2={t.y} className="grid" />
              <text x={-4} y={t.y} className="tick" textAnchor="end" dominantBaseline="middle">{t.value}</text>
            </g>
          ))}
          {g.xTicks.map((t) => (
            <text key={`x${t.month}`} x={t.x} y={plotHeight + 12} className="tick" textAnchor="middle">{t.month}</text>
          ))}
          <path d={g.area} className="area" />
          <path d={g.path} className="line" />
        </g>
      </svg>
      <table className="visually-hidden">
        <caption>{title}: clips per month</caption>
        <tbody>
          {timeline.map((m) => (
            <tr key={m.month}><th scope="row">{m.month}</th><td>{m.count}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
