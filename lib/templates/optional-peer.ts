/** Loads an optional peer dependency on first use, with an error that names the package to install. */
import { SmtpError } from '../core/errors.js';

/**
 * Imports `packageName`, resolving a CommonJS module's `default` export. Peers are optional so that an app
 * that does not use a template engine never installs it.
 * @throws SmtpError ECONFIG naming the package (and the feature that needs it) when it is not installed.
 */
export async function loadOptionalPeer<T>(packageName: string, feature: string): Promise<T> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(packageName)) as { default?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new SmtpError('ECONFIG', `${feature} needs the package "${packageName}": npm install ${packageName}`, { cause: err });
    }
    throw new SmtpError('ECONFIG', `${feature}: loading "${packageName}" failed: ${(err as Error).message}`, { cause: err });
  }
  return (loaded.default ?? loaded) as T;
}
