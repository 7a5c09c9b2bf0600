/** @InjectMailer(): parameter decorator for a mailer's MailerService. */
import { Inject } from '@nestjs/common';
import { getMailerToken } from './mailer.constants.js';
/**
 * Injects the `MailerService` of the mailer registered under `name` (the default mailer when omitted).
 *
 * @example
 * constructor(@InjectMailer('alerts') private readonly alerts: MailerService) {}
 */
export function InjectMailer(name) {
    return Inject(getMailerToken(name));
}
//# sourceMappingURL=mailer.decorators.js.map