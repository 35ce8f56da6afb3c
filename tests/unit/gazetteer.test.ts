import { describe, expect, it, test } from 'vitest';
import {
  authorityFromUrl,
  authorityNamed,
  canonicalAuthority,
  CURRENT_AUTHORITIES,
  findAuthoritiesInText,
  findAuthorityInText,
  LOCAL_AUTHORITIES,
  normaliseAuthorityName,
} from '../../shared/extract/gazetteer';
import { loadCorpus } from '../lib/ofsted-corpus';

describe('the gazetteer of local authorities with children’s services', () => {
  it('holds the 153 of today: 33 London, 36 metropolitan, 21 counties, 63 unitary', () => {
    const count = (kind: string) => CURRENT_AUTHORITIES.filter((a) => a.kind === kind).length;
    expect(CURRENT_AUTHORITIES).toHaveLength(153);
    expect([count('london_borough'), count('metropolitan_district'), count('county'), count('unitary')]).toEqual([33, 36, 21, 63]);
    expect(new Set(LOCAL_AUTHORITIES.map((a) => a.name)).size).toBe(LOCAL_AUTHORITIES.length);
  });

  it('keeps the names of authorities reorganised away, which older reports print, and says what replaced them', () => {
    expect(authorityNamed('Cumbria County Council')).toMatchObject({ name: 'Cumbria', ended: { year: 2023, successors: ['Cumberland', 'Westmorland and Furness'] } });
    expect(CURRENT_AUTHORITIES.some((a) => a.name === 'Cumbria')).toBe(false);
    expect(canonicalAuthority('Northamptonshire County Council')).toBe('Northamptonshire');
  });

  it('finds every authority by its own name, and every name finds only its authority', () => {
    for (const authority of LOCAL_AUTHORITIES) expect(canonicalAuthority(authority.name), authority.name).toBe(authority.name);
  });
});

describe('canonicalAuthority', () => {
  test.each([
    ['City of Bradford Metropolitan District Council', 'Bradford'],
    ['City of Bradford Metropolitan Borough Council', 'Bradford'],
    ['Royal Borough of Kingston upon Thames', 'Kingston upon Thames'],
    ['London Borough of Tower Hamlets', 'Tower Hamlets'],
    ['Tameside metropolitan borough', 'Tameside'],
    ['Nottingham City', 'Nottingham'],
    ['Nottingham City Council', 'Nottingham'],
    ['Nottinghamshire County Council', 'Nottinghamshire'],
    ['Durham County Council', 'County Durham'],
    ['Durham', 'County Durham'],
    ['St. Helens Council', 'St Helens'],
    ['Bath & North East Somerset Council', 'Bath and North East Somerset'],
    ['BCP Council', 'Bournemouth, Christchurch and Poole'],
    ['Bristol, City of', 'Bristol'],
    ['Kingston upon Hull City Council', 'Kingston upon Hull'],
    ['Hull City Council', 'Kingston upon Hull'],
    ['Southend-on-Sea City Council', 'Southend-on-Sea'],
    ['Council of the Isles of Scilly', 'Isles of Scilly'],
    ['City of London Corporation', 'City of London'],
    ['Westminster City Council', 'Westminster'],
    ['Royal Borough of Windsor and Maidenhead', 'Windsor and Maidenhead'],
    ['Telford & Wrekin Council', 'Telford and Wrekin'],
    ['North Somerset Council', 'North Somerset'],
    ['Somerset Council', 'Somerset'],
    ['London', null], // a city, not the City of London
    ['Winchester City Council', null], // a district council: no children's services
    ['Example Borough Council', null],
  ])('%s → %s', (name, canonical) => {
    expect(canonicalAuthority(name)).toBe(canonical);
  });

  it('recognises the council of every report in the Ofsted corpus as printed, under a name the corpus counts as it', () => {
    for (const doc of loadCorpus()) {
      const printed = doc.la_as_printed;
      const canonical = canonicalAuthority(printed);
      expect(canonical, printed).not.toBeNull();
      expect(doc.la_names.map(normaliseAuthorityName), printed).toContain(normaliseAuthorityName(canonical!));
    }
  });
});

