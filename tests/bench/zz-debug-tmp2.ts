import { performance } from 'node:perf_hooks';
import { prepareText } from '../../shared/anchoring';
import { buildScenario } from './anchoring.bench';
const { text } = buildScenario();
for (let i = 0; i < 6; i++) { const t0 = performance.now(); const ix = prepareText(text); const t1 = performance.now(); ix.wordPositions(); console.log('prep', (t1 - t0).toFixed(1), 'words', (performance.now() - t1).toFixed(1)); }
