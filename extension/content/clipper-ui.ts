import { EVIDENT_UI_ATTRIBUTE } from '../../shared/anchoring/dom-text';

/**
 * The in-page clip toolbar: a button beside the selection and the outcome ("Saved"). It lives in an
 * open shadow root under one host element, so page styles cannot reach it and it cannot restyle the
 * page. Everything is built with DOM APIs and textContent: page text is never parsed as markup.
 */
const STYLE = `
:host { all: initial; }
.bar { position: absolute; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 4px; border-radius: 6px;
  max-width: 420px; background: #0b0c0c; color: #fff; font: 14px/1.3 system-ui, sans-serif; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.suggestions { display: flex; flex-direction: column; gap: 4px; flex-basis: 100%; }
.suggestions[hidden] { display: none; }
.suggestions p { margin: 2px 4px; color: #d0d0d0; font-size: 12px; }
.suggestions button { text-align: left; background: #fff; }
.assess { display: flex; gap: 4px; flex-wrap: wrap; }
button { font: inherit; color: #0b0c0c; background: #ffdd00; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; }
button:focus-visible { outline: 3px solid #fff; outline-offset: 1px; }
[role=status] { padding: 0 6px; }
.error { color: #ffb3a7; }
`;

export type ClipperState = 'idle' | 'saving' | 'saved' | 'duplicate' | 'error';

/** An action offered for the clip just saved. */
export interface ToolbarSuggestion {
  actionId: string;
  label: string;
}

const ASSESSMENT_BUTTONS = [
  ['delivery', 'Delivery'],
  ['impact', 'Impact'],
  ['concern', 'Concern'],
  ['context', 'Context'],
] as const;
export type ToolbarAssessment = (typeof ASSESSMENT_BUTTONS)[number][0];

export class ClipperUi {
  private host: HTMLElement | null = null;
  private bar!: HTMLDivElement;
  private button!: HTMLButtonElement;
  private status!: HTMLSpanElement;
  private suggestions!: HTMLDivElement;

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
    this.suggestions.hidden = true;
    this.suggestions.replaceChildren();
    this.bar.hidden = false;
  }

  hide(): void {
    if (!this.host) return;
    this.bar.hidden = true;
    this.suggestions.hidden = true;
  }

  /** Whether the reader is using the toolbar (pointer over it or focus in it): then it stays. */
  get isInUse(): boolean {
    return !!this.host && (this.bar.matches(':hover') || this.bar.contains(this.host.shadowRoot!.activeElement));
  }

  /**
   * Offers the actions the clip most likely evidences; choosing one links it, then asks what the clip
   * shows about it (delivery, impact, concern, context).
   */
  showSuggestions(
    suggestions: ToolbarSuggestion[],
    onLink: (actionId: string, assessment: ToolbarAssessment | null) => Promise<string | null>,
  ): void {
    this.suggestions.replaceChildren();
    if (!suggestions.length) return;
    const heading = this.doc.createElement('p');
    heading.textContent = 'Evidence for:';
    this.suggestions.append(heading);
    for (const suggestion of suggestions) {
      const button = this.doc.createElement('button');
      button.type = 'button';
      button.textContent = suggestion.label.length > 70 ? `${suggestion.label.slice(0, 69)}…` : suggestion.label;
      button.title = suggestion.label;
      button.dataset.testid = 'suggested-action';
      button.dataset.actionId = suggestion.actionId;
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', async () => {
        const problem = await onLink(suggestion.actionId, null);
        if (problem) return this.setState('error', problem);
        this.askAssessment(suggestion, onLink);
      });
      this.suggestions.append(button);
    }
    this.suggestions.hidden = false;
  }

  private askAssessment(
    suggestion: ToolbarSuggestion,
    onLink: (actionId: string, assessment: ToolbarAssessment | null) => Promise<string | null>,
  ): void {
    const heading = this.doc.createElement('p');
    heading.textContent = `Linked to ${suggestion.label.slice(0, 60)}. It shows:`;
    heading.dataset.testid = 'clip-linked';
    const row = this.doc.createElement('div');
    row.className = 'assess';
    for (const [assessment, label] of ASSESSMENT_BUTTONS) {
      const button = this.doc.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.dataset.testid = 'toolbar-assessment';
      button.dataset.assessment = assessment;
      button.addEventListener('mousedown', (e) => e.preventDefault());
      button.addEventListener('click', async () => {
        const problem = await onLink(suggestion.actionId, assessment);
        heading.textContent = problem ?? `Linked to ${suggestion.label.slice(0, 60)} as ${label.toLowerCase()}`;
        if (!problem) row.remove();
      });
      row.append(button);
    }
    this.suggestions.replaceChildren(heading, row);
    (row.firstElementChild as HTMLButtonElement | null)?.focus();
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
    this.suggestions = this.doc.createElement('div');
    this.suggestions.className = 'suggestions';
    this.suggestions.hidden = true;
    this.bar.append(this.button, this.status, this.suggestions);
    shadow.append(style, this.bar);
    this.doc.documentElement.append(host);
    this.host = host;
  }
}
