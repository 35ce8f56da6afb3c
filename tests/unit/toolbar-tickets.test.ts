import { describe, expect, it } from 'vitest';
import { TICKET_TTL_MS, ToolbarTickets } from '../../extension/background/toolbar-tickets';
import { FrameMessage, ToolbarHello } from '../../extension/content/toolbar-frame-protocol';
import type { SuggestedAction } from '../../shared/protocol/messages';

const suggestion: SuggestedAction = { actionId: 'act_1', reference: '4.1', title: 'Pathway plans', recommendationReference: '4', score: 3, reasons: ['pathway plans'], ofstedParagraph: null };

function store() {
  let now = 1_000;
  let n = 0;
  const tickets = new ToolbarTickets(() => now, () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
  return { tickets, advance: (ms: number) => void (now += ms) };
}

describe('the toolbar frame gets its clip only by a one-time ticket for its own tab', () => {
  it('hands the clip and its suggestions to the same tab, once', () => {
    const { tickets } = store();
    const ticket = tickets.offer(3, 'ev_1', [suggestion]);
    expect(tickets.claim(ticket, 3)).toEqual({ ok: true, value: { evidenceId: 'ev_1', suggestions: [suggestion] } });
    expect(tickets.claim(ticket, 3)).toMatchObject({ ok: false });
  });

  it('refuses another tab, a frame with no tab, and a made-up ticket, and keeps the offer for its own tab', () => {
    const { tickets } = store();
    const ticket = tickets.offer(3, 'ev_1', [suggestion]);
    expect(tickets.claim(ticket, 4)).toEqual({ ok: false, error: expect.stringMatching(/only good in the tab/) });
    expect(tickets.claim(ticket, undefined)).toMatchObject({ ok: false });
    expect(tickets.claim('6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40', 3)).toMatchObject({ ok: false });
    expect(tickets.claim(ticket, 3)).toMatchObject({ ok: true });
  });

  it('forgets an offer once it expires, and a tab\'s newer clip replaces its older offer', () => {
    const { tickets, advance } = store();
    const old = tickets.offer(3, 'ev_1', [suggestion]);
    const newer = tickets.offer(3, 'ev_2', [suggestion]);
    expect(tickets.claim(old, 3)).toMatchObject({ ok: false });
    advance(TICKET_TTL_MS);
    expect(tickets.claim(newer, 3)).toMatchObject({ ok: false });
  });
});

describe('messages between the page\'s toolbar and its frame', () => {
  it.each([
    ['a hello with a ticket', { evident: 'toolbar-hello', protocol: 1, ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40' }, true],
    ['another protocol version', { evident: 'toolbar-hello', protocol: 2, ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40' }, false],
    ['a ticket that is not one', { evident: 'toolbar-hello', protocol: 1, ticket: '<img src=x>' }, false],
    ['extra fields', { evident: 'toolbar-hello', protocol: 1, ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40', evidenceId: 'ev_1' }, false],
  ])('the frame reads %s as a hello: %s', (_what, message, valid) => {
    expect(ToolbarHello.safeParse(message).success).toBe(valid);
  });

  it.each([
    [{ type: 'size', height: 120 }, true],
    [{ type: 'size', height: -1 }, false],
    [{ type: 'size', height: 1e9 }, false],
    [{ type: 'size', height: '120px' }, false],
    [{ type: 'linked' }, true],
    [{ type: 'close' }, true],
    [{ type: 'link', actionId: 'act_1' }, false],
    ['close', false],
  ])('the content script takes %j from the frame: %s', (message, valid) => {
    expect(FrameMessage.safeParse(message).success).toBe(valid);
  });
});
