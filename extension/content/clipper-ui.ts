import { EVIDENT_UI_ATTRIBUTE } from '../../shared/anchoring/dom-text';
import { openToolbarFrame, type ToolbarFrame } from './toolbar-frame';

/**
 * The in-page clip toolbar: a button beside the selection and the outcome ("Saved"). It lives in an
 * open shadow root under one host element, so page styles cannot reach it and it cannot restyle the
 * page. Everything is built with DOM APIs and textContent: page text is never parsed as markup.
 * It holds nothing a page should not see: the plan's suggested actions are drawn in a frame of
 * Evident's own (toolbar-frame.ts), and the button answers only the reader's own clicks.
 */

/** Wide enough for an action's title on one or two lines, never wider than the window. */
const FRAME_WIDTH = 'min(420px, calc(100vw - 16px))';

const STYLE = `
:host { all: initial; }
.bar { position: absolute; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px; border-radius: 6px;
  box-sizing: border-box; max-width: 420px; background: #0b0c0c; color: #fff; font: 14px/1.3 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.bar.with-frame { width: ${FRAME_WIDTH}; max-width: none; }
iframe { display: block; flex-basis: 100%; width: 100%; height: 0; border: 0; background: #0b0c0c; color-scheme: dark; }
button { font: inherit; color: #0b0c0c; background: #ffdd00; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
button:focus-visible { outline: 3px solid #fff; outline-offset: 1px; }
[role=status] { padding: 0 6px; }
.error { color: #ffb3a7; }
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
  private frame: ToolbarFrame | null = null;

  constructor(
    private readonly doc: Document,
    /** Called for the reader's own clicks only (`isTrusted`): a page script's click() does nothing. */
    private readonly onClip: (gesture: ClipGesture) => void,
  ) {}

  /** Shows the clip button at page coordinates (x, y), below the end of the selection. */
  showAt(x: number, y: number): void {
    this.ensureHost();
    this.closeFrame();
    this.bar.style.left = `${Math.max(0, x)}px`;
    this.bar.style.top = `${Math.max(0, y)}px`;
    this.setState('idle');
    this.bar.hidden = false;
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
        frame.element.style.height = `${height}px`;
        this.keepInView();
      },
      onLinked: options.onLinked,
      onClose: () => this.hide(),
    });
    this.frame = frame;
    this.bar.classList.add('with-frame');
    this.bar.append(frame.element);
    this.keepInView();
    if (options.takeFocus) frame.focus();
  }

  get isVisible(): boolean {
    return !!this.host && !this.bar.hidden;
  }

  contains(node: Node | null): boolean {
    return !!node && !!this.host && (node === this.host || this.host.contains(node));
  }

  setState(state: ClipperState, message = ''): void {
    this.button.hidden = state !== 'idle' && state !== 'error';
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
    this.bar.classList.remove('with-frame');
  }

  /** A bar near the window's right edge moves left so that its full width shows. */
  private keepInView(): void {
    const view = this.doc.defaultView!;
    const right = view.scrollX + this.doc.documentElement.clientWidth - 8;
    const left = Number.parseFloat(this.bar.style.left) || 0;
    const overflow = left + this.bar.offsetWidth - right;
    if (overflow > 0) this.bar.style.left = `${Math.max(view.scrollX, left - overflow)}px`;
  }

  private ensureHost(): void {
    if (this.host) return;
    const host = this.doc.createElement('evident-clipper');
    host.setAttribute(EVIDENT_UI_ATTRIBUTE, '');
    host.style.cssText = 'position:absolute;top:0;left:0;width:0;height:0;z-index:2147483647;';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = STYLE;
    this.bar = this.doc.createElement('div');
    this.bar.className = 'bar';
    this.bar.setAttribute('role', 'toolbar');
    this.bar.setAttribute('aria-label', 'Evident');
    this.button = this.doc.createElement('button');
    this.button.type = 'button';
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
    this.bar.append(this.button, this.status);
    shadow.append(style, this.bar);
    this.doc.documentElement.append(host);
    this.host = host;
  }
}
