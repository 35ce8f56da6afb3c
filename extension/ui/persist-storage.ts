/**
 * Asks the browser not to evict Evident's data under storage pressure (evidence must
 * survive). `navigator.storage.persist` exists only in pages, not in the service worker, so every
 * Evident page asks once on open; the answer is shown in options.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}
