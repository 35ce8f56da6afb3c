import type { Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { LinkContextSchema } from '../../shared/extract/link-context';
import type { BackgroundRequest, BackgroundResponses } from '../../shared/protocol/messages';
import { err, ok, type Result } from '../../shared/result';
import { hostOf, isExtensionPage } from './sender';

/**
 * Link contexts waiting for their PDF to be opened: kept in session storage (the PDF opens in a new
 * navigation, possibly after the worker stopped), the newest few only.
 */
const KEEP = 40;
const linkContextsItem = storage.defineItem<Array<[string, Record<string, unknown>]>>('session:linkContexts', { fallback: [] });

type Type = 'link-context-save' | 'link-context-get';
type Handler<T extends Type> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: Browser.runtime.MessageSender,
) => Promise<Result<BackgroundResponses[T], string>>;

export const linkContextHandlers: { [T in Type]: Handler<T> } = {
  'link-context-save': async ({ url, context }, sender) => {
    const parsed = LinkContextSchema.safeParse(context);
    if (!parsed.success) return err('not a link context');
    // A page may only speak for links it shows: the context's source page is the sender's own site.
    if (!isExtensionPage(sender) && hostOf(parsed.data.sourcePage) !== hostOf(sender.url)) return err('a page may only describe its own links');
    const kept = (await linkContextsItem.getValue()).filter(([u]) => u !== url);
    await linkContextsItem.setValue([...kept.slice(-(KEEP - 1)), [url, parsed.data as unknown as Record<string, unknown>]]);
    return ok(undefined);
  },
  'link-context-get': async ({ url }) => {
    const found = (await linkContextsItem.getValue()).find(([u]) => u === url);
    return ok({ context: found?.[1] ?? null });
  },
};
