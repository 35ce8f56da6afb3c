import type { SuggestedAction } from '../../../shared/protocol/messages';
import { PageMessage, ToolbarHello, type FrameMessage } from '../../content/toolbar-frame-protocol';
import { browser } from 'wxt/browser';
import { suggestionReason } from '../../../shared/suggest/reason-text';
import { askBackground } from '../../messaging';

const ASSESSMENT_BUTTONS = [
  ['delivery', 'Delivery'],
  ['impact', 'Impact'],
  ['concern', 'Concern'],
  ['context', 'Context'],
] as const;
type Assessment = (typeof ASSESSMENT_BUTTONS)[number][0];

const labelOf = (s: SuggestedAction) => `${s.reference} ${s.title}`.trim();

/**
 * The in-page toolbar's frame: the plan actions a clip just saved most likely evidences, a click
 * links one, then what the clip shows about it. It is an extension page, so the page around it can
 * neither read it nor click in it, and it asks the background as Evident's own page (linking is not
 * open to content scripts). It shows only a clip the background hands over for a ticket from this
 * tab (background/toolbar-tickets.ts): a page that frames `toolbar.html` itself gets a blank frame.
 */
export function startToolbarFrame(win: Window): void {
  // Only ever a frame of the in-page toolbar; opened on its own it shows nothing.
  if (win.top === win) return;
  let claimed = false;
  win.addEventListener('message', async (event: MessageEvent) => {
    // Anyone holding the parent window can post here, the page's own scripts too: the message only
    // names a ticket, and only the ticket the background gave this tab's content script opens a clip.
    if (claimed || event.source !== win.parent || event.ports.length !== 1) return;
    const hello = ToolbarHello.safeParse(event.data);
    const port = event.ports[0]!;
    if (!hello.success) return port.close();
    const claim = await askBackground({ type: 'toolbar-claim', ticket: hello.data.ticket });
    if (!claim.ok || claimed) return port.close();
    claimed = true;
    showSuggestions(win.document, claim.value.evidenceId, claim.value.suggestions, port);
  });
}

