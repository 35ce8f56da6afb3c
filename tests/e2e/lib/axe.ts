import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) on the page as it is now. The script
 * goes in through the debugging protocol's evaluate, which a page's Content-Security-Policy does not
 * govern, so pages keep their real CSP while they are checked.
 */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
  });
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/** The serious and critical findings, which must be none; the others are printed for the record. */
export async function seriousAxeFindings(page: Page, label: string): Promise<AxeFinding[]> {
  const findings = await runAxe(page);
  const minor = findings.filter((f) => f.impact !== 'serious' && f.impact !== 'critical');
  if (minor.length) console.log(`axe, ${label}: ${minor.map((f) => `${f.id} (${f.impact}, ${f.nodes})`).join('; ')}`);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}
