/** Loads an optional peer dependency on first use, with an error that names the package to install. */
import { SmtpError } from '../core/errors.js';

/**
 * Imports `packageName`, resolving a CommonJS module's `default` export. Peers are optional so that an app
 * that does not use a template engine never installs it.
 * @param alternative what the user may do instead of installing it (`set deriveText: false`), for the message
 * @throws SmtpError ECONFIG naming the package (and the feature that needs it) when it is not installed.
 */
export async function loadOptionalPeer<T>(packageName: string, feature: string, alternative?: string): Promise<T> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(packageName)) as { default?: unknown };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A package that is installed but misses one of its own dependencies fails the same way: name the right one.
    const isMissing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (err as Error).message.includes(`'${packageName}'`);
    if (isMissing) {
      throw new SmtpError('ECONFIG', `${feature} needs the package "${packageName}": npm install ${packageName}${alternative ? `, or ${alternative}` : ''}`, { cause: err });
    }
    throw new SmtpError('ECONFIG', `${feature}: loading "${packageName}" failed: ${(err as Error).message}`, { cause: err });
  }
  return (loaded.default ?? loaded) as T;
}