function showSuggestions(doc: Document, evidenceId: string, suggestions: SuggestedAction[], port: MessagePort): void {
  const root = doc.getElementById('root')!;
  const post = (message: FrameMessage) => port.postMessage(message);
  const link = async (actionId: string, assessment: Assessment | null) => {
    const linked = await askBackground({ type: 'evidence-link', ids: [evidenceId], actionId, assessment });
    if (linked.ok) post({ type: 'linked' });
    return linked.ok ? null : linked.error;
  };
  const showProblem = (problem: string) => {
    const line = textElement(doc, 'p', problem, 'error');
    line.setAttribute('role', 'status');
    root.replaceChildren(line, footer());
  };
  // Only the reader's own click or key press acts: nothing outside this frame can click here, and
  // nothing inside it may pretend to.
  const onTrustedClick = (button: HTMLButtonElement, act: () => void) =>
    button.addEventListener('click', (e) => e.isTrusted && act());

  /** "Open in dashboard" (the clip, in full) and, while choosing, "None of these". */
  function footer(withNone = false): HTMLElement {
    const row = doc.createElement('div');
    row.className = 'footer';
    if (withNone) {
      const none = button(doc, 'None of these', 'none-of-these', 'secondary');
      onTrustedClick(none, () => post({ type: 'close' }));
      row.append(none);
    }
    const open = button(doc, 'Open in dashboard', 'open-in-dashboard', 'secondary');
    onTrustedClick(open, () => {
      void browser.tabs.create({ url: browser.runtime.getURL(`/dashboard.html?clip=${encodeURIComponent(evidenceId)}#evidence`) });
      post({ type: 'close' });
    });
    row.append(open);
    return row;
  }

  function showChoices() {
    if (!suggestions.length) {
      root.replaceChildren(textElement(doc, 'p', 'No action in your plan matches this clip closely. Link it from the dashboard.', 'lead'), footer());
      return;
    }
    const heading = textElement(doc, 'p', 'Evidence for which action?', 'lead');
    heading.id = 'choices-heading';
    const list = doc.createElement('ul');
    list.className = 'choices';
    list.setAttribute('aria-labelledby', 'choices-heading');
    for (const suggestion of suggestions) {
      const label = labelOf(suggestion);
      const reason = suggestionReason(suggestion);
      const choice = doc.createElement('button');
      choice.type = 'button';
      choice.className = 'choice';
      choice.dataset.testid = 'suggested-action';
      choice.dataset.actionId = suggestion.actionId;
      // The title is cut with an ellipsis to one line, shown whole on keyboard focus (CSS) and in the
      // tooltip on hover; the accessible name carries it whole.
      choice.title = label;
      choice.append(textElement(doc, 'span', label, 'title'));
      if (reason) choice.append(textElement(doc, 'span', reason, 'reason'));
      onTrustedClick(choice, async () => {
        const problem = await link(suggestion.actionId, null);
        if (problem) showProblem(problem);
        else askAssessment(label, suggestion.actionId);
      });
      const item = doc.createElement('li');
      item.append(choice);
      list.append(item);
    }
    root.replaceChildren(heading, list, footer(true));
  }

  function askAssessment(label: string, actionId: string) {
    const linkedLine = doc.createElement('p');
    linkedLine.className = 'lead';
    linkedLine.dataset.testid = 'clip-linked';
    linkedLine.title = label;
    linkedLine.textContent = `Linked to ${label}. What does it show?`;
    const row = doc.createElement('div');
    row.className = 'assess';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', 'What this clip shows');
    for (const [assessment, name] of ASSESSMENT_BUTTONS) {
      const choice = button(doc, name, 'toolbar-assessment');
      choice.dataset.assessment = assessment;
      onTrustedClick(choice, async () => {
        const problem = await link(actionId, assessment);
        linkedLine.textContent = problem ?? `Linked to ${label} as ${name.toLowerCase()}`;
        if (!problem) row.remove();
      });
      row.append(choice);
    }
    root.replaceChildren(linkedLine, row, footer());
    (row.firstElementChild as HTMLButtonElement | null)?.focus();
  }

  showChoices();
  unfoldOnKeyboardFocus(doc, root);
  // The content script sizes the frame to its content: it cannot measure a cross-origin document.
  new ResizeObserver(() => post({ type: 'size', height: Math.ceil(root.getBoundingClientRect().height) })).observe(root);
  doc.addEventListener('keydown', (e) => {
    if (!e.isTrusted) return;
    if (e.key === 'Escape') post({ type: 'close' });
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') moveFocus(root, e.key === 'ArrowDown' ? 1 : -1) && e.preventDefault();
  });
  port.onmessage = (event: MessageEvent) => {
    const message = PageMessage.safeParse(event.data);
    if (message.success && message.data.type === 'focus') root.querySelector<HTMLButtonElement>('button')?.focus();
  };
}

/**
 * Shows the whole title of the choice the keyboard reaches, and keeps it shown until the keyboard
 * moves on: a pointer press never folds or unfolds one, so nothing moves between press and release.
 */
function unfoldOnKeyboardFocus(doc: Document, root: HTMLElement): void {
  let byKeyboard = false;
  doc.addEventListener('keydown', () => void (byKeyboard = true), true);
  doc.addEventListener('pointerdown', () => void (byKeyboard = false), true);
  root.addEventListener('focusin', (e) => {
    if (!byKeyboard) return;
    for (const choice of root.querySelectorAll('.choice')) choice.classList.toggle('unfolded', choice === e.target);
  });
}

/** Up and down arrows move between the frame's buttons, as in a menu; Tab still works. */
function moveFocus(root: HTMLElement, step: 1 | -1): boolean {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button')];
  if (!buttons.length) return false;
  const at = buttons.indexOf(root.ownerDocument.activeElement as HTMLButtonElement);
  buttons[(at + step + buttons.length) % buttons.length]!.focus();
  return true;
}

function textElement(doc: Document, tag: string, text: string, className: string): HTMLElement {
  const node = doc.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function button(doc: Document, text: string, testid: string, className = ''): HTMLButtonElement {
  const node = doc.createElement('button');
  node.type = 'button';
  node.textContent = text;
  node.dataset.testid = testid;
  if (className) node.className = className;
  return node;
}
