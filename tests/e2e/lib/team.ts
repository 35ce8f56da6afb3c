import type { Page } from 'playwright-core';
import type { EvidentBrowser } from './extension';

/**
 * Joins a team workspace as a person does: Options, their name (when given), the server's address
 * and the invite, Connect. Resolves with the options page once it says "synced".
 */
export async function joinTeam(browser: EvidentBrowser, serverUrl: string, token: string, name?: string): Promise<Page> {
  const options = await browser.extensionPage('/options.html');
  if (name) {
    await options.locator('[data-testid="display-name"]').fill(name);
    await options.getByRole('button', { name: 'Save name' }).click();
    await options.getByText('Your name and team are saved').waitFor();
  }
  await options.locator('[data-testid="server-url"]').fill(serverUrl);
  await options.locator('[data-testid="invite-token"]').fill(token);
  await options.locator('[data-testid="connect"]').click();
  await options.locator('[data-testid="sync-status"]', { hasText: /^synced$/ }).first().waitFor({ timeout: 30_000 });
  return options;
}
