import { browser } from 'wxt/browser';
import { FrameMessage, MAX_FRAME_HEIGHT, TOOLBAR_FRAME_PROTOCOL, type PageMessage, type ToolbarHello } from './toolbar-frame-protocol';

export interface ToolbarFrameEvents {
  /** The frame's content is this tall (already clamped). */
  onHeight(height: number): void;
  /** The reader linked the clip (keep the toolbar up a while). */
  onLinked(): void;
  /** The reader pressed Escape inside the frame. */
  onClose(): void;
}

export interface ToolbarFrame {
  readonly element: HTMLIFrameElement;
  /** Moves the keyboard focus into the frame (its first suggestion). */
  focus(): void;
  dispose(): void;
}

/**
 * The part of the in-page toolbar that shows plan data: a frame of Evident's own `toolbar.html`.
 * A page script cannot read a cross-origin frame's DOM, nor click inside it, so the plan's actions and
 * the link buttons stay out of its reach, while the button and "Saved" stay in the open shadow root.
 *
 * The frame learns which clip to show from a one-time ticket (background/toolbar-tickets.ts), posted
 * once with a MessagePort to the extension's origin only: if the page has swapped the frame's address
 * for its own, the browser drops the message. Later messages travel on the port, so the page neither
 * sees nor forges them; they are still checked against their schema, and anything else is ignored.
 */
export function openToolbarFrame(doc: Document, ticket: string, events: ToolbarFrameEvents): ToolbarFrame {
  const pageUrl = browser.runtime.getURL('/toolbar.html');
  const extensionOrigin = new URL(pageUrl).origin;
  const iframe = doc.createElement('iframe');
  iframe.src = pageUrl;
  iframe.title = 'Evident: link this clip to the plan';
  iframe.dataset.testid = 'toolbar-frame';
  iframe.setAttribute('referrerpolicy', 'no-referrer');
  const channel = new MessageChannel();
  // Messages posted before the frame takes its port wait in the port's queue.
  const post = (message: PageMessage) => channel.port1.postMessage(message);

  channel.port1.onmessage = (event: MessageEvent) => {
    const parsed = FrameMessage.safeParse(event.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'size') events.onHeight(Math.min(message.height, MAX_FRAME_HEIGHT));
    else if (message.type === 'linked') events.onLinked();
    else events.onClose();
  };
  iframe.addEventListener(
    'load',
    () => {
      const hello: ToolbarHello = { evident: 'toolbar-hello', protocol: TOOLBAR_FRAME_PROTOCOL, ticket };
      iframe.contentWindow?.postMessage(hello, extensionOrigin, [channel.port2]);
    },
    { once: true },
  );
  return {
    element: iframe,
    focus() {
      iframe.focus();
      post({ type: 'focus' });
    },
    dispose() {
      channel.port1.close();
      iframe.remove();
    },
  };
}
