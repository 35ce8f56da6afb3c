// The store worker's entry (store-writer.ts starts it). A worker is a fresh thread with no loader:
// tsx's scoped import compiles store-worker.ts on the fly, as bin/evident-sync.mjs does for the CLI,
// so it runs the same from the bin, under tsx and under vitest, with no build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('./store-worker.ts', import.meta.url);
