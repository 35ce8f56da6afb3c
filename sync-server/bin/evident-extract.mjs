#!/usr/bin/env node
// The `evident-extract` bin (package.json). Like evident-sync, the command is TypeScript that tsx's
// scoped import compiles on the fly: a fresh clone runs it after `npm ci` with no build step. pdf.js
// and jsdom are imported here, natively, and only when a file needs them (sync-server/extract/loaders.ts).
import { tsImport } from 'tsx/esm/api';

// `evident-extract *.pdf | head -1`: the reader has gone; stop quietly, as other Unix tools do.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
const loaders = { pdfjs: () => import('pdfjs-dist/legacy/build/pdf.mjs'), jsdom: () => import('jsdom') };
const { main } = await tsImport('../extract/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2), undefined, loaders);
