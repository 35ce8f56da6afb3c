import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { cellsOf, TABLE_HEADER, type BenchRow } from './report';

/**
 * docs/benchmarks.md keeps the figures out of the README: its prose is written by hand, and each
 * benchmark's table between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` is written by
 * `npm run bench`. Running some benchmarks replaces only their tables; the others keep theirs.
 */
export function updateBenchmarksDoc(path: string, results: Map<string, BenchRow[]>, when: Date): void {
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  for (const [name, rows] of results) {
    const section = `<!-- bench:${name} -->\n${tableOf(name, rows, when)}\n<!-- /bench:${name} -->`;
    const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
    doc = pattern.test(doc) ? doc.replace(pattern, section) : `${doc.trimEnd()}\n\n## \`${name}\`\n${section}\n`;
  }
  writeFileSync(path, doc.endsWith('\n') ? doc : `${doc}\n`);
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function tableOf(name: string, rows: BenchRow[], when: Date): string {
  const lines = [
    `Run ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${cpus().length} cores (\`npm run bench -- ${name}\`).`,
    '',
    `| ${TABLE_HEADER.slice(1).map((h) => h || 'result').join(' | ')} |`,
    `|${TABLE_HEADER.slice(1).map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${cellsOf(row).slice(1).map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}
