/** The message object accepted by sendMail and composeMessage. */
import type { Readable } from 'node:stream';
import type { DsnOptions } from '../core/envelope.js';

/** An address as `'Name <a@b.c>'`, a bare `'a@b.c'`, or an object. */
export interface AddressObject {
  name?: string;
  address: string;
}

/** One address, a comma-separated list of them, or an array of either. */
export type AddressInput = string | AddressObject | Array<string | AddressObject>;

/** Where content comes from: inline, a file, or a URL (`http:`, `https:`, `data:`; `file:` counts as a file). */
export type ContentInput = string | Buffer | Readable | { path: string } | { href: string };

/** A content body with its own type: `alternatives[]` entries. */
export interface AlternativeContent {
  contentType?: string;
  content?: string | Buffer | Readable;
  path?: string;
  href?: string;
  encoding?: BufferEncoding | 'base64' | 'hex';
  contentTransferEncoding?: 'quoted-printable' | 'base64' | '7bit' | '8bit';
}

/** A calendar invitation part (text/calendar; method=...). */
export interface IcalEvent {
  method?: string;
  filename?: string | false;
  content?: string | Buffer | Readable;
  path?: string;
  href?: string;
  encoding?: BufferEncoding;
}

/** One attachment, inline image or raw part. */
export interface Attachment {
  filename?: string | false;
  content?: string | Buffer | Readable;
  path?: string;
  href?: string;
  /** How a string `content` is encoded (`base64`, `hex`, `utf-8`, ...). */
  encoding?: BufferEncoding;
  contentType?: string;
  contentDisposition?: 'attachment' | 'inline';
  contentTransferEncoding?: 'quoted-printable' | 'base64' | '7bit' | '8bit' | false;
  /** Content-ID for inline images referenced as `cid:<cid>` from the HTML. */
  cid?: string;
  headers?: HeadersInput;
  /** A complete MIME part (headers and body) used as is. */
  raw?: string | Buffer | Readable | { path: string } | { href: string };
}

/** A header value already encoded by the caller: written as is after a CR/LF check. */
export interface PreparedHeaderValue {
  prepared: true;
  value: string;
}

export type HeaderValue = string | string[] | PreparedHeaderValue;

/** Extra headers: an object (a value may be an array for repeated headers) or a list of key/value pairs. */
export type HeadersInput =
  | Record<string, HeaderValue>
  | Array<{ key: string; value: string | PreparedHeaderValue }>;

/** A List-* header value: a URL, or a URL with a comment, or several. */
export type ListHeaderValue = string | { url: string; comment?: string } | Array<string | { url: string; comment?: string } | Array<string | { url: string; comment?: string }>>;

/** List-* headers: `{ unsubscribe: 'https://...', help: ..., id: { url, comment } }`. */
export type ListHeaders = Record<string, ListHeaderValue>;


/** The SMTP envelope; overrides the one derived from the headers. */
export interface EnvelopeInput {
  from?: string | AddressObject | false;
  to?: AddressInput;
  cc?: AddressInput;
  bcc?: AddressInput;
}

/** A message to send. Every field may also come from the transport's `defaults`. */
export interface MailMessage {
  from?: string | AddressObject;
  sender?: string | AddressObject;
  to?: AddressInput;
  cc?: AddressInput;
  bcc?: AddressInput;
  replyTo?: AddressInput;
  inReplyTo?: string;
  references?: string | string[];
  subject?: string;
  text?: ContentInput;
  html?: ContentInput;
  attachments?: Attachment[];
  alternatives?: AlternativeContent[];
  icalEvent?: IcalEvent | string;
  headers?: HeadersInput;
  list?: ListHeaders;
  envelope?: EnvelopeInput;
  messageId?: string;
  date?: Date | string;
  priority?: 'high' | 'normal' | 'low';
  textEncoding?: 'quoted-printable' | 'base64';
  dsn?: DsnOptions;
  raw?: ContentInput;
}

/** Message fields applied under every message of a transport; `headers` are merged. */
export type MailDefaults = Partial<MailMessage>;
