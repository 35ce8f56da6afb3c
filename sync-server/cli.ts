import { parseArgs } from 'node:util';
import { UsageError, type Command, type Io } from './cli/args';
import { backup } from './cli/backup';
import { exportCommand } from './cli/export';
import { history } from './cli/history';
import { importCommand } from './cli/import';
import { invite } from './cli/invite';
import { list } from './cli/list';
import { migrateCommand } from './cli/migrate';
import { restore } from './cli/restore';
import { restoreBackup } from './cli/restore-backup';
import { revoke } from './cli/revoke';
import { serve } from './cli/serve';

/**
 * `evident-sync <command> [flags]`. Exit codes: 0 done,
 * 1 the command failed, 2 the command line is wrong. Errors are one line on stderr; this is the one
 * place they are caught (catch at the edges only, so failures are logged once).
 */
const COMMANDS: readonly Command[] = [serve, invite, revoke, exportCommand, importCommand, list, history, restore, backup, restoreBackup, migrateCommand];

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.flatMap((c) => [`  ${c.name.padEnd(width)}  ${c.synopsis}`, `  ${''.padEnd(width)}  ${c.summary}`]);
  return [
    'Usage: evident-sync <command> [flags]',
    '',
    ...lines,
    '',
    '--db defaults to EVIDENT_DB, else ./data/evident.sqlite. The signing secret is derived from',
    'EVIDENT_SECRET when set (never stored), else generated once and kept in the database.',
    'Exit codes: 0 done, 1 failed, 2 usage error.',
  ].join('\n');
}

const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs one command line; returns the exit code (the caller sets it, so stdout drains first). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`evident-sync: unknown command "${name}" (one of ${COMMANDS.map((c) => c.name).join(', ')}; see evident-sync help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: evident-sync ${command.name} ${command.synopsis}\n${command.summary}`);
    return 0;
  }
  try {
    const flags = parseFlags(command, rest);
    return await command.run(flags, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`evident-sync ${command.name}: ${e.message}`);
      io.err(`Usage: evident-sync ${command.name} ${command.synopsis}`);
      return 2;
    }
    io.err(`evident-sync ${command.name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function parseFlags(command: Command, args: string[]) {
  try {
    return parseArgs({ args, options: command.options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message.split(/\.?\n|\. /)[0]!);
    throw e;
  }
}
