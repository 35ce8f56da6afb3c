import { monthIndexOf, monthKeyOf, type MonthIndex } from './months';
import type { PlanOutline } from './plan-outline';
import {
  ASSESSMENT_KEYS,
  type Assessment,
  type AssessmentCounts,
  type AssessmentKey,
  type Coverage,
  type CoverageFlag,
  type MonthCount,
} from './types';

const SLOTS = ASSESSMENT_KEYS.length;
const SLOT_OF = new Map<string, number>(ASSESSMENT_KEYS.map((key, slot) => [key, slot]));
const UNASSESSED = SLOT_OF.get('unassessed')!;
const NOT_SEEN = -1;

/**
 * The running sums of computeCoverage, kept in typed arrays indexed by action, recommendation and
 * assessment slot, so the pass over 50,000 clips allocates almost nothing. Distinct-clip counts use a
 * "last clip seen" marker per row instead of a Set per row: clips arrive one at a time, so a marker
 * equal to the current clip means "already counted here".
 */
export class CoverageTally {
  private clip = NOT_SEEN;
  private clipId = '';
  private date = '';
  private month: MonthIndex = 0;

  private readonly actionCounts: Int32Array;
  private readonly actionLastClip: Int32Array;
  private readonly actionLatest: Array<string | null>;
  private readonly actionEvidenceIds: string[][];

  private readonly recommendationCounts: Int32Array;
  private readonly recommendationLastClip: Int32Array;
  private readonly recommendationLastClipBySlot: Int32Array;
  private readonly recommendationEvidenceCount: Int32Array;
  private readonly recommendationLatest: Array<string | null>;
  private readonly recommendationMonths: Array<Map<MonthIndex, number>>;

  private readonly planCounts = new Int32Array(SLOTS);
  private readonly planLastClipBySlot = new Int32Array(SLOTS).fill(NOT_SEEN);
  private planEvidenceCount = 0;
  private planLatest: string | null = null;
  private firstMonth: MonthIndex = Number.POSITIVE_INFINITY;
  private lastMonth: MonthIndex = Number.NEGATIVE_INFINITY;

  constructor(private readonly outline: PlanOutline) {
    const actions = outline.actions.length;
    const recommendations = outline.recommendations.length;
    this.actionCounts = new Int32Array(actions * SLOTS);
    this.actionLastClip = new Int32Array(actions).fill(NOT_SEEN);
    this.actionLatest = new Array<string | null>(actions).fill(null);
    this.actionEvidenceIds = Array.from({ length: actions }, () => []);
    this.recommendationCounts = new Int32Array(recommendations * SLOTS);
    this.recommendationLastClip = new Int32Array(recommendations).fill(NOT_SEEN);
    this.recommendationLastClipBySlot = new Int32Array(recommendations * SLOTS).fill(NOT_SEEN);
    this.recommendationEvidenceCount = new Int32Array(recommendations);
    this.recommendationLatest = new Array<string | null>(recommendations).fill(null);
    this.recommendationMonths = Array.from({ length: recommendations }, () => new Map());
  }

  /** Begins a clip that links to at least one counted action; `clip` must grow from call to call. */
  startClip(clip: number, id: string, date: string): void {
    this.clip = clip;
    this.clipId = id;
    this.date = date;
    this.month = monthIndexOf(date);
    this.planEvidenceCount++;
    if (isLater(date, this.planLatest)) this.planLatest = date;
    if (this.month < this.firstMonth) this.firstMonth = this.month;
    if (this.month > this.lastMonth) this.lastMonth = this.month;
  }

  /** Counts one link of the current clip. A second link to the same action is ignored. */
  addLink(action: number, recommendation: number, assessment: Assessment | null): void {
    const { clip, date } = this;
    if (this.actionLastClip[action] === clip) return;
    this.actionLastClip[action] = clip;
    const slot = assessment === null ? UNASSESSED : (SLOT_OF.get(assessment) ?? UNASSESSED);
    this.actionCounts[action * SLOTS + slot]!++;
    this.actionEvidenceIds[action]!.push(this.clipId);
    if (isLater(date, this.actionLatest[action]!)) this.actionLatest[action] = date;

    const bySlot = recommendation * SLOTS + slot;
    if (this.recommendationLastClipBySlot[bySlot] !== clip) {
      this.recommendationLastClipBySlot[bySlot] = clip;
      this.recommendationCounts[bySlot]!++;
    }
    if (this.planLastClipBySlot[slot] !== clip) {
      this.planLastClipBySlot[slot] = clip;
      this.planCounts[slot]!++;
    }
    if (this.recommendationLastClip[recommendation] !== clip) {
      this.recommendationLastClip[recommendation] = clip;
      this.recommendationEvidenceCount[recommendation]!++;
      if (isLater(date, this.recommendationLatest[recommendation]!)) this.recommendationLatest[recommendation] = date;
      const months = this.recommendationMonths[recommendation]!;
      months.set(this.month, (months.get(this.month) ?? 0) + 1);
    }
  }

  finish({ nowMonth, staleBefore }: { nowMonth: MonthIndex; staleBefore: string }): Coverage {
    let actionIndex = 0;
    let actionsWithoutEvidence = 0;
    let actionsWithOnlyStaleEvidence = 0;
    const monthSpan = this.planEvidenceCount === 0 ? [] : monthsBetween(this.firstMonth, Math.max(nowMonth, this.lastMonth));
    const recommendations = this.outline.recommendations.map(({ row, actions }, r) => ({
      id: row.id,
      reference: row.reference,
      text: row.text,
      counts: countsAt(this.recommendationCounts, r),
      evidenceCount: this.recommendationEvidenceCount[r]!,
      latest: this.recommendationLatest[r]!,
      actions: actions.map((action) => {
        const a = actionIndex++;
        const latest = this.actionLatest[a]!;
        const flag: CoverageFlag = latest === null ? 'none' : latest < staleBefore ? 'stale' : null;
        if (flag === 'none') actionsWithoutEvidence++;
        if (flag === 'stale') actionsWithOnlyStaleEvidence++;
        const evidenceIds = this.actionEvidenceIds[a]!;
        const counts = countsAt(this.actionCounts, a);
        return { id: action.id, reference: action.reference, title: action.title, counts, evidenceCount: evidenceIds.length, latest, flag, evidenceIds };
      }),
      timeline: monthSpan.map((month): MonthCount => ({ month: monthKeyOf(month), count: this.recommendationMonths[r]!.get(month) ?? 0 })),
    }));
    const totals = {
      counts: countsAt(this.planCounts, 0),
      evidenceCount: this.planEvidenceCount,
      latest: this.planLatest,
      recommendationCount: recommendations.length,
      actionCount: actionIndex,
      actionsWithoutEvidence,
      actionsWithOnlyStaleEvidence,
      staleBefore,
    };
    return { recommendations, totals };
  }
}

/** ISO days compare as strings. */
function isLater(date: string, latest: string | null): boolean {
  return latest === null || date > latest;
}

function countsAt(table: Int32Array, row: number): AssessmentCounts {
  const at = (key: AssessmentKey) => table[row * SLOTS + SLOT_OF.get(key)!]!;
  return { delivery: at('delivery'), impact: at('impact'), concern: at('concern'), context: at('context'), unassessed: at('unassessed') };
}

function monthsBetween(first: MonthIndex, last: MonthIndex): MonthIndex[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
