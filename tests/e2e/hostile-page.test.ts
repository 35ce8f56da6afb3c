import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from './lib/dashboard';
import { highlightCount, launchEvident, selectTextByMouse, type EvidentBrowser } from './lib/extension';
import { startFixtureServer, type FixtureServer } from './lib/fixture-server';
import { frameWith } from './lib/frames';

// A gov.uk page whose own scripts are hostile: the extension runs on it (every *.gov.uk site), so its
// scripts share the DOM with Evident's toolbar. Every `page.evaluate` below runs in the page's world,
// exactly as the page's own scripts would; Playwright's mouse and keyboard are the real reader.
const HOSTILE_URL = 'http://democracy.hostile-example.gov.uk/documents/s1/report.html';
const PATHWAY = 'The quality of pathway plans is inconsistent, and not all are up to date';
const SUPERVISION = 'Supervision is regular but does not always show the reflection needed to move plans on';
const SCRIPTED = 'Caseloads for social workers in the assessment teams remain too high for the work to be done well';
/** The passage the linking test links (only that test links anything, so it starts unlinked). */
const LINKED = 'A revised pathway plan template for care leavers has not yet been introduced';

let server: FixtureServer;
let evident: EvidentBrowser;
/** Counts requests for a PDF that a framed viewer must never fetch. */
let pdfServer: http.Server;
let pdfRequests = 0;

/**
 * Every quote in the dashboard's evidence list, once it has rendered the clip quoting `known` (the
 * positive check), read again after a pause: a clip a page script managed to save would arrive late.
 */
async function evidenceQuotesSettled(known: string) {
  const dashboard = await evident.extensionPage('/dashboard.html#evidence');
  await dashboard.locator('[data-testid="evidence-item"]', { hasText: known.slice(0, 50) }).waitFor();
  await dashboard.waitForTimeout(1000);
  const quotes = await dashboard.locator('[data-testid="evidence-quote"]').allTextContents();
  await dashboard.close();
  return quotes;
}

/** What the dashboard shows as the clip's links to plan actions. */
async function linksOf(quote: string) {
  const dashboard = await evident.extensionPage('/dashboard.html#evidence');
  const item = dashboard.locator('[data-testid="evidence-item"]', { hasText: quote.slice(0, 50) });
  await expect.poll(() => item.count()).toBe(1);
  const links = await item.locator('[data-testid="linked-action"]').allTextContents();
  const evidenceId = await item.getAttribute('data-evidence-id');
  await dashboard.close();
  return { links, evidenceId: evidenceId! };
}

async function clipAsReader(page: Page, passage: string) {
  await page.locator('h1').click(); // a click away first: pressing on a selection would drag it
  await selectTextByMouse(page, `p:has-text("${passage.slice(0, 30)}")`, passage);
  await page.locator('[data-testid="clip-button"]').click();
  await expect.poll(() => page.locator('[data-testid="clip-saved"], [data-testid="clip-duplicate"]').count()).toBe(1);
}

/** Everything a page script can read: its DOM, every open shadow root, every frame it may open, and window messages. */
function harvestAsPage(page: Page) {
  return page.evaluate(() => {
    const seen: string[] = [];
    const blockedFrames: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      seen.push(root instanceof Document ? root.documentElement.outerHTML : root.innerHTML);
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        if (element instanceof HTMLIFrameElement) {
          let inner: Document | null = null;
          try {
            inner = element.contentDocument ?? element.contentWindow?.document ?? null;
          } catch {
            inner = null;
          }
          if (inner) visit(inner);
          else blockedFrames.push(element.src);
        }
      }
    };
    visit(document);
    for (let i = 0; i < window.frames.length; i++) {
      try {
        seen.push(window.frames[i]!.document.documentElement.outerHTML);
      } catch {
        // cross-origin: unreadable, as it should be
      }
    }
    const messages = (window as unknown as { __messages?: string[] }).__messages ?? [];
    return { text: seen.join('\n'), blockedFrames, messages };
  });
}

