import { EVIDENT_UI_ATTRIBUTE } from '../../shared/anchoring/dom-text';
import { openToolbarFrame, type ToolbarFrame } from './toolbar-frame';

/**
 * The in-page clip toolbar: a button beside the selection and the outcome ("Saved"). It lives in an
 * open shadow root under one host element, so page styles cannot reach it and it cannot restyle the
 * page. Everything is built with DOM APIs and textContent: page text is never parsed as markup.
 * It holds nothing a page should not see: the plan's suggested actions are drawn in a frame of
 * Evident's own (toolbar-frame.ts), and the button answers only the reader's own clicks.
 */

/** The toolbar's width with suggestions: room for an action's title, never wider than the window. */
const OPEN_WIDTH = { preferred: 380, min: 320, max: 420 };
/** Space kept between the toolbar and the window's edges, and between it and the selection. */
const EDGE = 8;
const GAP = 6;

// GOV.UK colours (text #0b0c0c on white, focus #ffdd00 with a black underline): every pair passes
// WCAG AA contrast, and council staff know the look. The font is the system's, never GDS Transport.
const STYLE = `
:host { all: initial; }
.bar { position: absolute; box-sizing: border-box; display: flex; flex-direction: column; gap: 6px; padding: 6px;
  background: #fff; color: #0b0c0c; border: 2px solid #0b0c0c; border-top: 5px solid #1d70b8;
  font: 16px/1.25 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; box-shadow: 0 2px 10px rgba(11,12,12,.35); }
.bar[hidden] { display: none; }
.head { display: flex; align-items: center; gap: 8px; min-height: 32px; }
.head [role=status] { flex: 1; font-weight: 700; }
.head [role=status]:empty { display: none; }
.error { color: #d4351c; }
iframe { display: block; width: 100%; height: 0; border: 0; background: #fff; }
button { font: inherit; color: #0b0c0c; cursor: pointer; margin: 0; }
.clip { background: #00703c; color: #fff; border: 0; box-shadow: 0 2px 0 #002d18; padding: 6px 12px; font-weight: 700; }
.close { margin-left: auto; background: none; border: 0; width: 32px; height: 32px; font-size: 22px; line-height: 1; }
.close[hidden] { display: none; }
button:focus-visible { outline: 3px solid transparent; background: #ffdd00; color: #0b0c0c; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; }
`;

export type ClipperState = 'idle' | 'saving' | 'saved' | 'duplicate' | 'error';

/** How the reader pressed Clip: from the keyboard, the toolbar then takes the focus with it. */
export interface ClipGesture {
  byKeyboard: boolean;
}

export class ClipperUi {
  private host: HTMLElement | null = null;
  private bar!: HTMLDivElement;
  private button!: HTMLButtonElement;
  private status!: HTMLSpanElement;
  private closeButton!: HTMLButtonElement;
  private frame: ToolbarFrame | null = null;
  /** The selection's box in page coordinates: the toolbar sits below it, or above near the window's bottom. */
  private anchor = { left: 0, top: 0, bottom: 0 };
  /**
   * Counts the selections the toolbar has been shown for. A clip's suggestions arrive after its
   * "Saved"; by then the reader may have selected the next passage, and they must not open over it.
   */
  private shownSelections = 0;

  constructor(
    private readonly doc: Document,
    /** Called for the reader's own clicks only (`isTrusted`): a page script's click() does nothing. */
    private readonly onClip: (gesture: ClipGesture) => void,
  ) {}

  /**
   * Shows the clip button by the selection, given as its last line's box in page coordinates: below
   * its end, or above it when the window's bottom edge is near.
   */
  showAt(selection: { left: number; top: number; bottom: number }): void {
    this.ensureHost();
    this.closeFrame();
    this.shownSelections++;
    this.anchor = selection;
    this.setState('idle');
    this.bar.hidden = false;
    this.place();
  }

  hide(): void {
    if (!this.host) return;
    this.bar.hidden = true;
    this.closeFrame();
  }

  /** Whether the reader is using the toolbar (pointer over it or focus in it, the frame included): then it stays. */
  get isInUse(): boolean {
    return !!this.host && (this.bar.matches(':hover') || this.bar.contains(this.host.shadowRoot!.activeElement));
  }

  /**
   * Opens Evident's frame under the outcome, for the clip the background holds against `ticket`: it
   * offers the actions the clip most likely evidences, links one, then asks what the clip shows.
   */
  showActions(ticket: string, options: { takeFocus: boolean; onLinked: () => void }): void {
    if (!this.host) return;
    this.closeFrame();
    const frame = openToolbarFrame(this.doc, ticket, {
      onHeight: (height) => {
        // Never taller than the window leaves room for: the frame scrolls inside itself beyond that.
        const room = this.doc.documentElement.clientHeight - 2 * EDGE - this.bar.offsetHeight + frame.element.offsetHeight;
        frame.element.style.height = `${Math.max(0, Math.min(height, room))}px`;
        this.place();
      },
      onLinked: options.onLinked,
      onClose: () => this.hide(),
    });
    this.frame = frame;
    this.bar.append(frame.element);
    this.place();
    if (options.takeFocus) frame.focus();
  }

