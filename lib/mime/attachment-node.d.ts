import type { AccessPolicy } from './content-sources.js';
import type { Attachment } from './message.interface.js';
import type { MimeNode } from './render-tree.js';
/**
 * The node for `attachments[index]`. The type comes from `contentType`, else a data: URL's type, else
 * the file name (SPEC: guessed from the name); names go out per RFC 2231 when they need it, in both
 * Content-Type `name` and Content-Disposition `filename`. Custom headers replace generated ones.
 * @throws SmtpError EMESSAGE, EFILEACCESS, EURLACCESS
 */
export declare function buildAttachment(attachment: Attachment, index: number, policy: AccessPolicy): MimeNode;
