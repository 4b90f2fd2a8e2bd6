// Formats an evaluation report as the plain-text table `npm run eval` prints.
import type { EvalReport, Prf } from './metrics.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);

function row(name: string, p: Prf): string {
  return `${name.padEnd(22)} ${f3(p.precision).padStart(9)} ${f3(p.recall).padStart(7)} ${f3(p.f1).padStart(7)}   ${String(p.tp).padStart(3)} ${String(p.fp).padStart(3)} ${String(p.fn).padStart(3)}`;
}

/** The report as printed text. */
export function formatReport(r: EvalReport, targets = { relevance: 0.95, macro: 0.85, floor: 0.75, casualties: 0.85, place: 0.85 }): string {
  const lines: string[] = [];
  lines.push(`Classifier evaluation — split: ${r.split} (${r.items} items)`, '');
  lines.push(`${'category'.padEnd(22)} ${'precision'.padStart(9)} ${'recall'.padStart(7)} ${'F1'.padStart(7)}    tp  fp  fn`);
  for (const [name, p] of Object.entries(r.categories)) lines.push(row(name, p));
  lines.push('');
  const mark = (ok: boolean) => (ok ? 'ok' : 'BELOW TARGET');
  const lowest = Math.min(...Object.values(r.categories).map((c) => c.f1));
  lines.push(`micro F1               ${f3(r.microF1)}`);
  lines.push(`macro F1               ${f3(r.macroF1)}   target ≥ ${targets.macro}: ${mark(r.macroF1 >= targets.macro)}; lowest category ${f3(lowest)} (≥ ${targets.floor}: ${mark(lowest >= targets.floor)})`);
  lines.push(`relevance F1           ${f3(r.relevance.f1)}   (P ${f3(r.relevance.precision)}, R ${f3(r.relevance.recall)}; tp ${r.relevance.tp} fp ${r.relevance.fp} fn ${r.relevance.fn})   target ≥ ${targets.relevance}: ${mark(r.relevance.f1 >= targets.relevance)}`);
  lines.push(`casualties exact       ${pct(r.casualties.rate)}   (${r.casualties.exact}/${r.casualties.total})   target ≥ ${pct(targets.casualties)}: ${mark(r.casualties.rate >= targets.casualties)}`);
  lines.push(`place accuracy         ${pct(r.place.rate)}   (${r.place.correct}/${r.place.total})   target ≥ ${pct(targets.place)}: ${mark(r.place.rate >= targets.place)}`);
  lines.push('', 'seed checks:');
  for (const s of r.seeds) lines.push(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.id}${s.problems.length ? `: ${s.problems.join('; ')}` : ''}`);
  lines.push('', `worst errors (${r.worst.length}):`);
  for (const e of r.worst) lines.push(`  ${e.id.padEnd(10)} expected ${e.expected}`, `  ${''.padEnd(10)} got      ${e.got}`);
  return lines.join('\n');
}
