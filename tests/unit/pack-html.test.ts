import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackModel, EVERYTHING, packWorkspaceFromDoc, type PackModel } from '../../shared/pack';
import { PACK_CLIENT_SCRIPT, PACK_CLIENT_STYLE } from '../../shared/pack/html/client-script.generated';
import { foldForSearch, matchesAll, queryTerms } from '../../shared/pack/html/client/search';
import { jsonForScriptBlock, renderPackHtml } from '../../shared/pack/html/render-html';
import { HOSTILE_STRINGS } from '../lib/hostile-strings';
import { buildFixtureWorkspace } from '../lib/pack-fixture';
import { createRandom } from '../lib/random';
import { deterministicContext } from '../lib/workspace-ops';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPTIONS = { generatedAt: '2026-12-03T10:00:00.000Z', generatedBy: 'Board secretary', staleAfterMonths: 6 };

let model: PackModel;
let html: string;

beforeAll(async () => {
  const fixture = await buildFixtureWorkspace(deterministicContext(createRandom(1)));
  model = await buildPackModel(packWorkspaceFromDoc(fixture.doc, fixture.workspaceId), EVERYTHING, OPTIONS);
  html = await renderPackHtml(model);
});

/** The pieces of a rendered pack, read as a browser's parser would find them (the shell is fixed). */
function partsOf(page: string) {
  const data = /<script type="application\/json" id="pack-data">([^<]*)<\/script>/.exec(page);
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? null;
  return { data: data?.[1] ?? null, dataStart: data?.index ?? -1, dataLength: data?.[0].length ?? 0, scripts, styles, csp };
}

const sha256Base64 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/** A copy of the model with a hostile string in every text field a user or a page can fill. */
function hostileModel(base: PackModel): PackModel {
  const copy = structuredClone(base);
  const s = (i: number) => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]!;
  copy.title = s(0);
  copy.selectionSummary = [s(1)];
  copy.generatedBy = s(2);
  copy.recommendations.forEach((r, i) => {
    r.text = s(i + 3);
    r.actions.forEach((a, j) => Object.assign(a, { title: s(i + j), description: s(i + j + 1), lead: s(i + j + 2), progress: s(i + j + 3), dueWords: s(i + j + 4) }));
  });
  copy.clips.forEach((c, i) => Object.assign(c, { quote: s(i), note: s(i + 1), citation: s(i + 2), createdBy: s(i + 3) }));
  copy.sources.forEach((src, i) => Object.assign(src, { title: s(i), publisher: s(i + 1), council: s(i + 2) }));
  copy.tags.forEach((t, i) => (t.name = s(i + 5)));
  return copy;
}

describe('renderPackHtml: one self-contained file', () => {
  it('declares a CSP that allows exactly its one inline script and one stylesheet, by SHA-256, and nothing from the network', () => {
    const { csp, scripts, styles } = partsOf(html);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(scripts[0]).toBe(PACK_CLIENT_SCRIPT);
    expect(styles[0]).toBe(PACK_CLIENT_STYLE);
    const directives = new Map(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual([`'sha256-${sha256Base64(scripts[0]!)}'`]);
    expect(directives.get('style-src')).toEqual([`'sha256-${sha256Base64(styles[0]!)}'`]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    // The policy comes before anything it governs.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('embeds the model as JSON data that parses back to the same model', () => {
    const { data } = partsOf(html);
    expect(JSON.parse(data!)).toEqual(model);
  });

  it('never writes model text as markup: the data block holds no < > &, and the rest of the file is the same for every model', async () => {
    const hostile = hostileModel(model);
    const hostileHtml = await renderPackHtml(hostile);
    for (const page of [html, hostileHtml]) {
      const { data } = partsOf(page);
      expect(data).not.toMatch(/[<>&\u2028\u2029]/);
    }
    const { data: hostileData } = partsOf(hostileHtml);
    expect(JSON.parse(hostileData!)).toEqual(hostile);
    const shell = (page: string) => {
      const { dataStart, dataLength } = partsOf(page);
      return page.slice(0, dataStart) + page.slice(dataStart + dataLength);
    };
    expect(shell(hostileHtml)).toBe(shell(html));
    // Every tag in the file is the shell's: no hostile "<" got out of the data block.
    expect([...hostileHtml.matchAll(/<[a-z!/]/gi)].length).toBe([...html.matchAll(/<[a-z!/]/gi)].length);
    expect(shell(hostileHtml)).not.toContain('data-pwned');
    expect(shell(hostileHtml)).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('escapes for a script data block the JSON way, so every hostile string round-trips', () => {
    for (const s of [...HOSTILE_STRINGS, '</script><!--', '\u2028\u2029', '<\/SCRIPT >']) {
      const escaped = jsonForScriptBlock({ s });
      expect(escaped).not.toMatch(/[<>&\u2028\u2029]/);
      expect(JSON.parse(escaped)).toEqual({ s });
    }
  });

  it('starts from a fixed shell: en-GB, skip link, landmarks, the data before the script', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    for (const landmark of ['<header', '<nav', '<main id="main"', '<footer']) expect(html).toContain(landmark);
    expect(html).toContain('<a class="skip-link" href="#main">');
    expect(html.indexOf('id="pack-data"')).toBeLessThan(html.indexOf('<script>'));
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base)\b/i);
  });
});

describe('the pack client script', () => {
  it('is up to date with shared/pack/html/client/ (else run `node scripts/build-pack-client.mjs`)', () => {
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-pack-client.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.status, `${check.stderr}${check.stdout}`).toBe(0);
  });

  it('builds the page with DOM calls only, and loads nothing', () => {
    for (const forbidden of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'fetch(', 'XMLHttpRequest', 'import(', 'javascript:']) {
      expect(PACK_CLIENT_SCRIPT, forbidden).not.toContain(forbidden);
    }
  });

  it('stays small: it bundles only pure shared code (no schema library)', () => {
    expect(PACK_CLIENT_SCRIPT.length).toBeLessThan(150_000);
    expect(PACK_CLIENT_SCRIPT).not.toMatch(/\bzod\b/);
  });
});

describe('pack search', () => {
  it.each([
    ['Children’s Services', "children's services"],
    ['Café  au\n lait', 'cafe au lait'],
    ['Pre–proceedings', 'pre-proceedings'],
    ['“Quoted”', '"quoted"'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it.each([
    ['care leavers', ['care', 'leavers']],
    ['"care leavers" audit', ['care leavers', 'audit']],
    ['  Pathway   ', ['pathway']],
    ['"unclosed phrase', ['unclosed phrase']],
    ['', []],
  ])('reads the query %j as terms %j', (query, terms) => {
    expect(queryTerms(query)).toEqual(terms);
  });

  it('matches when every term is in the text, in any order', () => {
    const hay = foldForSearch('Managers now review every care leaver pathway plan');
    expect(matchesAll(hay, queryTerms('pathway care'))).toBe(true);
    expect(matchesAll(hay, queryTerms('"care leaver pathway"'))).toBe(true);
    expect(matchesAll(hay, queryTerms('"pathway care"'))).toBe(false);
    expect(matchesAll(hay, queryTerms('pathway adoption'))).toBe(false);
  });
});
