import type { PackClip, PackSource, PackTag } from '../../types';

/**
 * Search in the pack, offline: a clip matches when every word (or "quoted phrase") of the query is in
 * its text: quote, note, citation, tags and its source's title and publisher. Each clip's text is
 * folded once (lower case, accents and curly quotes folded, spaces collapsed) into one string, so a
 * keystroke is a substring test per clip: 10,000 clips answer in a few milliseconds
 * (tests/bench/pack-html.bench.ts). Pure: no DOM, so it is unit-tested in Node.
 */

/** Lower case, accents removed, curly quotes and dashes straightened, runs of space made one. */
export function foldForSearch(text: string): string {
  // Decomposing accents is the slow part: plain ASCII text skips it.
  const decomposed = /[^\x00-\x7f]/.test(text) ? text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : text;
  return decomposed
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ');
}

/** The text a clip is found by, folded; fields joined by a character no query holds. */
export function clipHaystack(clip: PackClip, source: PackSource | undefined, tagNames: ReadonlyMap<string, string>): string {
  return foldForSearch(
    [
      clip.quote,
      clip.note,
      clip.citation,
      ...clip.tagIds.map((id) => tagNames.get(id) ?? ''),
      source?.title ?? '',
      source?.council ?? '',
      source?.publisher ?? '',
    ].join('\u0001'),
  );
}

/**
 * Every clip's haystack, built a slice at a time while the page is idle (`buildWhile`), or all at
 * once when a search comes first (`all`).
 */
export class Haystacks {
  private readonly texts: string[] = [];
  private readonly sourcesById: ReadonlyMap<string, PackSource>;
  private readonly tagNames: ReadonlyMap<string, string>;

  constructor(
    private readonly clips: readonly PackClip[],
    sources: readonly PackSource[],
    tags: readonly PackTag[],
  ) {
    this.sourcesById = new Map(sources.map((s) => [s.id, s]));
    this.tagNames = new Map(tags.map((t) => [t.id, t.name]));
  }

  get done(): boolean {
    return this.texts.length === this.clips.length;
  }

  /** Builds haystacks while `more()` says there is time; returns whether all are built. */
  buildWhile(more: () => boolean): boolean {
    while (!this.done && more()) {
      const end = Math.min(this.clips.length, this.texts.length + 100);
      for (let i = this.texts.length; i < end; i++) this.texts.push(this.haystackOf(i));
    }
    return this.done;
  }

  all(): readonly string[] {
    this.buildWhile(() => true);
    return this.texts;
  }

  private haystackOf(i: number): string {
    const clip = this.clips[i]!;
    return clipHaystack(clip, this.sourcesById.get(clip.sourceId), this.tagNames);
  }
}

/** A query's terms: "quoted phrases" whole, other words one by one; folded like the haystacks. */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const folded = foldForSearch(query);
  for (const m of folded.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim();
    if (term) terms.push(term);
  }
  return terms;
}

/** Whether a folded haystack holds every term. */
export function matchesAll(haystack: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!haystack.includes(term)) return false;
  return true;
}