describe('normaliseAuthorityName (the corpus README’s comparison)', () => {
  test.each([
    ['Barnsley Metropolitan Borough Council', 'barnsley'],
    ['Redcar and Cleveland', 'redcar cleveland'],
    ['London Borough of Croydon', 'croydon'],
    ['The Royal Borough of Kingston upon Thames', 'kingston upon thames'],
    ['St. Helens', 'st helens'],
  ])('%s → %s', (name, normalised) => {
    expect(normaliseAuthorityName(name)).toBe(normalised);
  });
});

describe('authorityFromUrl', () => {
  test.each([
    ['https://www.westsussex.gov.uk/about-the-council/', 'West Sussex'],
    ['https://democracy.sthelens.gov.uk/ieListDocuments.aspx?CId=1&MId=2', 'St Helens'],
    ['https://moderngov.kingston.gov.uk/documents/s1/report.pdf', 'Kingston upon Thames'],
    ['https://sthelens.moderngov.co.uk/mgAi.aspx?ID=1', 'St Helens'],
    ['https://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387', 'Herefordshire'],
    ['https://democracy.hants.gov.uk/', 'Hampshire'],
    ['https://democracy.bathnes.gov.uk/', 'Bath and North East Somerset'],
    ['https://www.royalgreenwich.gov.uk/', 'Greenwich'],
    ['https://www.dorsetcouncil.gov.uk/', 'Dorset'],
    ['https://www.nottinghamcity.gov.uk/', 'Nottingham'],
    ['https://mycouncil.surreycc.gov.uk/', 'Surrey'],
    ['https://www.bcpcouncil.gov.uk/', 'Bournemouth, Christchurch and Poole'],
    ['https://present.brighton-hove.gov.uk/', 'Brighton and Hove'],
    ['https://www.redcar-cleveland.gov.uk/', 'Redcar and Cleveland'],
    ['https://www.n-somerset.gov.uk/', 'North Somerset'],
    ['https://www.rbkc.gov.uk/', 'Kensington and Chelsea'],
    ['https://www.hull.gov.uk/', 'Kingston upon Hull'],
    ['https://www.cumbria.gov.uk/', 'Cumbria'],
    ['https://files.ofsted.gov.uk/v1/file/50130434', null],
    ['https://www.gov.uk/government/organisations/ofsted', null],
    ['https://democracy.winchester.gov.uk/', null], // a district council
    ['https://www.kent.example.com/', null], // not a council's site
    ['file:///home/me/report.pdf', null],
    ['not a url', null],
  ])('%s → %s', (url, canonical) => {
    expect(authorityFromUrl(url)).toBe(canonical);
  });
});

describe('findAuthorityInText', () => {
  test.each([
    ['Children in Bath and North East Somerset receive a good service.', 'Bath and North East Somerset'],
    ['Services for children in North Somerset have improved.', 'North Somerset'],
    ['There has been a decline in the quality of services for children in South Tyneside Council.', 'South Tyneside'],
    ['Children’s services in Hampshire are outstanding.', 'Hampshire'],
    ['the London Borough of Hackney', 'Hackney'],
    ['St. Helens Council', 'St Helens'],
    ['Bradford children’s social care was last inspected in 2018.', 'Bradford'],
    ['In 2022 Cumbria was inspected.', 'Cumbria'],
    ['The City of London Corporation', 'City of London'],
    ['Services in Reading have improved.', 'Reading'],
    ['Reading the report, inspectors found delays.', null], // a word at a sentence start
    ['Greater Manchester Combined Authority', null], // part of another place's name
    ['the police in London', null],
    ['children in care and care leavers', null],
  ])('%s → %s', (text, canonical) => {
    expect(findAuthorityInText(text)?.name ?? null).toBe(canonical);
  });

  it('answers the authority named most often, and lists every mention with the words as printed', () => {
    const text = 'Leaders in Kent work with Medway. Kent’s children are safe. In Kent, plans are reviewed.';
    expect(findAuthorityInText(text)).toMatchObject({ name: 'Kent', matched: 'Kent', index: 11 });
    expect(findAuthoritiesInText('Bath & North East Somerset and Wiltshire').map((m) => [m.name, m.matched])).toEqual([
      ['Bath and North East Somerset', 'Bath & North East Somerset'],
      ['Wiltshire', 'Wiltshire'],
    ]);
  });
});
