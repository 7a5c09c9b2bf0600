/**
 * Injects the `MailerService` of the mailer registered under `name` (the default mailer when omitted).
 *
 * @example
 * constructor(@InjectMailer('alerts') private readonly alerts: MailerService) {}
 */
export declare function InjectMailer(name?: string): ParameterDecorator & PropertyDecorator;
