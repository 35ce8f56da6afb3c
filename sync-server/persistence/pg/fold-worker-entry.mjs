// The fold worker's entry (fold-thread.ts starts it). As for the store's workers
// (../store-worker-entry.mjs): tsx's scoped import compiles fold-worker.ts on the fly, so it runs
// the same from the bin, under tsx and under vitest, with no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('./fold-worker.ts', import.meta.url);
