/** The `nestjs-smtp/dev` entry: transports chosen by URL (SMTP, memory, file, log) and the in-memory store. */
export { createMailTransport, getDevStore } from './dev/create-mail-transport.js';
export { parseTransportUrl } from './dev/transport-url.js';
export type { MailTransportOptions } from './dev/transport-url.js';
export { MemoryTransport } from './dev/memory-transport.js';
export { FileTransport } from './dev/file-transport.js';
export { LogTransport } from './dev/log-transport.js';
export { MailerDevStore, DEFAULT_DEV_STORE_MAX } from './dev/mailer-dev-store.js';
export type { CapturedMail, MailerDevStoreEvents } from './dev/mailer-dev-store.js';
export type { DevTransportOptions, FileTransportOptions, LogTransportOptions, MemoryTransportOptions, SharedDevOptions } from './dev/dev-options.js';
export type { MailTransport, SentMessageInfo } from './transport/mail-transport.js';
export type { ReadAttachment } from './mime/read/read-message.js';
export { createInboxHandler, DEFAULT_INBOX_PATH } from './dev/inbox/inbox-handler.js';
export type { InboxHandler, InboxHandlerOptions } from './dev/inbox/inbox-handler.js';
export { DEFAULT_PREVIEW_LOCALE } from './dev/inbox/inbox-previews.js';
export type { InboxPreviewOptions, PreviewExamples, PreviewEntry, RenderedPreview } from './dev/inbox/inbox-previews.js';
export type { InboxSummary, InboxMessageView, InboxAttachmentView } from './dev/inbox/inbox-views.js';
export { startSmtpReceiver, DEFAULT_DEV_SMTP_PORT, DEFAULT_DEV_MAX_MESSAGE_BYTES } from './dev/inbox-server/smtp-receiver.js';
export type { SmtpReceiver, SmtpReceiverOptions } from './dev/inbox-server/smtp-receiver.js';
