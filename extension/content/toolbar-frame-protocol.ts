import { z } from 'zod';

/**
 * Messages between the in-page toolbar (content script) and its frame (`toolbar.html`, an extension
 * page). The content script hands the frame a one-time ticket and a MessagePort in one window
 * message addressed to the extension's origin only; everything after goes over that port, which no
 * page script holds. Both sides check every message's shape and drop what they do not know.
 */
export const TOOLBAR_FRAME_PROTOCOL = 1;

/** Content script → frame: the ticket to claim the tab's clip with, and (in `ports`) the port to answer on. */
export const ToolbarHello = z
  .object({
    evident: z.literal('toolbar-hello'),
    protocol: z.literal(TOOLBAR_FRAME_PROTOCOL),
    ticket: z.string().regex(/^[0-9a-f-]{36}$/),
  })
  .strict();
export type ToolbarHello = z.infer<typeof ToolbarHello>;

/** Frame → content script, on the port: its height (so the bar fits it), a link made, or "close" (Escape). */
export const FrameMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('size'), height: z.number().int().min(0).max(4000) }).strict(),
  z.object({ type: z.literal('linked') }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type FrameMessage = z.infer<typeof FrameMessage>;

/** Content script → frame, on the port: take the keyboard focus (the reader pressed Clip from the keyboard). */
export const PageMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('focus') }).strict()]);
export type PageMessage = z.infer<typeof PageMessage>;

/** The tallest the frame may make the bar; beyond it the frame scrolls. */
export const MAX_FRAME_HEIGHT = 360;
