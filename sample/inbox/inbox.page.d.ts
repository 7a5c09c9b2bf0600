/** The inbox page: server-rendered HTML with a little script that polls /messages and sends test mail. */
import type { InboxMessage, InboxSummary } from './dev-inbox.js';
export interface InboxPageModel {
    /** Nonce of the page's script (the Content-Security-Policy allows no other). */
    nonce: string;
    messages: InboxSummary[];
    selected?: InboxMessage;
    /** The embedded server's URL, when there is one. */
    embeddedUrl?: string;
    /** Where mail goes when `MAIL_URL` is set (password removed). */
    upstream?: string;
}
/** Escapes text for HTML content and double- or single-quoted attributes. */
export declare function escapeHtml(value: string): string;
/** The whole page. Every value from a message is escaped; the mail's HTML only ever renders in the sandbox. */
export declare function renderInboxPage(model: InboxPageModel): string;
