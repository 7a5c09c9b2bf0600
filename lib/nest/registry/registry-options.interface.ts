/** The options of a mailer's tenant registry (`registry` in MailerModule options). */

/** Bounds of `MailerRegistry`: how many tenant mailers stay open, and for how long unused. */
export interface MailerRegistryOptions {
  /**
   * Tenant mailers open at once; getting another closes the least recently used first (gracefully: its messages
   * under way are sent). @defaultValue 100
   */
  max?: number;
  /** A tenant mailer not asked for (`get`) this long is closed; `0` never closes one for idleness. @defaultValue 300000 */
  idleTtlMs?: number;
}
