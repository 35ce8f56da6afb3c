import { monthIndexOf } from './months';
import type { MonthCount } from './types';

export interface ChartOptions {
  /** The plot area in SVG user units; axis labels are the component's business, outside it. */
  width: number;
  height: number;
  /**
   * The count the y scale must reach: pass the largest count over all recommendations so their charts
   * share one scale and can be compared at a glance. Defaults to this timeline's largest count.
   */
  max?: number;
  /** At most this many labelled months (default 6) and y intervals (default 4). */
  maxXTicks?: number;
  maxYTicks?: number;
}

export interface ChartPoint {
  x: number;
  y: number;
  month: string;
  count: number;
}

export interface TimelineGeometry {
  points: ChartPoint[];
  /** SVG path data for the line through the points ('' when there are none). */
  path: string;
  /** The same line closed down to the x axis, for a filled area. */
  area: string;
  /** Gridlines from 0 up to the top of the scale, in whole-number steps of 1, 2 or 5 × 10ⁿ. */
  yTicks: Array<{ value: number; y: number }>;
  /** Months to label, on calendar boundaries (every month, quarter, half-year, year…). */
  xTicks: Array<{ month: string; x: number }>;
  /** The count at the top of the plot area. */
  scaleMax: number;
}

/**
 * Geometry for one recommendation's evidence-over-time chart: pure numbers, so the React component
 * draws the SVG (with its title, labels and table fallback for screen readers) and nothing here needs
 * escaping. y grows downwards as in SVG: a count of 0 sits at y = height.
 */
export function timelineToPath(timeline: MonthCount[], options: ChartOptions): TimelineGeometry {
  const { width, height } = options;
  if (!(width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height))) {
    throw new Error(`timelineToPath: width and height must be positive numbers, got ${width} × ${height}`);
  }
  const reach = Math.max(options.max ?? 0, ...timeline.map((t) => t.count), 1);
  const yStep = niceStep(reach / Math.max(1, options.maxYTicks ?? 4));
  const scaleMax = Math.ceil(reach / yStep) * yStep;

  const xOf = (i: number) => round(timeline.length === 1 ? width / 2 : (i / (timeline.length - 1)) * width);
  const yOf = (count: number) => round(height - (count / scaleMax) * height);
  const points = timeline.map((t, i) => ({ x: xOf(i), y: yOf(t.count), month: t.month, count: t.count }));

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('');
  const first = points[0];
  const last = points[points.length - 1];
  const area = first && last ? `M${first.x},${round(height)}${path.replace(/^M/, 'L')}L${last.x},${round(height)}Z` : '';

  const yTicks = Array.from({ length: scaleMax / yStep + 1 }, (_, i) => ({ value: i * yStep, y: yOf(i * yStep) }));
  const xStep = monthStep(timeline, Math.max(1, options.maxXTicks ?? 6));
  const xTicks = points.filter((p) => monthIndexOf(p.month) % xStep === 0).map((p) => ({ month: p.month, x: p.x }));
  return { points, path, area, yTicks, xTicks, scaleMax };
}

/** The smallest of 1, 2, 5, 10, 20, 50… that is at least `raw` (counts are whole clips). */
function niceStep(raw: number): number {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) if (step * magnitude >= raw) return step * magnitude;
  }
}

const MONTH_STEPS = [1, 2, 3, 6, 12];

/** Label every month, 2nd, quarter, half-year or year (then every 2, 5, 10… years), as few as fit. */
function monthStep(timeline: MonthCount[], maxTicks: number): number {
  const months = timeline.map((t) => monthIndexOf(t.month));
  const tickCount = (step: number) => months.filter((m) => m % step === 0).length;
  for (const step of MONTH_STEPS) if (tickCount(step) <= maxTicks) return step;
  for (let years = 2; ; years = years === 2 ? 5 : years * 2) if (tickCount(years * 12) <= maxTicks) return years * 12;
}

/** Two decimals keep path strings short without visible error. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
