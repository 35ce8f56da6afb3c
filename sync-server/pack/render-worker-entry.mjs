// The pack render worker's entry (pack-renderer.ts starts it). As for the store's workers
// (persistence/store-worker-entry.mjs): tsx's scoped import compiles render-worker.ts on the fly,
// so it runs the same from the bin, under tsx and under vitest, with no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('./render-worker.ts', import.meta.url);
