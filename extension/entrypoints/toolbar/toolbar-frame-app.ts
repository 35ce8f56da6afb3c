import type { SuggestedAction } from '../../../shared/protocol/messages';
import { PageMessage, ToolbarHello, type FrameMessage } from '../../content/toolbar-frame-protocol';
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
    const line = doc.createElement('p');
    line.className = 'error';
    line.setAttribute('role', 'status');
    line.textContent = problem;
    root.replaceChildren(line);
  };

  const heading = doc.createElement('p');
  heading.textContent = 'Evidence for:';
  root.replaceChildren(heading);
  for (const suggestion of suggestions) {
    const label = labelOf(suggestion);
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = label.length > 70 ? `${label.slice(0, 69)}…` : label;
    button.title = label;
    button.dataset.testid = 'suggested-action';
    button.dataset.actionId = suggestion.actionId;
    button.addEventListener('click', async (e) => {
      if (!e.isTrusted) return; // nothing outside this frame can click here; nothing inside it may pretend to
      const problem = await link(suggestion.actionId, null);
      if (problem) showProblem(problem);
      else askAssessment(label, suggestion.actionId);
    });
    root.append(button);
  }

  function askAssessment(label: string, actionId: string) {
    const linkedLine = doc.createElement('p');
    linkedLine.textContent = `Linked to ${label.slice(0, 60)}. It shows:`;
    linkedLine.dataset.testid = 'clip-linked';
    const row = doc.createElement('div');
    row.className = 'assess';
    for (const [assessment, name] of ASSESSMENT_BUTTONS) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = name;
      button.dataset.testid = 'toolbar-assessment';
      button.dataset.assessment = assessment;
      button.addEventListener('click', async (e) => {
        if (!e.isTrusted) return;
        const problem = await link(actionId, assessment);
        linkedLine.textContent = problem ?? `Linked to ${label.slice(0, 60)} as ${name.toLowerCase()}`;
        if (!problem) row.remove();
      });
      row.append(button);
    }
    root.replaceChildren(linkedLine, row);
    (row.firstElementChild as HTMLButtonElement | null)?.focus();
  }

  // The content script sizes the frame to its content: it cannot measure a cross-origin document.
  new ResizeObserver(() => post({ type: 'size', height: Math.ceil(root.getBoundingClientRect().height) })).observe(root);
  doc.addEventListener('keydown', (e) => {
    if (e.isTrusted && e.key === 'Escape') post({ type: 'close' });
  });
  port.onmessage = (event: MessageEvent) => {
    const message = PageMessage.safeParse(event.data);
    if (message.success && message.data.type === 'focus') root.querySelector<HTMLButtonElement>('button')?.focus();
  };
}