  /** Which selection the toolbar shows now: compare before acting on an answer that comes later. */
  get selectionShown(): number {
    return this.shownSelections;
  }

  get isVisible(): boolean {
    return !!this.host && !this.bar.hidden;
  }

  contains(node: Node | null): boolean {
    return !!node && !!this.host && (node === this.host || this.host.contains(node));
  }

  setState(state: ClipperState, message = ''): void {
    this.button.hidden = state !== 'idle' && state !== 'error';
    // Once there is an outcome to read, the toolbar has its full width and a close button.
    this.open = state !== 'idle';
    this.status.className = state === 'error' ? 'error' : '';
    const label: Record<ClipperState, string> = {
      idle: '',
      saving: 'Saving…',
      saved: 'Saved',
      duplicate: 'Already saved',
      error: message,
    };
    this.status.textContent = label[state];
    const testIds: Record<ClipperState, string> = {
      idle: 'clip-status',
      saving: 'clip-saving',
      saved: 'clip-saved',
      duplicate: 'clip-duplicate',
      error: 'clip-error',
    };
    this.status.dataset.testid = testIds[state];
  }

  private closeFrame(): void {
    this.frame?.dispose();
    this.frame = null;
  }

  private set open(open: boolean) {
    this.closeButton.hidden = !open;
    const clientWidth = this.doc.documentElement.clientWidth;
    const width = Math.min(OPEN_WIDTH.max, Math.max(OPEN_WIDTH.min, OPEN_WIDTH.preferred), clientWidth - 2 * EDGE);
    this.bar.style.width = open ? `${width}px` : '';
    this.place();
  }

  /**
   * Keeps the whole toolbar in the window: below the selection, or above it when it would run off the
   * bottom, moved left when it would run off the right; as a last resort pinned to the window's edge.
   */
  private place(): void {
    if (!this.host || this.bar.hidden) return;
    const view = this.doc.defaultView!;
    const root = this.doc.documentElement;
    const visible = {
      left: view.scrollX + EDGE,
      right: view.scrollX + root.clientWidth - EDGE,
      top: view.scrollY + EDGE,
      bottom: view.scrollY + root.clientHeight - EDGE,
    };
    const { offsetWidth: width, offsetHeight: height } = this.bar;
    const left = Math.max(visible.left, Math.min(this.anchor.left, visible.right - width));
    const below = this.anchor.bottom + GAP;
    const above = this.anchor.top - GAP - height;
    const top = below + height <= visible.bottom ? below : above >= visible.top ? above : Math.max(visible.top, visible.bottom - height);
    this.bar.style.left = `${left}px`;
    this.bar.style.top = `${top}px`;
  }

  private ensureHost(): void {
    if (this.host) return;
    const host = this.doc.createElement('evident-clipper');
    host.setAttribute(EVIDENT_UI_ATTRIBUTE, '');
    // The host is a zero-size anchor at the page's origin; the bar inside has its own width.
    host.style.cssText = 'position:absolute;top:0;left:0;width:0;height:0;overflow:visible;z-index:2147483647;';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = STYLE;
    this.bar = this.doc.createElement('div');
    this.bar.className = 'bar';
    this.bar.setAttribute('role', 'toolbar');
    this.bar.setAttribute('aria-label', 'Evident');
    this.button = this.doc.createElement('button');
    this.button.type = 'button';
    this.button.className = 'clip';
    this.button.textContent = 'Clip';
    this.button.title = 'Clip as evidence (Alt+Shift+E)';
    this.button.dataset.testid = 'clip-button';
    // Keep the page's selection: a mousedown on the button would otherwise clear it.
    this.button.addEventListener('mousedown', (e) => e.isTrusted && e.preventDefault());
    // Only the reader's own click or key press clips: a page script may select text and call click()
    // or dispatch events (isTrusted false), and that must not add anything to the team's workspace.
    // A click from the keyboard (Enter, Space) has no pointer, so its `detail` is 0.
    this.button.addEventListener('click', (e) => e.isTrusted && this.onClip({ byKeyboard: e.detail === 0 }));
    this.status = this.doc.createElement('span');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.closeButton = this.doc.createElement('button');
    this.closeButton.type = 'button';
    this.closeButton.className = 'close';
    this.closeButton.textContent = '×';
    this.closeButton.setAttribute('aria-label', 'Close the Evident toolbar');
    this.closeButton.dataset.testid = 'toolbar-close';
    this.closeButton.hidden = true;
    this.closeButton.addEventListener('click', (e) => e.isTrusted && this.hide());
    const head = this.doc.createElement('div');
    head.className = 'head';
    head.append(this.button, this.status, this.closeButton);
    this.bar.append(head);
    shadow.append(style, this.bar);
    this.doc.documentElement.append(host);
    this.host = host;
  }
}
