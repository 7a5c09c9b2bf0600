/** MailController: POST /mail sends through MailerService; 201, 400 (field at fault) or 502 (SMTP refusal). */
import { Body, Controller, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { MailerService, SmtpError } from '../../lib/index.js';
import { badRequest, fieldQuotedIn, parseMailRequest, parseWelcomeRequest } from './mail-request.js';

/** The 201 body. */
export interface MailSent {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

@Controller('mail')
export class MailController {
  // The default mailer's service, injected by type; `from` comes from its defaults (MAIL_FROM).
  constructor(private readonly mailer: MailerService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  async send(@Body() body: unknown): Promise<MailSent> {
    const message = parseMailRequest(body);
    try {
      const { messageId, accepted, rejected } = await this.mailer.sendMail(message);
      return { messageId, accepted, rejected };
    } catch (err) {
      throw toHttpError(err, body as Record<string, unknown>);
    }
  }

  /** POST /mail/welcome `{ to, name }`: the welcome template, rendered and sent. */
  @Post('welcome')
  @HttpCode(HttpStatus.CREATED)
  async welcome(@Body() body: unknown): Promise<MailSent> {
    const { to, name } = parseWelcomeRequest(body);
    try {
      const { messageId, accepted, rejected } = await this.mailer.sendMail({ to, template: 'welcome', context: { name } });
      return { messageId, accepted, rejected };
    } catch (err) {
      throw toHttpError(err, body as Record<string, unknown>);
    }
  }
}

/**
 * An engine error as an HTTP error: input the engine refused before talking to the server is the client's
 * fault (400); anything the server or the connection did is a bad gateway (502), with the SmtpError code.
 */
function toHttpError(err: unknown, body: Record<string, unknown>): unknown {
  if (!(err instanceof SmtpError)) return err;
  const refusedLocally = err.responseCode === undefined && err.rejectedErrors === undefined && err.phase === undefined;
  if (refusedLocally && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')) {
    const field = err.code === 'EENVELOPE' ? fieldQuotedIn(err.message, body) : 'body';
    const response = badRequest(field, err.message).getResponse() as Record<string, unknown>;
    return new HttpException({ ...response, code: err.code }, HttpStatus.BAD_REQUEST);
  }
  return new HttpException(
    {
      statusCode: HttpStatus.BAD_GATEWAY,
      error: 'Bad Gateway',
      message: err.message,
      code: err.code,
      ...(err.responseCode !== undefined && { responseCode: err.responseCode }),
      ...(err.rejected !== undefined && { rejected: err.rejected }),
    },
    HttpStatus.BAD_GATEWAY,
  );
}
