/**
 * England's local authorities with children's services: the 153 of today (33 London boroughs with
 * the City of London, 36 metropolitan districts, 21 county councils and 63 unitary authorities,
 * after the April 2023 reorganisations: Cumberland and Westmorland and Furness replaced Cumbria;
 * North Yorkshire and Somerset became unitary under their old names), and the few whose names
 * older Ofsted reports still print (Cumbria, Northamptonshire, Bournemouth, Poole).
 *
 * Only what a name does not already say is written down: the lookup drops "Council", "County",
 * "City", "Borough", "Metropolitan", "District", "Royal", "London Borough of", "of", "the" and "and"
 * (./names.ts), so "City of Bradford Metropolitan District Council" and "Royal Borough of Kingston
 * upon Thames" need no alias. An alias is another name people use ("Hull", "BCP", "Southend"); a host
 * is the label of the council's web address when it is not the name run together ("hants" in
 * hants.gov.uk, "bathnes", "rbkc"; westsussex.gov.uk and democracy.sthelens.gov.uk need none).
 */

export type AuthorityKind = 'london_borough' | 'metropolitan_district' | 'county' | 'unitary';

export interface LocalAuthority {
  /** The name Ofsted and the DfE use for it: what lookups return. */
  name: string;
  kind: AuthorityKind;
  /** Other names it goes by (formal names and short forms the normalisation does not reach). */
  aliases: readonly string[];
  /** Labels of its web addresses that are not its name run together. */
  hosts: readonly string[];
  /** Abolished in a reorganisation: the year its children's services passed to `successors`. */
  ended?: { year: number; successors: readonly string[] };
  /** Its name is also an English word ("Reading", "Bury"): in prose, not taken at a sentence start. */
  isAlsoAWord?: boolean;
  /** Its short name is a place it does not cover ("London"): taken only when named in full. */
  onlyInFull?: boolean;
}

type Entry = [name: string, aliases?: readonly string[], hosts?: readonly string[], extra?: Partial<LocalAuthority>];

const LONDON: Entry[] = [
  ['City of London', ['City of London Corporation', 'Corporation of London'], [], { onlyInFull: true }],
  ['Barking and Dagenham', [], ['lbbd']],
  ['Barnet'],
  ['Bexley'],
  ['Brent'],
  ['Bromley'],
  ['Camden'],
  ['Croydon'],
  ['Ealing'],
  ['Enfield'],
  ['Greenwich', [], ['royalgreenwich']],
  ['Hackney'],
  ['Hammersmith and Fulham', [], ['lbhf']],
  ['Haringey'],
  ['Harrow'],
  ['Havering'],
  ['Hillingdon'],
  ['Hounslow'],
  ['Islington'],
  ['Kensington and Chelsea', [], ['rbkc']],
  ['Kingston upon Thames', [], ['kingston']],
  ['Lambeth'],
  ['Lewisham'],
  ['Merton'],
  ['Newham'],
  ['Redbridge'],
  ['Richmond upon Thames', ['Richmond'], ['richmond']],
  ['Southwark'],
  ['Sutton'],
  ['Tower Hamlets'],
  ['Waltham Forest'],
  ['Wandsworth'],
  ['Westminster'],
];

const METROPOLITAN: Entry[] = [
  // Greater Manchester
  ['Bolton'],
  ['Bury', [], [], { isAlsoAWord: true }],
  ['Manchester'],
  ['Oldham'],
  ['Rochdale'],
  ['Salford'],
  ['Stockport'],
  ['Tameside'],
  ['Trafford'],
  ['Wigan'],
  // Merseyside
  ['Knowsley'],
  ['Liverpool'],
  ['St Helens', ['Saint Helens']],
  ['Sefton'],
  ['Wirral', ['The Wirral']],
  // South Yorkshire
  ['Barnsley'],
  ['Doncaster'],
  ['Rotherham'],
  ['Sheffield'],
  // Tyne and Wear
  ['Gateshead'],
  ['Newcastle upon Tyne', ['Newcastle'], ['newcastle']],
  ['North Tyneside'],
  ['South Tyneside'],
  ['Sunderland'],
  // West Midlands
  ['Birmingham'],
  ['Coventry'],
  ['Dudley'],
  ['Sandwell'],
  ['Solihull'],
  ['Walsall'],
  ['Wolverhampton'],
  // West Yorkshire
  ['Bradford'],
  ['Calderdale'],
  ['Kirklees'],
  ['Leeds'],
  ['Wakefield'],
];

