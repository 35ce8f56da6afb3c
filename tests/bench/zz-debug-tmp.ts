import { performance } from 'node:perf_hooks';
import { prepareText, matchQuote, matchQuotes } from '../../shared/anchoring';
import { DEBUG, T } from '../../shared/anchoring/text-match';
import { buildScenario } from './anchoring.bench';
const { text, clips, edited } = buildScenario();
for (const [label, t, truth] of [['unchanged', text, clips.map(c => ({start: c.position.start, end: c.position.end}))], ['edited', edited.text, edited.truth]] as const) {
  for (const k of Object.keys(DEBUG)) delete DEBUG[k];
  let t0 = performance.now();
  const index = prepareText(t);
  const tPrep = performance.now() - t0;
  t0 = performance.now();
  const found = matchQuotes(index, clips.map(c => ({ quote: c.quote, position: c.position.start })));
  console.log(label, 'prep', tPrep.toFixed(1), 'match', (performance.now() - t0).toFixed(1), JSON.stringify(DEBUG), JSON.stringify(T)); for (const k of Object.keys(T)) delete T[k];
  found.forEach((m, i) => {
    const tr = truth[i];
    const ok = tr ? m && m.start < tr.end && tr.start < m.end : !m;
    if (!ok) console.log(' WRONG', i, tr, m, JSON.stringify(clips[i]!.quote).slice(0, 400), '\n  found text:', m && JSON.stringify(t.slice(m.start - 30, m.end + 30)), '\n  truth text:', tr && JSON.stringify(t.slice(tr.start - 30, tr.end + 30)));
  });
  // per-quote timings without drift
  const times: number[] = [];
  for (const c of clips) { const a = performance.now(); matchQuote(index, c.quote, { position: c.position.start }); times.push(performance.now() - a); }
  times.sort((a, b) => a - b);
  console.log(' single: total', times.reduce((a, b) => a + b, 0).toFixed(1), 'p50', times[500]!.toFixed(3), 'p95', times[950]!.toFixed(3), 'max', times[999]!.toFixed(2), JSON.stringify(DEBUG));
}
