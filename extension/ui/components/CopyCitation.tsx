import { useState, type ReactNode } from 'react';
import { footnoteCitation, plainCitation, type CitationParts } from '../../../shared/citation-formats';

/**
 * The citation as text, and buttons to copy it: as one plain line, or in the form a Word footnote
 * wants (the title in italics, which Word keeps from the HTML copy).
 */
export function CopyCitation({ parts, children }: { parts: CitationParts; children?: ReactNode }) {
  const [copied, setCopied] = useState('');
  const plain = plainCitation(parts);
  async function copy(kind: 'plain' | 'footnote') {
    try {
      if (kind === 'plain') await navigator.clipboard.writeText(plain);
      else {
        const note = footnoteCitation(parts);
        await navigator.clipboard.write([
          new ClipboardItem({ 'text/plain': new Blob([note.text], { type: 'text/plain' }), 'text/html': new Blob([note.html], { type: 'text/html' }) }),
        ]);
      }
      setCopied(kind === 'plain' ? 'Citation copied' : 'Citation copied as a Word footnote');
    } catch (error) {
      setCopied(`Could not copy: ${(error as Error).message}. Select the citation and copy it instead.`);
    }
  }
  return (
    <>
      <p className="govuk-body citation-text" data-testid="detail-citation">{plain}</p>
      <div className="govuk-button-group">
        <button type="button" className="govuk-button govuk-button--secondary" data-testid="copy-citation" onClick={() => void copy('plain')}>Copy citation</button>
        <button type="button" className="govuk-button govuk-button--secondary" data-testid="copy-citation-footnote" onClick={() => void copy('footnote')}>Copy as Word footnote</button>
        {children}
      </div>
      <p role="status" className="govuk-body-s message" data-testid="copy-citation-status">{copied}</p>
    </>
  );
}
