import { LineRuleType, type IStylesOptions } from 'docx';
import { escapeXmlText } from '../refi-qda/xml-writer';
import type { PackModel } from '../types';

/** The language of every run, so Word's spell checker and screen readers read the pack as British English. */
export const LANGUAGE = 'en-GB';

/**
 * Word's built-in styles by their built-in names, so the pack's structure is real structure: the
 * headings are Heading 1/2 (navigation pane, tagged PDF headings, screen-reader heading lists) and the
 * quotes are Word's "Quote" style, which docx does not define by default.
 */
export const PACK_STYLES: IStylesOptions = {
  default: {
    document: { run: { font: 'Arial', size: 22, language: { value: LANGUAGE } }, // lineRule spelled out: LibreOffice reads a bare w:line as an exact height, and large headings overlap.
    paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } } },
    title: { run: { font: 'Arial', size: 48, bold: true, color: '0B0C0C' }, paragraph: { spacing: { after: 240 } } },
    heading1: { run: { font: 'Arial', size: 36, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 360, after: 160 }, keepNext: true } },
    heading2: { run: { font: 'Arial', size: 28, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 280, after: 120 }, keepNext: true } },
    heading3: { run: { font: 'Arial', size: 24, bold: true, color: '0B0C0C' }, paragraph: { spacing: { before: 200, after: 80 }, keepNext: true } },
  },
  paragraphStyles: [
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { italics: true, color: '0B0C0C' },
      paragraph: {
        indent: { left: 567, right: 567 },
        spacing: { before: 160, after: 80 },
        border: { left: { style: 'single', size: 18, color: '505A5F', space: 8 } },
        keepNext: true,
      },
    },
    { id: 'ClipDetails', name: 'Clip details', basedOn: 'Normal', run: { size: 20, color: '383F43' }, paragraph: { indent: { left: 567 }, spacing: { after: 60 } } },
  ],
};

/**
 * docProps/core.xml, written here because docx writes no `dc:language` (and stamps "now" as its
 * dates): the title, the language and the pack's own date are what assistive technology and
 * document-management systems read.
 */
export function corePropertiesXml(model: PackModel): string {
  const when = Number.isNaN(new Date(model.generatedAt).getTime()) ? null : new Date(model.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const element = (name: string, text: string | null, attributes = '') => (text === null ? '' : `<${name}${attributes}>${escapeXmlText(text)}</${name}>`);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    element('dc:title', model.title) +
    element('dc:subject', model.plan ? `Evidence for the improvement plan "${model.plan.name}"` : 'Evidence pack') +
    element('dc:creator', model.generatedBy ?? 'Evident') +
    element('dc:description', `Selection: ${model.selectionSummary.join('; ')}`) +
    element('dc:language', LANGUAGE) +
    element('cp:lastModifiedBy', model.generatedBy ?? 'Evident') +
    element('dcterms:created', when, ' xsi:type="dcterms:W3CDTF"') +
    element('dcterms:modified', when, ' xsi:type="dcterms:W3CDTF"') +
    '</cp:coreProperties>'
  );
}
