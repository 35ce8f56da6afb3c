import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configFromEnv, DEFAULT_SYNC_SERVER_CONFIG } from '../config';
import { portFlag, stringFlag, type Command } from './args';

/**
 * Runs the server until SIGTERM or SIGINT, then shuts down gracefully (close() flushes rooms and
 * closes the database) and exits 0. A second signal during shutdown exits at once with 1. If the
 * store writer stops, nothing more can be stored: it shuts down the same way and exits 1.
 */
export const serve: Command = {
  name: 'serve',
  synopsis: '[--host 127.0.0.1] [--port 1234] [--db ./data/evident.sqlite]',
  summary:
    'Run the sync server (flags override EVIDENT_HOST, EVIDENT_PORT, EVIDENT_DB; EVIDENT_SYNCHRONOUS=full|normal). ' +
    'With EVIDENT_DATABASE_URL (postgres://…) it stores in PostgreSQL instead of --db, and with EVIDENT_REDIS_URL (redis://…) runs as one of several instances.',
  options: { host: { type: 'string' }, port: { type: 'string' }, db: { type: 'string' } },
  async run(flags, io) {
    const env = configFromEnv();
    const defaults = { ...DEFAULT_SYNC_SERVER_CONFIG, ...env };
    const host = stringFlag(flags, 'host', defaults.host);
    const port = portFlag(flags, String(defaults.port));
    const dbPath = stringFlag(flags, 'db', defaults.dbPath);
    mkdirSync(dirname(resolve(dbPath)), { recursive: true });
    // Listening before the server starts, so a signal that arrives during start-up, or the moment
    // "serving" is printed, still shuts down gracefully instead of killing the process.
    let requestStop!: (signal: NodeJS.Signals) => void;
    const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
    let stopping = false;
    let exitCode = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        io.err(`evident-sync: second ${signal} during shutdown; exiting without finishing`);
        process.exit(1);
      }
      stopping = true;
      requestStop(signal);
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
    try {
      // Loaded here, not at the top: the other commands should not pay for (or depend on) the server.
      const { startSyncServer } = await import('../server');
      const server = await startSyncServer({ host, port, dbPath });
      io.out(`evident-sync serving ${server.url} (database ${server.database}, synchronous=${server.synchronous})`);
      io.out(server.metricsUrl ? `evident-sync metrics at ${server.metricsUrl}` : 'evident-sync metrics off (EVIDENT_METRICS_PORT=off)');
      const reason = await Promise.race([stopRequested, server.failed]);
      exitCode = typeof reason === 'string' ? 0 : 1;
      io.err(`evident-sync: ${typeof reason === 'string' ? reason : `cannot store updates (${reason.message})`}, shutting down`);
      await server.close();
    } finally {
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    }
    // Exit even if some library left a handle open; unref'd, so it never delays a clean exit.
    setTimeout(() => process.exit(exitCode), 2000).unref();
    return exitCode;
  },
};
