import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchIndex, tokenize } from '../../shared/search';

describe('tokenize', () => {
  it.each([
    ['Children’s Services', ['childrens', 'services']],
    ['The quality of plans is too inconsistent.', ['quality', 'plans', 'too', 'inconsistent']],
    ['Café DfE 2019/20 para 3.18', ['cafe', 'dfe', '2019', '20', 'para', '3', '18']],
  ])('splits %j into searchable words', (text, words) => {
    expect(tokenize(text)).toEqual(words);
  });
});

describe('SearchIndex', () => {
  const index = new SearchIndex();
  index.set('a', 'Permanence planning for children in care is too slow');
  index.set('b', 'Care leavers have access to accommodation options post-18');
  index.set('c', 'Management oversight of care leavers pathway plans is weak; care leavers are not seen');
  index.set('d', 'Recruitment of social workers continues to be a challenge');

  it('finds a clip by any of its words, case and accents aside', () => {
    expect(index.search('RECRUITMENT').hits.map((h) => h.id)).toEqual(['d']);
  });

  it('requires every word of the query', () => {
    expect(index.search('care leavers').hits.map((h) => h.id).sort()).toEqual(['b', 'c']);
    expect(index.search('care recruitment').total).toBe(0);
  });

  it('ranks the clip that says it most, most briefly, first (BM25)', () => {
    expect(index.search('care leavers').hits[0]!.id).toBe('c');
  });

  it('matches a word being typed as a prefix', () => {
    expect(index.search('perman').hits.map((h) => h.id)).toEqual(['a']);
  });

  it('forgets removed clips and reflects edited ones', () => {
    const i = new SearchIndex();
    i.set('x', 'drift and delay');
    i.set('y', 'drift in plans');
    i.remove('x');
    i.set('y', 'no longer about that');
    expect(i.search('drift').total).toBe(0);
    expect(i.search('longer').hits.map((h) => h.id)).toEqual(['y']);
    expect(i.size).toBe(1);
  });

  it('stays correct after many removals compact the index', () => {
    const i = new SearchIndex();
    for (let n = 0; n < 3000; n++) i.set(`d${n}`, n % 3 === 0 ? `permanence ${n}` : `drift ${n}`);
    for (let n = 0; n < 3000; n++) if (n % 2 === 0) i.remove(`d${n}`);
    i.set('d1', 'permanence again');
    expect(i.size).toBe(1500);
    expect(i.search('permanence', { limit: 5000 }).total).toBe(500 + 1);
    expect(i.search('drift', { limit: 5000 }).hits.every((h) => Number(h.id.slice(1)) % 2 === 1)).toBe(true);
  });

  it('applies a filter before counting', () => {
    expect(index.search('care', { filter: (id) => id !== 'a' }).total).toBe(2);
  });

  it('agrees with a brute-force scan after random adds and removals (including compaction)', () => {
    const vocabulary = ['care', 'carer', 'careful', 'plan', 'plans', 'drift', 'delay', 'social', 'worker', 'visit'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.array(fc.constantFrom(...vocabulary), { maxLength: 8 }), fc.boolean()), {
          maxLength: 120,
        }),
        fc.array(fc.constantFrom(...vocabulary, 'car', 'pla', 'xyz'), { minLength: 1, maxLength: 3 }),
        (operations, query) => {
          const i = new SearchIndex();
          const truth = new Map<string, string[]>();
          for (const [n, words, remove] of operations) {
            const id = `d${n}`;
            if (remove) {
              i.remove(id);
              truth.delete(id);
            } else {
              i.set(id, words.join(' '));
              truth.set(id, words);
            }
          }
          const expected = [...truth]
            .filter(([, words]) => query.every((q) => words.some((w) => w.startsWith(q))))
            .map(([id]) => id)
            .sort();
          const got = i.search(query.join(' '), { limit: 1000 }).hits.map((h) => h.id).sort();
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
