import { LOCAL_AUTHORITIES, type LocalAuthority } from './authorities';
import { namesOf } from './lookup';
import { hostKeysOf } from './names';

/**
 * Councils' web addresses: `westsussex.gov.uk`, `democracy.sthelens.gov.uk`,
 * `moderngov.kingston.gov.uk`, and modern.gov's hosted `<council>.moderngov.co.uk`. Only these
 * suffixes are read: any other site may use a place name for something that is not the council.
 */
const COUNCIL_SUFFIXES = ['.gov.uk', '.moderngov.co.uk'];

/** What councils add to their name in a host label: "dorsetcouncil", "surreycc", "nottinghamcity", "royalgreenwich". */
const LABEL_SUFFIXES = /(?:council|cc|city|mbc|gov)$/;
const LABEL_PREFIXES = /^(?:royal|cityof|lb|rb)/;

let hostIndex: Map<string, LocalAuthority> | null = null;

function buildHostIndex(): Map<string, LocalAuthority> {
  const index = new Map<string, LocalAuthority>();
  for (const authority of LOCAL_AUTHORITIES) {
    const keys = [...namesOf(authority).flatMap(hostKeysOf), ...authority.hosts.map((h) => h.replace(/-/g, ''))];
    for (const key of keys) if (!index.has(key)) index.set(key, authority);
  }
  return index;
}

function authorityOfLabel(label: string): LocalAuthority | null {
  hostIndex ??= buildHostIndex();
  const bare = label.replace(/-/g, '');
  const candidates = [bare, bare.replace(LABEL_SUFFIXES, ''), bare.replace(LABEL_PREFIXES, '')];
  for (const candidate of candidates) {
    const found = candidate ? hostIndex.get(candidate) : undefined;
    if (found) return found;
  }
  return null;
}

/** The council a URL's host belongs to, as a record; null for any other site. */
export function authorityOfUrl(url: string): LocalAuthority | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null; // not a URL (a file opened by path): no host to read
  }
  const suffix = COUNCIL_SUFFIXES.find((s) => host.endsWith(s));
  if (!suffix) return null;
  // The label nearest the suffix names the council; those before it name the service ("democracy").
  const labels = host.slice(0, -suffix.length).split('.').reverse();
  for (const label of labels) {
    const found = authorityOfLabel(label);
    if (found) return found;
  }
  return null;
}

/** The canonical name of the council a URL's host belongs to ("https://democracy.sthelens.gov.uk/…" → "St Helens"). */
export function authorityFromUrl(url: string): string | null {
  return authorityOfUrl(url)?.name ?? null;
}