describe('a hostile gov.uk page cannot drive Evident', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    server.route(
      '/documents/s1/report.html',
      `<!doctype html><html lang="en-GB"><head><title>Children's services improvement - Cabinet, 3 March 2021</title></head><body>
       <div role="banner"><p>Hostile Example Council</p></div><main><h1>Children's services: progress report</h1>
       <p>3.1 Most young people have a pathway plan. ${PATHWAY} or provide enough detail.</p>
       <p>3.2 ${SUPERVISION}, and managers are addressing this.</p>
       <p id="scripted">3.3 ${SCRIPTED}, and the service is recruiting.</p>
       <p>3.4 ${LINKED}, although personal advisers have been consulted.</p>
       </main></body></html>`,
    );
    server.route('/documents/s1/frames.html', '<!doctype html><html lang="en-GB"><head><title>Frames</title></head><body><p>Framing page</p></body></html>');
    pdfServer = http.createServer((_req, res) => {
      pdfRequests++;
      res.writeHead(200, { 'content-type': 'application/pdf', 'access-control-allow-origin': '*' });
      res.end('%PDF-1.4\n');
    });
    await new Promise<void>((resolve) => pdfServer.listen(0, '127.0.0.1', resolve));
    evident = await launchEvident({ fixturePort: server.port });
    // The team's plan, so the toolbar has suggestions to offer.
    await importPlan(evident);
  });
  afterAll(async () => {
    await evident?.close();
    await server?.close();
    await new Promise((resolve) => pdfServer?.close(resolve));
  });

  it('saves nothing when page script selects text and clicks Clip (click(), pointer, mouse and key events)', async () => {
    const page = await evident.context.newPage();
    await page.goto(HOSTILE_URL);
    await clipAsReader(page, SUPERVISION); // a real clip, so the list below is known to render
    // What the workspace and the page show before the attempt (other tests' clips of this page included).
    const quotesBefore = await evidenceQuotesSettled(SUPERVISION);
    const highlightsBefore = await highlightCount(page);
    expect(highlightsBefore).toBeGreaterThanOrEqual(1);

    const outcome = await page.evaluate(async () => {
      const p = document.getElementById('scripted')!;
      const range = document.createRange();
      range.selectNodeContents(p);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      let button: HTMLButtonElement | null = null;
      for (let i = 0; i < 200 && !button?.isConnected; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const candidate = document.querySelector('[data-evident-ui]')?.shadowRoot?.querySelector<HTMLButtonElement>('[data-testid="clip-button"]');
        if (candidate && !candidate.hidden && !(candidate.parentElement as HTMLElement).hidden) button = candidate;
      }
      if (!button) return { appeared: false, status: null };
      const box = button.getBoundingClientRect();
      const at = { bubbles: true, cancelable: true, composed: true, clientX: box.x + 2, clientY: box.y + 2, detail: 1, button: 0 };
      button.click();
      HTMLElement.prototype.click.call(button);
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        button.dispatchEvent(type.startsWith('pointer') ? new PointerEvent(type, at) : new MouseEvent(type, at));
      }
      button.focus();
      for (const key of ['Enter', ' ']) {
        for (const type of ['keydown', 'keypress', 'keyup']) button.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, composed: true }));
      }
      document.querySelector<HTMLElement>('[data-evident-ui]')!.click();
      await new Promise((r) => setTimeout(r, 1500));
      const status = document.querySelector('[data-evident-ui]')!.shadowRoot!.querySelector('[role="status"]') as HTMLElement;
      return { appeared: true, status: `${status.dataset.testid}:${status.textContent}` };
    });
    // The button may show for a scripted selection (it reveals nothing), but nothing happened.
    expect(outcome).toEqual({ appeared: true, status: 'clip-status:' });
    expect(await highlightCount(page)).toBe(highlightsBefore);
    const quotesAfter = await evidenceQuotesSettled(SUPERVISION);
    expect(quotesAfter).toEqual(quotesBefore);
    expect(quotesAfter.filter((q) => q.includes(SCRIPTED.slice(0, 40)))).toEqual([]);
    await page.close();
  });

  it('keeps the plan out of the page: suggestions show in Evident\'s frame, and page script finds no trace of them', async () => {
    const page = await evident.context.newPage();
    await page.goto(HOSTILE_URL);
    await page.evaluate(() => {
      const messages: string[] = [];
      (window as unknown as { __messages: string[] }).__messages = messages;
      addEventListener('message', (e) => messages.push(JSON.stringify(e.data) ?? String(e.data)));
    });
    await clipAsReader(page, PATHWAY);
    // The reader sees the suggestions, inside a frame that is not the page.
    const toolbar = await frameWith(page, '[data-testid="suggested-action"]');
    expect(toolbar).not.toBe(page.mainFrame());
    const suggestions = toolbar.locator('[data-testid="suggested-action"]');
    await expect.poll(() => suggestions.count()).toBeGreaterThan(0);
    const actionIds = await suggestions.evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.actionId!));
    expect(await suggestions.first().textContent()).toMatch(/^4\.\d/); // the plan's pathway-plan actions
    const titles = (await suggestions.allTextContents()).map((t) => t.replace(/^[\d.]+ /, '').replace(/…$/, '').slice(0, 40));

    const harvest = await harvestAsPage(page);
    expect(harvest.text).toContain('data-testid="clip-saved"'); // it did read the toolbar's shadow root
    expect(harvest.blockedFrames.some((src) => src.endsWith('/toolbar.html'))).toBe(true);
    for (const id of actionIds) expect(harvest.text).not.toContain(id);
    for (const title of titles) expect(harvest.text).not.toContain(title);
    expect(harvest.text).not.toContain('suggested-action');
    // The ticket and the frame's messages travel where the page cannot listen.
    expect(harvest.messages).toEqual([]);
    await page.close();
  });

  it('links nothing when page script clicks what it can reach, posts to the frame or calls the runtime; the reader\'s click links', async () => {
    const page = await evident.context.newPage();
    await page.goto(HOSTILE_URL);
    await clipAsReader(page, LINKED);
    const toolbar = await frameWith(page, '[data-testid="suggested-action"]');
    const actionIds = await toolbar.locator('[data-testid="suggested-action"]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset.actionId!));
    const { links: before, evidenceId } = await linksOf(LINKED);
    expect(before).toEqual([]);

    // The attacker is given the real ids (and the extension's), to make the attempt as strong as it can be.
    const attempts = await page.evaluate(
      async ({ evidenceId, actionIds, extensionOrigin }) => {
        const tried: string[] = [];
        const hello = { evident: 'toolbar-hello', protocol: 1, ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40' };
        const root = document.querySelector('[data-evident-ui]')!.shadowRoot!;
        for (const element of root.querySelectorAll<HTMLElement>('*')) {
          element.click();
          element.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        }
        tried.push('clicked');
        const frame = root.querySelector('iframe');
        if (frame?.contentWindow) {
          const messages: unknown[] = [
            hello,
            ...actionIds.map((actionId) => ({ type: 'evidence-link', protocol: 1, ids: [evidenceId], actionId, assessment: 'impact' })),
            { type: 'focus' },
            { type: 'click', actionId: actionIds[0] },
          ];
          for (const message of messages) {
            const channel = new MessageChannel();
            frame.contentWindow.postMessage(message, '*', [channel.port2]);
            frame.contentWindow.postMessage(message, extensionOrigin);
            channel.port1.postMessage({ type: 'focus' });
          }
          tried.push('posted');
        }
        // A toolbar page of its own, handed a made-up ticket.
        const own = document.createElement('iframe');
        own.src = `${extensionOrigin}/toolbar.html`;
        document.body.append(own);
        // (A refused frame may never fire load: wait a moment at most.)
        await Promise.race([new Promise((r) => own.addEventListener('load', r, { once: true })), new Promise((r) => setTimeout(r, 2000))]);
        own.contentWindow!.postMessage(hello, '*', [new MessageChannel().port2]);
        const runtime = (globalThis as { chrome?: { runtime?: { sendMessage?: (...args: unknown[]) => unknown } } }).chrome?.runtime;
        if (runtime?.sendMessage) {
          for (const actionId of actionIds) {
            try {
              const answered = await Promise.race([
                Promise.resolve(runtime.sendMessage(new URL(extensionOrigin).host, { protocol: 1, type: 'evidence-link', ids: [evidenceId], actionId, assessment: 'impact' })).then(() => true),
                new Promise((r) => setTimeout(() => r(false), 2000)),
              ]);
              tried.push(answered ? 'runtime answered' : 'runtime silent');
            } catch {
              tried.push('runtime refused');
            }
          }
        } else tried.push('no runtime');
        await new Promise((r) => setTimeout(r, 1500));
        let ownFrameReadable = true;
        try {
          void own.contentWindow!.document.body;
        } catch {
          ownFrameReadable = false;
        }
        tried.push(ownFrameReadable ? 'own frame readable' : 'own frame unreadable');
        return tried;
      },
      { evidenceId, actionIds, extensionOrigin: `chrome-extension://${evident.extensionId}` },
    );
    // Whatever the page did, the clip is linked to nothing.
    expect((await linksOf(LINKED)).links).toEqual([]);
    expect(attempts).toContain('posted');
    expect(attempts).not.toContain('runtime answered');
    expect(attempts).toContain('own frame unreadable');
    const ownFrame = page.frames().find((f) => f !== toolbar && f.url().endsWith('/toolbar.html'));
    await ownFrame?.locator('#root').waitFor({ state: 'attached' }); // the toolbar page did load there
    expect(await ownFrame?.locator('[data-testid="suggested-action"]').count()).toBe(0);

    // The reader, clicking inside Evident's frame, links the clip and says what it shows.
    await clipAsReader(page, LINKED); // "Already saved": the toolbar offers the suggestions again
    const again = await frameWith(page, '[data-testid="suggested-action"]');
    const first = again.locator('[data-testid="suggested-action"]').first();
    const label = await first.textContent();
    await first.click();
    await again.locator('[data-testid="toolbar-assessment"][data-assessment="impact"]').click();
    await expect.poll(() => again.locator('[data-testid="clip-linked"]').textContent()).toMatch(/as impact$/);
    // From the keyboard: the focus is in the frame, and Escape closes the toolbar.
    await again.locator('[data-testid="clip-linked"]').click();
    // Pressed and released in two steps: the key's press removes the frame, and a release sent to
    // the frame while it is being removed can leave the debugging protocol's call unanswered.
    await page.keyboard.down('Escape');
    await expect.poll(() => page.locator('[data-testid="toolbar-frame"]').count()).toBe(0);
    await page.keyboard.up('Escape');
    const { links } = await linksOf(LINKED);
    expect(links).toEqual([expect.stringMatching(new RegExp(`^${label!.slice(0, 3).replace('.', '\\.')}.*· impact$`))]);
    await page.close();
  });

  it('refuses to run the viewer or the toolbar inside a page\'s own frames', async () => {
    const page = await evident.context.newPage();
    await page.goto(HOSTILE_URL.replace('report.html', 'frames.html'));
    const pdfUrl = `http://127.0.0.1:${(pdfServer.address() as AddressInfo).port}/secret.pdf`;
    await page.evaluate(
      async ({ base, pdfUrl }) => {
        for (const src of [`${base}viewer.html?file=${encodeURIComponent(pdfUrl)}`, `${base}toolbar.html`]) {
          const frame = document.createElement('iframe');
          frame.src = src;
          frame.style.cssText = 'width:800px;height:400px';
          document.body.append(frame);
          await new Promise((r) => frame.addEventListener('load', r, { once: true }));
          frame.contentWindow!.postMessage({ evident: 'toolbar-hello', protocol: 1, ticket: '6f1c2a9e-0b4d-4e8a-9c3f-2d7e5b1a8c40' }, '*', [new MessageChannel().port2]);
        }
      },
      { base: `chrome-extension://${evident.extensionId}/`, pdfUrl },
    );
    const viewer = page.frames().find((f) => f.url().includes('/viewer.html'))!;
    const toolbar = page.frames().find((f) => f.url().endsWith('/toolbar.html'))!;
    await expect.poll(() => viewer.locator('body').getAttribute('data-refused')).toBe('framed');
    await toolbar.locator('#root').waitFor({ state: 'attached' }); // the toolbar page loaded, and was handed a made-up ticket
    // Each frame would draw late if at all (the viewer after fetching the PDF, the toolbar after the
    // background answers the ticket), and neither has a state that says "done": give them a second.
    await page.waitForTimeout(1000);
    expect(await viewer.locator('.page, .textLayer, [data-testid="clip-button"], [data-testid="viewer-title"]').count()).toBe(0);
    expect(pdfRequests).toBe(0);
    expect((await toolbar.locator('body').innerText()).trim()).toBe('');
    expect(await toolbar.locator('button').count()).toBe(0);
    await page.close();
  });
});
