import { DevInbox } from './dev-inbox.js';
import type { InboxMessage, InboxSummary } from './dev-inbox.js';
/** The part of Express's response the controller uses (the sample adds no @types package for it). */
interface Response {
    setHeader(name: string, value: string): unknown;
    type(contentType: string): Response;
    send(body: string | Buffer): unknown;
}
/** `GET /messages/:id`: the message without attachment bodies (those have their own URL). */
type MessageDetail = Omit<InboxMessage, 'attachments'> & {
    attachments: Array<{
        filename: string;
        contentType: string;
        size: number;
        url: string;
    }>;
};
export declare class InboxController {
    private readonly inbox;
    constructor(inbox: DevInbox);
    /** The page; `?id=` selects a message to show beside the list. */
    page(id: string | undefined, res: Response): void;
    /** Newest first; empty when `MAIL_URL` is set (there is no embedded inbox). */
    list(): InboxSummary[];
    detail(id: string): MessageDetail;
    /** An attachment's bytes, always as a download: never rendered in the app's origin. */
    attachment(id: string, index: string, res: Response): void;
    private findOr404;
}
export {};
