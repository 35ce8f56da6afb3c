import type { PageMetadata } from '../schema/page-metadata';

/** How sure Evident is of a field it read: people check "low" ones, and may correct any. */
export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

export type MetadataField = keyof PageMetadata;

/** Where one field came from ("the Inspection dates: line", "the URL's host", "the gazetteer"), and how sure. */
export interface FieldSource {
  from: string;
  confidence: Confidence;
}

export type FieldSources = Partial<Record<MetadataField, FieldSource>>;

/** What an extractor read: the metadata (the sidecar keys, unchanged) and, per field it filled, its source. */
export interface Extraction {
  metadata: PageMetadata;
  fields: FieldSources;
}

const isFilled = (value: unknown) =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

/**
 * An extraction whose filled fields all say they came from `from` with `confidence`, except those
 * `specific` describes. Extractors name the exact source of the fields they are sure of, and let the
 * rest default to the extractor that read them.
 */
export function extractionOf(metadata: PageMetadata, from: string, confidence: Confidence, specific: FieldSources = {}): Extraction {
  const fields: FieldSources = {};
  for (const key of Object.keys(metadata) as MetadataField[]) {
    if (!isFilled(metadata[key])) continue;
    fields[key] = specific[key] ?? { from, confidence };
  }
  return { metadata, fields };
}

/**
 * The extraction after `next` filled or changed some fields (a PDF's metadata completed from the page
 * that linked to it): those fields say they came from `source`; the rest keep theirs.
 */
export function withFieldsFrom(extraction: Extraction, next: PageMetadata, source: FieldSource): Extraction {
  const fields: FieldSources = { ...extraction.fields };
  for (const key of Object.keys(next) as MetadataField[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(extraction.metadata[key]) && isFilled(next[key])) fields[key] = source;
  }
  return { metadata: next, fields };
}
