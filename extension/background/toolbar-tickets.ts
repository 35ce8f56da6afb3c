import type { SuggestedAction } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';

/** Long enough for the frame to load after "Saved"; a ticket is spent at once in practice. */
export const TICKET_TTL_MS = 60_000;
const MAX_OPEN_TICKETS = 50;

interface Offer {
  tabId: number;
  evidenceId: string;
  suggestions: SuggestedAction[];
  expiresAt: number;
}

/** What a toolbar frame may show: the clip its tab just saved, and the actions suggested for it. */
export interface ClaimedClip {
  evidenceId: string;
  suggestions: SuggestedAction[];
}

/**
 * Hands a clip from a page's content script to the toolbar frame in the same tab without the page
 * seeing anything it could reuse. The content script offers its tab's clip (only from a trusted
 * click) and gets a random ticket; it posts the ticket to the frame it created; the frame, an
 * extension page, claims it. A claim works once, before it expires, and only from the tab the offer
 * came from (the background reads both tabs from `sender.tab`, which no page can set). A page that
 * frames the toolbar page itself has no ticket, so its frame stays blank.
 */
export class ToolbarTickets {
  private readonly offers = new Map<string, Offer>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly newTicket: () => string = () => crypto.randomUUID(),
  ) {}

  offer(tabId: number, evidenceId: string, suggestions: SuggestedAction[]): string {
    this.forgetExpired();
    // A tab shows one toolbar: its newer clip replaces an older, unclaimed offer.
    for (const [ticket, offer] of this.offers) if (offer.tabId === tabId) this.offers.delete(ticket);
    while (this.offers.size >= MAX_OPEN_TICKETS) this.offers.delete(this.offers.keys().next().value!);
    const ticket = this.newTicket();
    this.offers.set(ticket, { tabId, evidenceId, suggestions, expiresAt: this.now() + TICKET_TTL_MS });
    return ticket;
  }

  claim(ticket: string, tabId: number | undefined): Result<ClaimedClip, string> {
    this.forgetExpired();
    const offer = this.offers.get(ticket);
    if (!offer) return err('no such toolbar ticket (spent, expired or never offered)');
    if (tabId === undefined || offer.tabId !== tabId) return err('a toolbar ticket is only good in the tab it was offered to');
    this.offers.delete(ticket);
    return ok({ evidenceId: offer.evidenceId, suggestions: offer.suggestions });
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [ticket, offer] of this.offers) if (offer.expiresAt <= now) this.offers.delete(ticket);
  }
}
