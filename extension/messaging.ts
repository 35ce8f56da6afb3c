import { browser } from 'wxt/browser';
import {
  envelope,
  type BackgroundRequest,
  type BackgroundResponses,
  type ContentRequest,
  type ContentResponses,
} from '../shared/protocol/messages';
import { err, type Result } from '../shared/result';

type RequestOf<T extends BackgroundRequest['type']> = Extract<BackgroundRequest, { type: T }>;
type ContentRequestOf<T extends ContentRequest['type']> = Extract<ContentRequest, { type: T }>;

/** Sends a request to the background and returns its Result; a transport failure becomes an error value. */
export async function askBackground<T extends BackgroundRequest['type']>(
  request: RequestOf<T>,
): Promise<Result<BackgroundResponses[T], string>> {
  try {
    const answer = await browser.runtime.sendMessage(envelope(request));
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer as Result<BackgroundResponses[T], string>;
    return err(`no answer to ${request.type}`);
  } catch (e) {
    return err(`${request.type} failed: ${(e as Error).message}`);
  }
}

/** Sends a request to the content script of a tab. */
export async function askTab<T extends ContentRequest['type']>(
  tabId: number,
  request: ContentRequestOf<T>,
): Promise<Result<ContentResponses[T], string>> {
  try {
    const answer = await browser.tabs.sendMessage(tabId, envelope(request));
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer as Result<ContentResponses[T], string>;
    return err('Evident is not running on this page');
  } catch {
    return err('Evident is not running on this page');
  }
}
