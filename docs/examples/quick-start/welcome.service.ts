// welcome.service.ts: sends through the injected MailerService.
import { Injectable } from '@nestjs/common';
import { MailerService } from 'nestjs-smtp';

@Injectable()
export class WelcomeService {
  constructor(private readonly mailer: MailerService) {}

  welcome(to: string) {
    // Resolves { messageId, accepted, rejected, ... }; rejects with an SmtpError (see Errors below).
    return this.mailer.sendMail({ to, subject: 'Welcome', text: 'Glad to have you.' });
  }
}
