import { strToU8, zipSync, type Zippable } from 'fflate';
import type { PackModel } from '../types';
import { renderProjectXml, sourceFileName } from './project-xml';
import { textSourcesOf } from './source-texts';

/**
 * The pack as a REFI-QDA project (`.qdpx`): a zip holding `project.qde` (Project.xsd) and each text
 * source's text as UTF-8 under `sources/`, which the project names as `internal://<file>` (REFI-QDA
 * project exchange, "Sources"). The zip's timestamps are the pack's date, so one model always gives
 * the same bytes.
 */
export async function renderPackQdpx(model: PackModel): Promise<Uint8Array> {
  const texts = textSourcesOf(model);
  const generated = new Date(model.generatedAt);
  // Zip dates cannot be before 1980 (MS-DOS time); a bad generatedAt falls back to that rather than "now".
  const mtime = Number.isNaN(generated.getTime()) || generated.getFullYear() < 1980 ? new Date(1980, 0, 1) : generated;
  const sources: Zippable = {};
  for (const text of texts) sources[sourceFileName(text)] = strToU8(text.text);
  return zipSync({ 'project.qde': strToU8(renderProjectXml(model, texts)), sources }, { level: 6, mtime });
}
