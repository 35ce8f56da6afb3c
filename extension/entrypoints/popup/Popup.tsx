import { useState } from 'react';
import { browser } from 'wxt/browser';
import { askBackground } from '../../messaging';
import { useActivePage } from '../../ui/data/use-active-page';
import { useWorkspace } from '../../ui/data/use-workspace';

/** The toolbar popup: clip the selection, see this page's clip count, open the dashboard or side panel. */
export function Popup() {
  const page = useActivePage();
  const workspace = useWorkspace();
  const [message, setMessage] = useState('');

  async function clip() {
    setMessage('Saving…');
    const outcome = await askBackground({ type: 'clip-active-tab', tabId: page.tabId ?? undefined });
    if (!outcome.ok) return setMessage(outcome.error);
    setMessage(outcome.value.status === 'duplicate' ? 'Already saved' : 'Saved');
    page.refresh();
  }

  async function openSidePanel() {
    const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { open(o: { windowId: number }): Promise<void> } } }).chrome?.sidePanel;
    const win = await browser.windows.getCurrent();
    const firefoxSidebar = (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction;
    if (chromeSidePanel && win.id !== undefined) await chromeSidePanel.open({ windowId: win.id });
    else if (firefoxSidebar) await firefoxSidebar.open();
    else await browser.windows.create({ url: browser.runtime.getURL(`/sidepanel.html?tab=${page.tabId ?? ''}`), type: 'popup', width: 420, height: 700 });
    window.close();
  }

  return (
    <main className="popup">
      <h1>Evident</h1>
      {workspace.canEdit ? (
        <button type="button" className="primary" data-testid="popup-clip" onClick={() => void clip()}>
          Clip selection
        </button>
      ) : (
        <p data-testid="read-only">Read-only: your invite is for a reviewer.</p>
      )}
      <p data-testid="popup-clip-count">
        {page.state ? `${page.state.clipCount} clip${page.state.clipCount === 1 ? '' : 's'} on this page` : (page.problem ?? '')}
      </p>
      <p role="status" className="message" data-testid="popup-message">
        {message}
      </p>
      <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') })}>
        Open dashboard
      </button>
      <button type="button" onClick={() => void openSidePanel()}>
        Show this page's clips
      </button>
      <button
        type="button"
        data-testid="popup-open-pdf"
        onClick={async () => {
          const result = await askBackground({ type: 'open-tab-in-viewer', tabId: page.tabId ?? undefined });
          if (result.ok) window.close();
          else setMessage(result.error);
        }}
      >
        Open this PDF in Evident's viewer
      </button>
    </main>
  );
}
