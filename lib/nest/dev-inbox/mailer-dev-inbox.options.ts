/** Checks MailerDevInboxModule's options once, at startup: shape, where the messages come from, and the production guard. */
import { SmtpError } from '../../core/errors.js';
import { normalizeBasePath } from '../../dev/inbox/inbox-handler.js';
import { MailerDevStore } from '../../dev/mailer-dev-store.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';
import { checkMailerName } from '../mailer.constants.js';
import type { MailerDevInboxModuleOptions } from './dev-inbox-options.interface.js';

/** Where the inbox's messages come from: a registered mailer's `memory://` store, or a store given as is. */
export type DevInboxSource = { kind: 'mailer'; mailer: string } | { kind: 'store'; store: MailerDevStore };

/** The options with their defaults filled in. */
export interface ResolvedDevInboxOptions {
  path: string;
  source: DevInboxSource;
  /** Templates given to the module; without them previews use the mailer's. */
  templates?: TemplateRenderer<object>;
  previews?: Record<string, Record<string, unknown>>;
}

/**
 * Resolves the options, refusing to serve the inbox in production unless told to.
 * @param nodeEnv `process.env.NODE_ENV` as the application sees it when its providers are built
 * @throws SmtpError ECONFIG under `NODE_ENV=production` without `allowInProduction: true`, for a bad option, or
 *   for `mailer` and `store` given together.
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
  const templates = options.templates as TemplateRenderer<object> | undefined;
  if (templates !== undefined && (typeof templates?.compile !== 'function' || typeof templates.render !== 'function')) {
    throw new SmtpError('ECONFIG', 'MailerDevInboxModule: invalid option templates: expected a template renderer (an object with compile() and render()), e.g. from nestjs-smtp/templates');
  }
  const resolved: ResolvedDevInboxOptions = {
    path: normalizeBasePath(options.path ?? '/__mail') || '/',
    source: resolveSource(options),
  };
  if (templates !== undefined) resolved.templates = templates;
  if (previews !== undefined) resolved.previews = previews;
  return resolved;
}

/** `store` or `mailer`, never both: the inbox shows one set of messages, and a silent pick would hide a mistake. */
function resolveSource(options: MailerDevInboxModuleOptions<object>): DevInboxSource {
  if (options.store === undefined) return { kind: 'mailer', mailer: checkMailerName(options.mailer) };
  if (options.mailer !== undefined) {
    throw new SmtpError(
      'ECONFIG',
      `MailerDevInboxModule: the options mailer (${JSON.stringify(options.mailer)}) and store exclude each other: the inbox shows either a mailer's memory:// store or the given store; remove one`,
    );
  }
  if (!(options.store instanceof MailerDevStore)) {
    throw new SmtpError('ECONFIG', 'MailerDevInboxModule: invalid option store: expected a MailerDevStore (from nestjs-smtp/dev)');
  }
  return { kind: 'store', store: options.store };
}
