import type { ReactNode } from 'react';
import { httpUrlOrNull } from '../../../shared/safe-url';

/**
 * A link to an address from someone else's data (a clipped page, a teammate's presence): a link only
 * when it is http(s), otherwise the text alone, so a `javascript:` address is never clickable.
 */
export function ExternalLink({ url, children }: { url: string | null | undefined; children: ReactNode }) {
  const safe = httpUrlOrNull(url);
  return safe ? (
    <a href={safe} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ) : (
    <span data-testid="unsafe-address">{children}</span>
  );
}
