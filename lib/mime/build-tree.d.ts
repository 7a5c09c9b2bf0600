import type { AccessPolicy } from './content-sources.js';
import type { ResolvedEnvironment } from './ids.js';
import type { MailMessage } from './message.interface.js';
import type { MimeNode } from './render-tree.js';
/** What building the tree needs besides the message. */
export interface TreeContext {
    policy: AccessPolicy;
    env: ResolvedEnvironment;
}
/**
 * The body tree of a (non-raw) message. Bodies go in multipart/alternative in increasing order of
 * preference (RFC 2046 §5.1.4: text, other alternatives, calendar, html last); inline attachments
 * with a `cid` join the html in multipart/related (RFC 2387); other attachments wrap everything in
 * multipart/mixed. Levels with a single child are left out; an empty message is one empty text part.
 * @throws SmtpError EMESSAGE, EFILEACCESS, EURLACCESS
 */
export declare function buildBodyTree(message: MailMessage, ctx: TreeContext): MimeNode;
