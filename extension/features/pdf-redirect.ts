import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { enabledSitesItem } from './site-access';

/**
 * Ofsted's and modern.gov's PDFs open in Evident's viewer by themselves (the browser's own PDF viewer
 * does not let an extension read a selection). A declarativeNetRequest redirect of top-level
 * navigations; tried in Chromium: for link clicks the viewer must be web-accessible, and the URL arrives
 * unencoded (viewer/file-param.ts copes). The user can turn it off in options.
 */
export const pdfRedirectItem = storage.defineItem<boolean>('local:pdfRedirect', { fallback: true });

const RULE_IDS = { ofstedFiles: 1, ofstedPdfs: 2, modernGovGovUk: 3, enabledSites: 4 } as const;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rules(viewerUrl: string, enabledOrigins: string[]) {
  const redirect = (id: number, regexFilter: string) => ({
    id,
    priority: 1,
    action: { type: 'redirect' as const, redirect: { regexSubstitution: `${viewerUrl}?file=\\0` } },
    condition: { regexFilter, resourceTypes: ['main_frame' as const] },
  });
  const list = [
    // Ofsted report files: files.ofsted.gov.uk/v1/file/<id> (no .pdf in the address).
    redirect(RULE_IDS.ofstedFiles, '^https?://files\\.ofsted\\.gov\\.uk/v1/file/[0-9]+$'),
    redirect(RULE_IDS.ofstedPdfs, '^https?://([a-z0-9-]+\\.)*ofsted\\.gov\\.uk/[^?#]*\\.pdf$'),
    // modern.gov documents: …/documents/s<id>/<name>.pdf and g<id> minutes, on council gov.uk sites.
    redirect(RULE_IDS.modernGovGovUk, '^https?://[a-z0-9.-]+\\.gov\\.uk/([^?#]*/)?documents/[sg][0-9]+/[^?#]*\\.pdf$'),
  ];
  if (enabledOrigins.length) {
    const hosts = enabledOrigins.map((o) => escapeRegex(new URL(o).host)).join('|');
    list.push(redirect(RULE_IDS.enabledSites, `^https?://(${hosts})/[^?#]*\\.pdf$`));
  }
  return list;
}

export async function syncPdfRedirect(): Promise<void> {
  const enabled = await pdfRedirectItem.getValue();
  const wanted = enabled ? rules(browser.runtime.getURL('/viewer.html'), await enabledSitesItem.getValue()) : [];
  const existing = await browser.declarativeNetRequest.getDynamicRules();
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: existing.map((r) => r.id),
    addRules: wanted as never,
  });
}

export function registerPdfRedirect(): void {
  pdfRedirectItem.watch(() => void syncPdfRedirect());
  enabledSitesItem.watch(() => void syncPdfRedirect());
  browser.runtime.onInstalled.addListener(() => void syncPdfRedirect());
  browser.runtime.onStartup?.addListener(() => void syncPdfRedirect());
}
