/** The options of MailerDevInboxModule.forRoot. */

/**
 * Options of `MailerDevInboxModule.forRoot`. `Templates` (optional) is the mailer's template map, as in
 * `MailerService<TemplateContexts<typeof templates>>`, so that a preview's template name and context are checked.
 */
export interface MailerDevInboxModuleOptions<Templates extends object = Record<string, unknown>> {
  /** The URL path the inbox answers under. @defaultValue '/__mail' */
  path?: string;
  /** The registered mailer whose `memory://` store the inbox shows. @defaultValue 'default' */
  mailer?: string;
  /**
   * The inbox refuses to start when `NODE_ENV` is `production`: it shows every message the app sent and lets
   * anyone who reaches it clear them. Set `true` to serve it there anyway (a staging deployment behind a login,
   * say). @defaultValue false
   */
  allowInProduction?: boolean;
  /**
   * Example contexts for the template previews page (`<path>/previews`), by template name, then by locale (a BCP 47
   * tag, or `default` to render without a locale): `{ welcome: { default: { name: 'Ann' }, de: { name: 'Anna' } } }`.
   * Each is rendered with the mailer's `templates`, never sent. @defaultValue none (the page says how to add some)
   */
  previews?: { [Name in keyof Templates]?: Record<string, Templates[Name]> };
}
