import type { Extraction } from '../../shared/extract';
import { parseExtractArgs, USAGE, UsageError, type FileToRead } from './args';
import { DEFAULT_LOADERS, type Loaders } from './loaders';
import { extractFile } from './read-document';

/**
 * `evident-extract <file> [--url <original URL>]… [--sources]`: for each file in order, one line of JSON on stdout, the metadata the JSON export
 * carries under `metadata`; with --sources, `{"file", "metadata", "sources"}` per line instead. A
 * file it cannot read is one line on stderr naming it and why; the others still print, and the
 * exit code is 1. This is the one place errors are caught (catch at the edges only, so failures are logged once).
 */

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function outputLine(file: FileToRead, extraction: Extraction, withSources: boolean): string {
  return JSON.stringify(withSources ? { file: file.path, metadata: extraction.metadata, sources: extraction.fields } : extraction.metadata);
}

/** Runs one command line; returns the exit code (the caller sets it, so stdout drains first). */
export async function main(argv: readonly string[], io: Io = processIo, loaders: Loaders = DEFAULT_LOADERS): Promise<number> {
  let args;
  try {
    args = parseExtractArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`evident-extract: ${error.message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  let failed = 0;
  for (const file of args.files) {
    let result;
    try {
      result = await extractFile(file, loaders);
    } catch (error) {
      // A bug in the extraction, not in the file: say so, and go on with the next file.
      result = { ok: false as const, error: `could not be extracted (${(error as Error).stack ?? error})` };
    }
    if (result.ok) io.out(outputLine(file, result.value, args.withSources));
    else {
      failed++;
      io.err(`evident-extract: ${file.path}: ${result.error}`);
    }
  }
  return failed > 0 ? 1 : 0;
}
