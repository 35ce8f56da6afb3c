import { ExternalHyperlink, Paragraph, TextRun, type IParagraphOptions, type IRunOptions, type ParagraphChild } from 'docx';
import { httpUrlOrNull } from '../../safe-url';
import { xmlSafeText } from '../xml-chars';

/**
 * Text from users and pages becomes Word text only through these helpers. A run is always made with
 * `text:` and never with string `children`, because docx reads a child string such as "CURRENT" or
 * "TOTAL_PAGES" as a page-number field; characters XML 1.0 forbids become U+FFFD (xml-chars.ts); line
 * breaks become Word line breaks.
 */
export function textRuns(text: string, options: Omit<IRunOptions, 'text' | 'children' | 'break'> = {}): TextRun[] {
  return xmlSafeText(text)
    .split(/\r\n|[\r\n\u2028\u2029]/)
    .map((line, i) => new TextRun({ ...options, text: line, break: i > 0 ? 1 : undefined }));
}

/** A paragraph of plain text. */
export function textParagraph(text: string, options: Omit<IParagraphOptions, 'text' | 'children'> = {}): Paragraph {
  return new Paragraph({ ...options, children: textRuns(text) });
}

/** "Label: value", the label in bold, as one paragraph; nothing when the value is empty. */
export function labelledParagraph(label: string, value: string, options: Omit<IParagraphOptions, 'text' | 'children'> = {}): Paragraph[] {
  if (!value.trim()) return [];
  return [new Paragraph({ ...options, children: [...textRuns(`${label}: `, { bold: true }), ...textRuns(value)] })];
}

/** Bold "Label:" then the value, as runs to go inside a paragraph. */
export function labelledRuns(label: string, value: string): TextRun[] {
  return [...textRuns(`${label}: `, { bold: true }), ...textRuns(value)];
}

/**
 * A link to a source's address, only for http(s) (PackSource.url is already so; checked again here,
 * because a model may come from elsewhere): anything else is plain text, never a hyperlink.
 */
export function urlRuns(url: string | null): ParagraphChild[] {
  if (!url) return [];
  const safe = httpUrlOrNull(url);
  if (!safe) return textRuns(url);
  return [new ExternalHyperlink({ link: safe, children: textRuns(safe, { style: 'Hyperlink' }) })];
}
