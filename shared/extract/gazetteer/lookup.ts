import { LOCAL_AUTHORITIES, type LocalAuthority } from './authorities';
import { lookupKey, wordsOf } from './names';

/** Every name an authority goes by: its own and its aliases. */
export const namesOf = (authority: LocalAuthority): string[] => [authority.name, ...authority.aliases];

function buildKeyIndex(): Map<string, LocalAuthority> {
  const index = new Map<string, LocalAuthority>();
  for (const authority of LOCAL_AUTHORITIES) {
    if (authority.onlyInFull) continue; // found by its full words only (see authorityNamed)
    for (const name of namesOf(authority)) {
      const key = lookupKey(name);
      const taken = index.get(key);
      if (taken && taken !== authority) throw new Error(`gazetteer: "${name}" (${authority.name}) and ${taken.name} share the key "${key}"`);
      index.set(key, authority);
    }
  }
  return index;
}

let keyIndex: Map<string, LocalAuthority> | null = null;

/** Full words of the authorities only named in full ("city of london"), as word strings. */
const inFull = (authority: LocalAuthority) => namesOf(authority).map((name) => wordsOf(name).join(' '));

/**
 * The authority a whole name denotes, however it is written: "City of Bradford Metropolitan
 * District Council", "Tameside metropolitan borough", "Nottingham City", "Durham", "BCP Council".
 * Null when the name is no authority's (or more than a name: search text with findAuthorityInText).
 */
export function authorityNamed(name: string): LocalAuthority | null {
  keyIndex ??= buildKeyIndex();
  const found = keyIndex.get(lookupKey(name));
  if (found) return found;
  const words = ` ${wordsOf(name).join(' ')} `;
  return LOCAL_AUTHORITIES.find((a) => a.onlyInFull && inFull(a).some((full) => words.includes(` ${full} `))) ?? null;
}

/** The canonical name of the authority a name denotes ("Royal Borough of Kingston upon Thames" → "Kingston upon Thames"). */
export function canonicalAuthority(name: string): string | null {
  return authorityNamed(name)?.name ?? null;
}
