/** Checks MailerDevInboxModule's options once, at startup: shape, mailer name, and the production guard. */
import { SmtpError } from '../../core/errors.js';
import { normalizeBasePath } from '../../dev/inbox/inbox-handler.js';
import { checkMailerName } from '../mailer.constants.js';
import type { MailerDevInboxModuleOptions } from './dev-inbox-options.interface.js';

/** The options with their defaults filled in. */
export interface ResolvedDevInboxOptions {
  path: string;
  mailer: string;
  previews?: Record<string, Record<string, unknown>>;
}

/**
 * Resolves the options, refusing to serve the inbox in production unless told to.
 * @param nodeEnv `process.env.NODE_ENV` as the application sees it when its providers are built
 * @throws SmtpError ECONFIG under `NODE_ENV=production` without `allowInProduction: true`, or for a bad option.
 */
export function resolveDevInboxOptions(options: MailerDevInboxModuleOptions<object>, nodeEnv: string | undefined): ResolvedDevInboxOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SmtpError('ECONFIG', 'MailerDevInboxModule.forRoot expects an options object');
  }
  if (options.allowInProduction !== undefined && typeof options.allowInProduction !== 'boolean') {
    throw new SmtpError('ECONFIG', 'MailerDevInboxModule: invalid option allowInProduction: expected true or false');
  }
  if (nodeEnv === 'production' && options.allowInProduction !== true) {
    throw new SmtpError(
      'ECONFIG',
      'MailerDevInboxModule refuses to start with NODE_ENV=production: the dev inbox shows every message the app sends and lets '
        + 'anyone who reaches it clear them. Import it only in development, or set allowInProduction: true to serve it anyway '
        + '(behind authentication).',
    );
  }
  const previews = options.previews as Record<string, Record<string, unknown>> | undefined;
  if (previews !== undefined && (typeof previews !== 'object' || previews === null || Array.isArray(previews))) {
    throw new SmtpError('ECONFIG', 'MailerDevInboxModule: invalid option previews: expected { <template>: { <locale or "default">: <context> } }');
  }
  const resolved: ResolvedDevInboxOptions = {
    path: normalizeBasePath(options.path ?? '/__mail') || '/',
    mailer: checkMailerName(options.mailer),
  };
  if (previews !== undefined) resolved.previews = previews;
  return resolved;
}
