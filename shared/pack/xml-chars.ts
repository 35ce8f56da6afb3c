/**
 * XML 1.0 allows only these characters (§2.2 "Char"): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and
 * the astral planes as surrogate pairs. Anything else (other C0 controls such as NUL or form feed from
 * a scraped page, a lone surrogate, U+FFFE/U+FFFF) makes the whole file unreadable: Word refuses a
 * .docx with one, and QDA tools reject the project. Clipped text may hold them, so the Word and REFI-QDA
 * exports replace each with U+FFFD (the replacement character): the reader sees that something was
 * there, and everything else of the text survives. (The CSV and the REFI-QDA source text files are not
 * XML and keep the text as it is.)
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT_CHARACTER = '\uFFFD';

export function xmlSafeText(text: string): string {
  return text.replace(NOT_XML_CHAR, REPLACEMENT_CHARACTER);
}
