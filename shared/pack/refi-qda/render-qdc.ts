import type { PackModel } from '../types';
import { packCodebookOf, writeCodes } from './codes';
import { XmlWriter } from './xml-writer';

export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/**
 * The pack's codes as a REFI-QDA codebook (`.qdc`, Codebook.xsd): the assessments, the statuses, the
 * tags and the plan's recommendations and actions (codes.ts), for a QDA tool to code its own material
 * with Evident's codes. Valid with no tags and no plan: the assessments are always there, and
 * Codebook.xsd needs at least one code.
 */
export function renderPackQdc(model: PackModel): string {
  const xml = new XmlWriter();
  xml.start('CodeBook', [['xmlns', CODEBOOK_NAMESPACE], ['origin', 'Evident']]);
  xml.start('Codes');
  writeCodes(xml, packCodebookOf(model).codes);
  xml.end('Codes');
  xml.end('CodeBook');
  return xml.toString();
}
