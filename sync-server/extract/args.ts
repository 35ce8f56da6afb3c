/**
 * The command line of `evident-extract <file> [--url <original URL>] [<file> [--url …]]… [--sources]`:
 * a `--url` belongs to the file before it.
 */

/** One file to read, and the address it was downloaded from, when given. */
export interface FileToRead {
  path: string;
  url: string | null;
}

export interface ExtractArgs {
  files: FileToRead[];
  /** Print each field's source beside the metadata. */
  withSources: boolean;
  help: boolean;
}

/** Wrong input on the command line: exit code 2, the message names the flag or argument. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = [
  'Usage: evident-extract <file> [--url <original URL>] [<file> [--url <original URL>]]… [--sources]',
  '',
  'Reads each HTML or PDF file with the extension’s own extraction and prints, in order, one line',
  'of JSON per file: the metadata a clip of that document carries (the JSON export’s `metadata`).',
  '  --url <URL>   the address the file before it came from (hosts and paths are read as hints:',
  '                files.ofsted.gov.uk, modern.gov pages); without it the file’s own file:// URL',
  '  --sources     print {"file", "metadata", "sources"} instead: where each field came from and',
  '                how sure the extraction is (high, medium, low)',
  '',
  'Exit codes: 0 every file read, 1 a file could not be read (said on stderr; the others still',
  'print), 2 usage error.',
].join('\n');

function isUrl(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

export function parseExtractArgs(argv: readonly string[]): ExtractArgs {
  const files: FileToRead[] = [];
  let withSources = false;
  let help = false;
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      files.push({ path: arg, url: null });
    } else if (arg === '--') {
      onlyFiles = true;
    } else if (arg === '--sources') {
      withSources = true;
    } else if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--url' || arg.startsWith('--url=')) {
      const url = arg === '--url' ? argv[++i] : arg.slice('--url='.length);
      const file = files.at(-1);
      if (url === undefined || url === '') throw new UsageError('--url needs a value: the address the file before it came from');
      if (!file) throw new UsageError(`--url ${url} comes before any file: put it after the file it belongs to`);
      if (file.url !== null) throw new UsageError(`${file.path} has two --url values (${file.url}, ${url})`);
      if (!isUrl(url)) throw new UsageError(`--url ${url} is not an absolute URL (e.g. https://files.ofsted.gov.uk/v1/file/50130434)`);
      file.url = url;
    } else {
      throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (files.length === 0 && !help) throw new UsageError('no file given');
  return { files, withSources, help };
}
