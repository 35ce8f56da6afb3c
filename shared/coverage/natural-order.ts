/**
 * Plan references sort as people number them: "2" < "2.1" < "2.9" < "2.10" < "10", and "3a" < "3b".
 * Written out rather than using Intl.Collator({ numeric: true }) so the order does not depend on the
 * ICU version of the browser or server that computes it (a pack must read the same everywhere).
 */

const CHUNK = /\d+|\D+/g;

/** Splits "3.10a" into ["3", ".", "10", "a"]. */
function chunksOf(reference: string): string[] {
  return reference.trim().toLowerCase().match(CHUNK) ?? [];
}

/** A comparator for Array.prototype.sort: negative when `a` comes first. */
export function compareReferences(a: string, b: string): number {
  const left = chunksOf(a);
  const right = chunksOf(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const x = left[i]!;
    const y = right[i]!;
    if (x === y) continue;
    const xIsNumber = isDigit(x);
    const yIsNumber = isDigit(y);
    // A number before text at the same place: "3.1" before "3.a".
    if (xIsNumber !== yIsNumber) return xIsNumber ? -1 : 1;
    if (xIsNumber) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return difference;
      continue; // "02" and "2": equal as numbers; the final tie-break below orders them
    }
    return x < y ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length; // "2" before "2.1"
  return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(chunk: string): boolean {
  const code = chunk.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** Plan rows in the plan's order: by `order`, then by reference, then by id so ties are stable. */
export function compareByPlanOrder(
  a: { order: number; reference: string; id: string },
  b: { order: number; reference: string; id: string },
): number {
  return a.order - b.order || compareReferences(a.reference, b.reference) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