const COUNTIES: Entry[] = [
  ['Cambridgeshire'],
  ['Derbyshire'],
  ['Devon'],
  ['East Sussex'],
  ['Essex'],
  ['Gloucestershire', [], ['glos']],
  ['Hampshire', [], ['hants']],
  ['Hertfordshire', [], ['herts']],
  ['Kent'],
  ['Lancashire'],
  ['Leicestershire', [], ['leics']],
  ['Lincolnshire', [], ['lincs']],
  ['Norfolk'],
  ['Nottinghamshire', [], ['notts', 'nottscc']],
  ['Oxfordshire'],
  ['Staffordshire', [], ['staffs']],
  ['Suffolk'],
  ['Surrey'],
  ['Warwickshire'],
  ['West Sussex'],
  ['Worcestershire', [], ['worcs']],
];

const UNITARY: Entry[] = [
  ['Bath and North East Somerset', ['BANES', 'B&NES', 'Bath and NE Somerset'], ['bathnes']],
  ['Bedford', ['Bedford Borough']],
  ['Blackburn with Darwen', [], ['blackburn']],
  ['Blackpool'],
  ['Bournemouth, Christchurch and Poole', ['BCP'], ['bcp']],
  ['Bracknell Forest'],
  ['Brighton and Hove', ['Brighton & Hove'], []],
  ['Bristol'],
  ['Buckinghamshire', [], ['bucks']],
  ['Central Bedfordshire'],
  ['Cheshire East'],
  ['Cheshire West and Chester', [], ['cheshirewestandchester', 'cwac']],
  ['Cornwall'],
  ['Cumberland'],
  ['Darlington'],
  ['Derby'],
  ['Dorset'],
  ['County Durham', ['Durham'], ['durham']],
  ['East Riding of Yorkshire', ['East Riding'], ['eastriding']],
  ['Halton'],
  ['Hartlepool'],
  ['Herefordshire'],
  ['Isle of Wight', [], ['iow', 'iwight']],
  ['Isles of Scilly', [], ['scilly']],
  ['Kingston upon Hull', ['Hull'], ['hull']],
  ['Leicester'],
  ['Luton'],
  ['Medway'],
  ['Middlesbrough'],
  ['Milton Keynes'],
  ['North East Lincolnshire', [], ['nelincs']],
  ['North Lincolnshire', [], ['northlincs']],
  ['North Northamptonshire', [], ['northnorthants']],
  ['North Somerset', [], ['n-somerset']],
  ['North Yorkshire', [], ['northyorks']],
  ['Northumberland'],
  ['Nottingham'],
  ['Peterborough'],
  ['Plymouth'],
  ['Portsmouth'],
  ['Reading', [], [], { isAlsoAWord: true }],
  ['Redcar and Cleveland'],
  ['Rutland'],
  ['Shropshire'],
  ['Slough'],
  ['Somerset'],
  ['South Gloucestershire', [], ['southglos']],
  ['Southampton'],
  ['Southend-on-Sea', ['Southend'], ['southend']],
  ['Stockton-on-Tees', ['Stockton'], ['stockton']],
  ['Stoke-on-Trent', ['Stoke'], ['stoke']],
  ['Swindon'],
  ['Telford and Wrekin', ['Telford'], ['telford']],
  ['Thurrock'],
  ['Torbay'],
  ['Warrington'],
  ['West Berkshire', [], ['westberks']],
  ['West Northamptonshire', [], ['westnorthants']],
  ['Westmorland and Furness'],
  ['Wiltshire'],
  ['Windsor and Maidenhead', [], ['rbwm']],
  ['Wokingham'],
  ['York'],
];

/** Authorities that no longer exist, whose names reports from before their reorganisation print. */
const FORMER: Entry[] = [
  ['Cumbria', [], [], { ended: { year: 2023, successors: ['Cumberland', 'Westmorland and Furness'] } }],
  ['Northamptonshire', [], ['northamptonshire'], { ended: { year: 2021, successors: ['North Northamptonshire', 'West Northamptonshire'] } }],
  ['Bournemouth', [], [], { ended: { year: 2019, successors: ['Bournemouth, Christchurch and Poole'] } }],
  ['Poole', [], [], { ended: { year: 2019, successors: ['Bournemouth, Christchurch and Poole'] } }],
];

const authorities = (kind: AuthorityKind, entries: Entry[]): LocalAuthority[] =>
  entries.map(([name, aliases = [], hosts = [], extra = {}]) => ({ name, kind, aliases, hosts, ...extra }));

/** The 153 authorities with children's services today. */
export const CURRENT_AUTHORITIES: readonly LocalAuthority[] = [
  ...authorities('london_borough', LONDON),
  ...authorities('metropolitan_district', METROPOLITAN),
  ...authorities('county', COUNTIES),
  ...authorities('unitary', UNITARY),
];

/** Today's and former authorities: every name a report may print. */
export const LOCAL_AUTHORITIES: readonly LocalAuthority[] = [
  ...CURRENT_AUTHORITIES,
  // Their kind before they went: Cumbria and Northamptonshire were counties, the others unitary.
  ...authorities('county', FORMER.slice(0, 2)),
  ...authorities('unitary', FORMER.slice(2)),
];
