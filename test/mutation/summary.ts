/**
 * Per-file mutation scores and the surviving mutants of a Stryker JSON report, for reading
 * survivors without the HTML report:
 *   node test/mutation/summary.ts [test/mutation/reports/mutation.json] [--survivors] [--only src/nn/optimizers.ts]
 * Score = (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it;
 * ignored (static) mutants and compile errors are left out of it.
 */
import { readFileSync } from 'node:fs';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const args = process.argv.slice(2);
const file = args.find((a) => a.endsWith('.json')) ?? 'test/mutation/reports/mutation.json';
const showSurvivors = args.includes('--survivors');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const report = JSON.parse(readFileSync(file, 'utf8')) as Report;

const count = (mutants: Mutant[], ...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
const rows: string[][] = [];
const totals: Mutant[] = [];
for (const [path, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  if (only && !path.includes(only)) continue;
  totals.push(...mutants);
  const detected = count(mutants, 'Killed', 'Timeout');
  const undetected = count(mutants, 'Survived', 'NoCoverage');
  const score = detected + undetected === 0 ? 'n/a' : `${((100 * detected) / (detected + undetected)).toFixed(1)} %`;
  rows.push([path, score, String(detected), String(count(mutants, 'Survived')), String(count(mutants, 'NoCoverage')), String(count(mutants, 'Ignored'))]);
}
const detected = count(totals, 'Killed', 'Timeout');
const undetected = count(totals, 'Survived', 'NoCoverage');
rows.push(['all', `${((100 * detected) / Math.max(1, detected + undetected)).toFixed(1)} %`, String(detected), String(count(totals, 'Survived')), String(count(totals, 'NoCoverage')), String(count(totals, 'Ignored'))]);
console.log('| file | score | killed | survived | no coverage | ignored (static) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

if (showSurvivors) {
  for (const [path, { source, mutants }] of Object.entries(report.files)) {
    if (only && !path.includes(only)) continue;
    const lines = source.split('\n');
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const { start, end } = m.location;
      const original = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)}…`;
      console.log(`\n${path}:${start.line}:${start.column} ${m.mutatorName} [${m.status}]`);
      console.log(`    ${JSON.stringify(original).slice(0, 140)} → ${JSON.stringify(m.replacement ?? '').slice(0, 140)}`);
    }
  }
}
