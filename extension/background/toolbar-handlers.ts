import type { Browser } from 'wxt/browser';
import type { BackgroundRequest, BackgroundResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { hostOf, isExtensionPage } from './sender';
import { activeSession } from './sessions';
import { suggestActionsFor } from './suggestions';
import { ToolbarTickets } from './toolbar-tickets';

type ToolbarRequestType = 'toolbar-offer' | 'toolbar-claim';
type Handler<T extends ToolbarRequestType> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: Browser.runtime.MessageSender,
) => Promise<Result<BackgroundResponses[T], string>>;

const tickets = new ToolbarTickets();

/**
 * The in-page toolbar's plan suggestions, handed from the page's content script to Evident's own
 * frame (toolbar-tickets.ts says how). The content script learns only whether there is anything to
 * show; the suggestions themselves go to the frame, which a page script cannot read.
 */
export const toolbarHandlers: { [T in ToolbarRequestType]: Handler<T> } = {
  'toolbar-offer': async ({ evidenceId }, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return err('toolbar-offer needs a tab');
    const session = await activeSession();
    const evidence = await session.db.evidence.get(evidenceId);
    if (!evidence || evidence.deleted) return err(`evidence ${evidenceId} not found`);
    // A page's content script may only offer a clip of its own site.
    if (!isExtensionPage(sender) && hostOf(evidence.sourceUrl ?? undefined) !== hostOf(sender.url)) {
      return err('a page may only offer its own clips');
    }
    // A ticket even with nothing to suggest: the frame then says so and offers the dashboard, and the
    // page cannot tell from the frame's presence whether the plan has anything to do with it.
    const suggestions = await suggestActionsFor(session.db, evidence);
    return ok({ ticket: tickets.offer(tabId, evidenceId, suggestions) });
  },
  'toolbar-claim': async ({ ticket }, sender) => {
    // Only Evident's pages reach here (sender.ts), and the toolbar is always a frame inside a tab.
    if (sender.frameId === 0) return err('the toolbar page only works as a frame');
    return tickets.claim(ticket, sender.tab?.id);
  },
};
