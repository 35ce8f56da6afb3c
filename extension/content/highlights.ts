import { anchorAll, type ClipAnchor } from '../../shared/anchoring';
import type { PageClip } from '../../shared/protocol/messages';

/**
 * Highlights with the CSS Custom Highlight API: the page's DOM is not touched at all (no wrapper
 * elements that could break the page's scripts or styles), only a stylesheet is adopted.
 */
const CLIP_HIGHLIGHT = 'evident-clip';
const FLASH_HIGHLIGHT = 'evident-flash';
const STYLE = `
::highlight(${CLIP_HIGHLIGHT}) { background-color: rgba(255, 221, 0, 0.45); }
::highlight(${FLASH_HIGHLIGHT}) { background-color: rgba(255, 140, 0, 0.85); color: #0b0c0c; }
`;

export interface AnchoredClip {
  id: string;
  range: Range | null;
}

export class PageHighlights {
  private readonly anchored = new Map<string, Range | null>();
  private styled = false;

  constructor(private readonly doc: Document) {}

  /** Anchors the clips (replacing earlier ones) and paints those found; returns ids not found. */
  show(clips: readonly PageClip[]): { found: number; notFound: string[] } {
    const outcomes = anchorAll(this.root(), clips.map((c) => c.anchor as ClipAnchor));
    this.anchored.clear();
    const notFound: string[] = [];
    outcomes.forEach((outcome, i) => {
      const id = clips[i]!.id;
      this.anchored.set(id, outcome.status === 'found' ? outcome.range : null);
      if (outcome.status !== 'found') notFound.push(id);
    });
    this.paint();
    return { found: clips.length - notFound.length, notFound };
  }

  /** Adds one clip just saved, from the range the user selected. */
  add(id: string, range: Range): void {
    this.anchored.set(id, range.cloneRange());
    this.paint();
  }

  get count(): number {
    return [...this.anchored.values()].filter(Boolean).length;
  }

  notFound(): string[] {
    return [...this.anchored].filter(([, range]) => !range).map(([id]) => id);
  }

  /** Scrolls a clip into view and flashes it; false when it is not on the page. */
  flash(id: string): boolean {
    const range = this.anchored.get(id);
    if (!range || !this.supported()) return false;
    const target = range.startContainer.parentElement;
    target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    CSS.highlights.set(FLASH_HIGHLIGHT, new Highlight(range));
    setTimeout(() => CSS.highlights.delete(FLASH_HIGHLIGHT), 2000);
    return true;
  }

  private root(): Node {
    return this.doc.body ?? this.doc.documentElement;
  }

  private supported(): boolean {
    return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
  }

  private paint(): void {
    if (!this.supported()) return;
    this.ensureStyle();
    const ranges = [...this.anchored.values()].filter((r): r is Range => r !== null);
    if (ranges.length) CSS.highlights.set(CLIP_HIGHLIGHT, new Highlight(...ranges));
    else CSS.highlights.delete(CLIP_HIGHLIGHT);
  }

  private ensureStyle(): void {
    if (this.styled) return;
    this.styled = true;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, sheet];
  }
}
