/**
 * A gazetteer of England's local authorities with children's services, for telling which council a
 * document is about from what every document has: a name in its text, or its web address.
 *
 * - `canonicalAuthority(name)`: the canonical name of the authority a whole name denotes, written
 *   any way councils and Ofsted write it ("City of Bradford Metropolitan District Council" →
 *   "Bradford", "Tameside metropolitan borough" → "Tameside", "Durham" → "County Durham"); null when
 *   the name is none's. `authorityNamed(name)` gives the record instead (kind, aliases, `ended`).
 * - `findAuthorityInText(text)`: the authority a text names most often (first named on a tie), as
 *   `{name, authority, matched, index}`; `findAuthoritiesInText(text)` gives every mention in order.
 *   Names are matched as capitalised whole words, longest first ("North Somerset", not "Somerset"),
 *   not inside longer place names ("Greater Manchester"), and names that are also words ("Reading",
 *   "Bury") not at a sentence start.
 * - `authorityFromUrl(url)`: the canonical name of the council whose web address it is
 *   (`westsussex.gov.uk`, `democracy.sthelens.gov.uk`, `moderngov.kingston.gov.uk`,
 *   `<council>.moderngov.co.uk`); null for any other host (Ofsted's included).
 * - `normaliseAuthorityName(name)`: the comparison form of the Ofsted corpus README (lower case, no
 *   punctuation, without "London Borough of" and the words council, county, city, borough,
 *   metropolitan, royal, of, the, and), for checking a name against another.
 *
 * The data (authorities.ts) holds the 153 authorities of today and the former ones older reports
 * name (Cumbria, Northamptonshire, Bournemouth, Poole), which resolve to themselves: a 2022 report
 * on Cumbria is about Cumbria. Pure data and functions: no I/O, safe in the content script.
 */
export { CURRENT_AUTHORITIES, LOCAL_AUTHORITIES, type AuthorityKind, type LocalAuthority } from './authorities';
export { authorityFromUrl, authorityOfUrl } from './hosts';
export { authorityNamed, canonicalAuthority } from './lookup';
export { normaliseAuthorityName } from './names';
export { type AuthorityMention, findAuthoritiesInText, findAuthorityInText } from './text';
