/** Loads `smtp-server`, the dev mail server's optional peer, on first use, naming the install command when it is missing. */
import { SmtpError } from '../../core/errors.js';

/** The part of the `smtp-server` module the receiver uses. */
export type SmtpServerModule = typeof import('smtp-server');

/**
 * Imports `smtp-server`. It is an optional peer: only the dev mail server needs it, so an app that never starts
 * one never installs it (the way `@nestjs/terminus` loads on the first health check).
 * @throws SmtpError ECONFIG naming `npm i -D smtp-server` when it is not installed, or why it failed to load.
 */
export async function loadSmtpServer(): Promise<SmtpServerModule> {
  try {
    return await import('smtp-server');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A package that is installed but misses one of its own dependencies fails the same way: name the right one.
    const isMissing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (err as Error).message.includes("'smtp-server'");
    if (isMissing) {
      throw new SmtpError('ECONFIG', 'the dev mail server needs the package "smtp-server": npm i -D smtp-server', { cause: err });
    }
    throw new SmtpError('ECONFIG', `the dev mail server: loading "smtp-server" failed: ${(err as Error).message}`, { cause: err });
  }
}
