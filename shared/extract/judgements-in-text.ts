import type { PageMetadata } from '../schema/page-metadata';
import { areaKeyOf, GRADE_PHRASE, gradeKeyOf } from './judgements';

type TextJudgement = NonNullable<PageMetadata['judgements_in_text']>[number];

interface Quote {
  text: string;
  start: number;
  end: number;
}

// Curly quotes pair unambiguously. A straight quote opens only after a space or bracket and
// closes before a non-letter, so the apostrophes of "Council's Children's" are not quotes.
const CURLY_QUOTE = /[‘“]([^’”]+)[’”]/g;
const STRAIGHT_QUOTE = /(?<=^|[\s(–—-])['"]((?:[^'"]|'(?=[a-z]))+?)['"](?![A-Za-z])/g;

function quotesIn(sentence: string): Quote[] {
  return [...sentence.matchAll(CURLY_QUOTE), ...sentence.matchAll(STRAIGHT_QUOTE)].map((m) => ({
    text: m[1]!.trim(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

function gradesIn(text: string): string[] {
  return [...text.matchAll(GRADE_PHRASE)].map((m) => m[0]);
}

/** The one grade a sentence states, or null when it states none or several (no guessing). */
function soleGrade(text: string): string | null {
  const grades = gradesIn(text);
  const keys = new Set(grades.map(gradeKeyOf));
  return keys.size === 1 ? grades[0]! : null;
}

function withoutQuotes(sentence: string, quotes: Quote[]): string {
  return quotes.reduceRight((text, q) => text.slice(0, q.start) + ' ' + text.slice(q.end), sentence);
}

function noteFor(sentence: string): string | undefined {
  if (!/\b(?:last|previous|prior)\b[\w\s]*?\binspection\b/i.test(sentence)) return undefined;
  const year = /\b(?:19|20)\d\d\b/.exec(sentence)?.[0];
  return year ? `previous inspection, ${year}` : 'previous inspection';
}

/** "the ‘Impact of Leaders …’ and the ‘… help & protection’ … the service Required Improvement" */
function namedAreaJudgements(sentence: string, quotes: Quote[]): TextJudgement[] {
  const areaQuotes = quotes.filter((q) => areaKeyOf(q.text) !== null && gradeKeyOf(q.text) === null);
  if (areaQuotes.length === 0) return [];
  const grade = soleGrade(withoutQuotes(sentence, areaQuotes));
  if (!grade) return [];
  return areaQuotes.map((q) => ({ area: q.text, area_key: areaKeyOf(q.text), grade, grade_key: gradeKeyOf(grade) }));
}

/**
 * "an overall finding of 'requires improvement to be good'", "an 'inadequate' judgement was given":
 * a single unqualified judgement of the service is Ofsted's overall effectiveness grade.
 */
function overallJudgement(sentence: string, quotes: Quote[]): TextJudgement | null {
  const quotedGrade = quotes.find((q) => gradeKeyOf(q.text) !== null && areaKeyOf(q.text) === null);
  const sayOverall = /\boverall (?:judgement|finding|effectiveness|grade|rating)\b/i.test(sentence);
  const gradeThenJudgement =
    quotedGrade && /^\s*(?:judgement|rating|grade)\b/i.test(sentence.slice(quotedGrade.end));
  if (!sayOverall && !gradeThenJudgement) return null;
  const grade = quotedGrade?.text ?? soleGrade(sentence);
  if (!grade) return null;
  return { area_key: 'overall_effectiveness', grade, grade_key: gradeKeyOf(grade) };
}

/**
 * Grades that council papers state in prose rather than in a table (councils restate
 * Ofsted's findings). Null when the text states none.
 */
export function readJudgementsInText(sentences: readonly string[]): TextJudgement[] | null {
  const found: TextJudgement[] = [];
  const seen = new Set<string>();
  for (const sentence of sentences) {
    const quotes = quotesIn(sentence);
    const named = namedAreaJudgements(sentence, quotes);
    const overall = named.length > 0 ? null : overallJudgement(sentence, quotes);
    const note = noteFor(sentence);
    for (const judgement of overall ? [overall] : named) {
      const key = `${judgement.area_key}|${judgement.grade_key}|${note ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(note ? { ...judgement, note } : judgement);
    }
  }
  return found.length > 0 ? found : null;
}
