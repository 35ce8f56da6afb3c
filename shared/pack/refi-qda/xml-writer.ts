import { xmlSafeText } from '../xml-chars';

/**
 * A small streaming XML writer for the REFI-QDA files: every text and attribute value passes through
 * one escape, so text from users and pages can only ever be character data. Characters XML 1.0 forbids
 * become U+FFFD (xml-chars.ts). CR, LF and tab in attributes are written as character references,
 * which attribute-value normalisation (XML 1.0 §3.3.3) would otherwise turn into spaces; a CR in text
 * is one too, which end-of-line handling (§2.11) would otherwise drop.
 */
export type Attributes = ReadonlyArray<readonly [name: string, value: string | number | boolean | null | undefined]>;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

export const escapeXmlText = (text: string) => xmlSafeText(text).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
export const escapeXmlAttribute = (value: string) => xmlSafeText(value).replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]!);

export class XmlWriter {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  private readonly open: string[] = [];

  start(name: string, attributes: Attributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesOf(attributes)}>\n`);
    this.open.push(name);
    return this;
  }

  end(name: string): this {
    const expected = this.open.pop();
    if (expected !== name) throw new Error(`XmlWriter: closing <${name}> but <${expected ?? 'nothing'}> is open`);
    this.parts.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  empty(name: string, attributes: Attributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesOf(attributes)}/>\n`);
    return this;
  }

  text(name: string, text: string, attributes: Attributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesOf(attributes)}>${escapeXmlText(text)}</${name}>\n`);
    return this;
  }

  toString(): string {
    if (this.open.length) throw new Error(`XmlWriter: <${this.open.join('>, <')}> left open`);
    return this.parts.join('');
  }

  private indent(): string {
    return '  '.repeat(this.open.length);
  }
}

function attributesOf(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of attributes) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return out;
}
