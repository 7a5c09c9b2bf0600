/** Checks the body of POST /mail by hand and turns it into a MailMessage; a 400 names the field at fault. */
import { BadRequestException } from '@nestjs/common';
import type { MailMessage } from '../../lib/index.js';
/** The JSON `POST /mail` accepts. */
export interface MailRequest {
    to: string | string[];
    subject: string;
    text?: string;
    html?: string;
    cc?: string | string[];
    bcc?: string | string[];
    replyTo?: string | string[];
}
/** A 400 in Nest's usual shape, plus the name of the field at fault. */
export declare function badRequest(field: string, message: string): BadRequestException;
/**
 * Validates a `POST /mail` body.
 * @throws BadRequestException naming the first field at fault.
 */
export declare function parseMailRequest(body: unknown): MailMessage;
/** The request field holding the value an engine error quotes, so that a 400 from the engine names it too. */
export declare function fieldQuotedIn(errorMessage: string, body: Record<string, unknown>): string;
