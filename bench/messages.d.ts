/** The messages the scenarios send: the same objects, built the same way, for both sides. */
import type { Readable } from 'node:stream';
import type { MailMessage } from '../lib/mime/message.interface.js';
/** A typical small transactional message: text and HTML alternatives, about 1.5 KB on the wire. */
export declare function smallMessage(index: number): MailMessage;
/** The same content pre-rendered (`raw` plus an explicit envelope): sending it skips MIME composition. */
export declare function rawMessage(index: number): MailMessage;
/** One message with a large attachment given as a Buffer or as a stream. */
export declare function attachmentMessage(content: Buffer | Readable): MailMessage;
/** One message to `count` envelope recipients: one in To, the rest as Bcc so the header stays small. */
export declare function manyRecipientsMessage(count: number): MailMessage;
