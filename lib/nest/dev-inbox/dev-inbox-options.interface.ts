/** The options of MailerDevInboxModule.forRoot. */
import type { MailerDevStore } from '../../dev/mailer-dev-store.js';
import type { TemplateRenderer } from '../../transport/template-renderer.js';

/**
 * Options of `MailerDevInboxModule.forRoot`. `Templates` (optional) is the mailer's template map, as in
 * `MailerService<TemplateContexts<typeof templates>>`, so that a preview's template name and context are checked.
 */
export interface MailerDevInboxModuleOptions<Templates extends object = Record<string, unknown>> {
  /** The URL path the inbox answers under. @defaultValue '/__mail' */
  path?: string;
  /**
   * The registered mailer whose `memory://` store the inbox shows. Not together with `store`.
   * @defaultValue 'default' (when no `store` is given)
   */
  mailer?: string;
  /**
   * A store to show instead of a mailer's: one that `startSmtpReceiver` fills, say, when the app sends over SMTP
   * to a development server of its own. Not together with `mailer`. @defaultValue none (the mailer's store)
   */
  store?: MailerDevStore;
  /**
   * The templates the previews render with. @defaultValue the mailer's `templates`; none with `store`, so previews
   * over a `store` need this option
   */
  templates?: TemplateRenderer<Templates>;
  /**
   * The inbox refuses to start when `NODE_ENV` is `production`: it shows every message the app sent and lets
   * anyone who reaches it clear them. Set `true` to serve it there anyway (a staging deployment behind a login,
   * say). @defaultValue false
   */
  allowInProduction?: boolean;
  /**
   * Example contexts for the template previews page (`<path>/previews`), by template name, then by locale (a BCP 47
   * tag, or `default` to render without a locale): `{ welcome: { default: { name: 'Ann' }, de: { name: 'Anna' } } }`.
   * Each is rendered with the mailer's `templates` (or the `templates` option), never sent.
   * @defaultValue none (the page says how to add some)
   */
  previews?: { [Name in keyof Templates]?: Record<string, Templates[Name]> };
}
