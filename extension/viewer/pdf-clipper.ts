import {
  anchorAllInPdf,
  buildPdfTextModel,
  describePdfSelection,
  spanFromSelection,
  textLayerRange,
  type PdfTextModel,
} from '../../shared/anchoring';
import type { PdfPageText, PdfTextSpan } from '../../shared/anchoring/pdf-types';
import { sourceIdForPdf } from '../../shared/ids';
import type { CaptureOutcome } from '../../shared/protocol/messages';
import { err, type Result } from '../../shared/result';
import type { SourceInput } from '../../shared/workspace/sources';
import { askBackground } from '../messaging';
import type { PdfView, RenderedPage } from './pdf-view';

const CLIP = 'evident-clip';
const FLASH = 'evident-flash';
const CONTEXT_CHARS = 240;
const STYLE = `::highlight(${CLIP}) { background-color: rgba(255, 221, 0, 0.45); }
::highlight(${FLASH}) { background-color: rgba(255, 140, 0, 0.85); }`;

/**
 * Clips in a PDF: a selection across the text layers becomes an anchor (start page, quote, position
 * in the page's text), and the workspace's clips of this file are re-found in the text model and
 * painted on each page's text layer as pdf.js renders it (CSS Custom Highlight API).
 */
export class PdfClipper {
  private readonly model: PdfTextModel;
  private readonly spans = new Map<string, PdfTextSpan | null>();
  readonly sourceId: string;

  constructor(
    doc: Document,
    private readonly view: PdfView,
    private readonly pages: PdfPageText[],
    private readonly source: SourceInput & { pdf: NonNullable<SourceInput['pdf']> },
    /** Every page's text for the source's snapshot (kept by the workspace with the first clip). */
    private readonly snapshot: { text: string; pageStarts: number[] },
  ) {
    this.model = buildPdfTextModel(pages);
    this.sourceId = sourceIdForPdf(source.pdf.sha256);
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    view.onTextLayer(() => this.paint());
  }

  /** Highlights the clips this workspace has of this file, and flashes the one asked for. */
  async showExistingClips(): Promise<void> {
    const answer = await askBackground({ type: 'page-clips', sourceId: this.sourceId, url: this.source.url });
    if (!answer.ok) return;
    const outcomes = anchorAllInPdf(this.model, answer.value.clips.map((c) => c.anchor));
    answer.value.clips.forEach((clip, i) => {
      const outcome = outcomes[i]!;
      this.spans.set(clip.id, outcome.status === 'found' ? outcome.span : null);
    });
    this.paint();
    if (answer.value.focusEvidenceId) await this.flash(answer.value.focusEvidenceId);
  }

  get clipCount(): number {
    return [...this.spans.values()].filter(Boolean).length;
  }

  notFound(): string[] {
    return [...this.spans].filter(([, span]) => !span).map(([id]) => id);
  }

  async capture(range: Range): Promise<Result<CaptureOutcome, string>> {
    const span = spanFromSelection(this.view.renderedPages(), range);
    if (!span) return err('Select text on the PDF page to clip it');
    const anchor = describePdfSelection(this.model, span);
    const before = this.pages[span.startPage - 1]!.text.slice(0, span.startOffset).slice(-CONTEXT_CHARS);
    const after = this.pages[span.endPage - 1]!.text.slice(span.endOffset, span.endOffset + CONTEXT_CHARS);
    const outcome = await askBackground({
      type: 'capture-clip',
      clip: {
        source: this.source,
        evidence: { anchor, contextBefore: before.replace(/\s+/g, ' ').trimStart(), contextAfter: after.replace(/\s+/g, ' ').trimEnd() },
        snapshot: { kind: 'pdf', ...this.snapshot },
      },
    });
    if (outcome.ok) {
      this.spans.set(outcome.value.evidenceId, span);
      this.paint();
    }
    return outcome;
  }

  /** Scrolls to a clip's page, then flashes the passage; false when it is not in this file. */
  async flash(evidenceId: string): Promise<boolean> {
    const span = this.spans.get(evidenceId);
    if (!span) return false;
    const page = await this.view.renderPage(span.startPage);
    const range = this.rangesOf(span, [page])[0];
    if (!range) return false;
    range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    CSS.highlights.set(FLASH, new Highlight(range));
    setTimeout(() => CSS.highlights.delete(FLASH), 2000);
    return true;
  }

  private rangesOf(span: PdfTextSpan, rendered: RenderedPage[]): Range[] {
    const ranges: Range[] = [];
    for (const { page, layer } of rendered) {
      if (page < span.startPage || page > span.endPage) continue;
      const start = page === span.startPage ? span.startOffset : 0;
      const end = page === span.endPage ? span.endOffset : this.pages[page - 1]!.text.length;
      const range = textLayerRange(layer, start, end);
      if (range) ranges.push(range);
    }
    return ranges;
  }

  private paint(): void {
    const rendered = this.view.renderedPages();
    const ranges = [...this.spans.values()].flatMap((span) => (span ? this.rangesOf(span, rendered) : []));
    if (ranges.length) CSS.highlights.set(CLIP, new Highlight(...ranges));
    else CSS.highlights.delete(CLIP);
  }
}
