/**
 * Selectors follow the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/#selectors),
 * as Hypothesis does, so a clip can be re-found on a revisited page and exported in a standard form.
 * Offsets count UTF-16 code units of the document's text as returned by `textOf(root)` (see dom.ts).
 */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** Where a clip sits in its document: quote, position, and the printed paragraph number or PDF page. */
export interface ClipAnchor {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** The paragraph number printed in the document ("3.18", "12"), or null when it has none. */
  paragraph: string | null;
  /** 1-based PDF page (PDF clips only). */
  page?: number;
}

/** A quote found in a text: offsets into that text and how sure the match is (0..1). */
export interface TextMatch {
  start: number;
  end: number;
  score: number;
  /** true when the quote was found character for character (after whitespace normalisation). */
  exact: boolean;
}
