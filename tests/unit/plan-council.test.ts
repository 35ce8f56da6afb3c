import { describe, expect, it } from 'vitest';
import { councilOf, isSameCouncil, planCouncil } from '../../shared/suggest/plan-council';

describe('suggestions stay within the clip’s council', () => {
  it.each([
    [{ council: 'St Helens Metropolitan Borough Council', url: 'https://files.ofsted.gov.uk/v1/file/50117464' }, 'St Helens'],
    [{ council: 'Ofsted', url: 'https://democracy.westsussex.gov.uk/ieListDocuments.aspx?CId=1' }, 'West Sussex'],
    [{ council: null, url: 'https://example.org/report' }, null],
  ])('reads the council of %j as %s', (source, council) => expect(councilOf(source)).toBe(council));

  it('takes a plan’s council from the report its recommendations came from, else from its clips', () => {
    const sthelens = { council: 'St Helens Council', url: 'https://example.org' };
    const westSussex = { council: 'West Sussex County Council', url: 'https://example.org' };
    expect(planCouncil([sthelens], [westSussex, westSussex])).toBe('St Helens');
    expect(planCouncil([], [westSussex, sthelens, westSussex])).toBe('West Sussex');
    expect(planCouncil([], [])).toBeNull();
  });

  it.each([
    ['St Helens', 'West Sussex', false],
    ['St Helens', 'St Helens', true],
    [null, 'West Sussex', true],
    ['St Helens', null, true],
  ])('plan for %s, clip about %s: suggested is %s', (plan, clip, same) => expect(isSameCouncil(plan, clip)).toBe(same));
});
