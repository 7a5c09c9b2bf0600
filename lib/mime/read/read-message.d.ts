/** An attachment (or inline part) of a message, decoded. */
export interface ReadAttachment {
    filename?: string;
    contentType: string;
    contentDisposition?: string;
    /** The Content-ID without angle brackets, for inline images referenced as `cid:`. */
    cid?: string;
    content: Buffer;
}
/** What a reader of the message sees. Text bodies have CRLF turned back into LF. */
export interface ReadMessage {
    /** Header values by lower-case name, encoded words decoded; repeated headers keep every value. */
    headers: Record<string, string[]>;
    /** The bare address of the From header. */
    from?: string;
    /** Bare addresses of the To, Cc and Reply-To headers (Bcc is never a header: see the envelope). */
    to: string[];
    cc: string[];
    replyTo: string[];
    subject?: string;
    text?: string;
    html?: string;
    attachments: ReadAttachment[];
}
/** Parses a whole composed message. */
export declare function readMessage(raw: Buffer): ReadMessage;
