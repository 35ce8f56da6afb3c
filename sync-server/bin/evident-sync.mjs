#!/usr/bin/env node
// The `evident-sync` bin (package.json). The CLI is TypeScript: tsx's scoped import compiles it on
// the fly, so a fresh clone runs it after `npm ci` with no build step, without registering tsx for
// anything else in the process.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
