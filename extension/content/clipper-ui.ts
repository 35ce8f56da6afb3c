import { EVIDENT_UI_ATTRIBUTE } from '../../shared/anchoring/dom-text';

/**
 * The in-page clip toolbar: a button beside the selection and the outcome ("Saved"). It lives in an
 * open shadow root under one host element, so page styles cannot reach it and it cannot restyle the
 * page. Everything is built with DOM APIs and textContent: page text is never parsed as markup.
 */
const STYLE = `
:host { all: initial; }
.bar { position: absolute; display: flex; gap: 6px; align-items: center; padding: 4px; border-radius: 6px;
  background: #0b0c0c; color: #fff; font: 14px/1.3 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
button { font: inherit; color: #0b0c0c; background: #ffdd00; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
button:focus-visible { outline: 3px solid #fff; outline-offset: 1px; }
[role=status] { padding: 0 6px; }
.error { color: #ffb3a7; }
`;

export type ClipperState = 'idle' | 'saving' | 'saved' | 'duplicate' | 'error';

export class ClipperUi {
  private host: HTMLElement | null = null;
  private bar!: HTMLDivElement;
  private button!: HTMLButtonElement;
  private status!: HTMLSpanElement;

  constructor(
    private readonly doc: Document,
    private readonly onClip: () => void,
  ) {}

  /** Shows the clip button at page coordinates (x, y), below the end of the selection. */
  showAt(x: number, y: number): void {
    this.ensureHost();
    this.bar.style.left = `${Math.max(0, x)}px`;
    this.bar.style.top = `${Math.max(0, y)}px`;
    this.setState('idle');
    this.bar.hidden = false;
  }

  hide(): void {
    if (this.host) this.bar.hidden = true;
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
    this.button.addEventListener('mousedown', (e) => e.preventDefault());
    this.button.addEventListener('click', () => this.onClip());
    this.status = this.doc.createElement('span');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.bar.append(this.button, this.status);
    shadow.append(style, this.bar);
    this.doc.documentElement.append(host);
    this.host = host;
  }
}
