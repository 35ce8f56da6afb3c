import { askBackground } from '../messaging';

/**
 * Tells teammates which page this browser is on (the side panel's "who is online"): when the page
 * opens and whenever it is shown or hidden. Only the address and title go, and only to the
 * workspace's own server, as awareness (never stored).
 */
export function initPresencePage(doc: Document, signal: AbortSignal): void {
  const report = () =>
    void askBackground({ type: 'presence-page', url: location.href, title: doc.title.slice(0, 300), visible: doc.visibilityState === 'visible' });
  report();
  doc.addEventListener('visibilitychange', report, { signal });
}
