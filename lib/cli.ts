#!/usr/bin/env node
/** The `nestjs-smtp` command (package.json `bin`): `nestjs-smtp inbox` runs the dev mail server until Ctrl-C. */
import { runCli } from './dev/inbox-server/inbox-command.js';

/** Past this after a stop signal, a close that is still waiting gives up (the servers close within about a second). */
const STOP_GRACE_MS = 5000;

function waitForStop(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      setTimeout(() => {
        process.stderr.write(`nestjs-smtp: still stopping after ${STOP_GRACE_MS} ms; exiting\n`);
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

// No top-level await: the exit code is set when the command finishes, and the process ends once nothing is left open.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, waitForStop }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`nestjs-smtp: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
