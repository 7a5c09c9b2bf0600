/** The message object accepted by sendMail and composeMessage. */
import type { Readable } from 'node:stream';
import type { DsnOptions } from '../core/envelope.js';

/** An address as `'Name <a@b.c>'`, a bare `'a@b.c'`, or an object. */
export interface AddressObject {
  /** The display name, encoded as needed (`"Ann Smith" <ann@example.com>`). */
  name?: string;
  /** The mailbox, `local@domain`; checked like an envelope address. */
  address: string;
}

/** One address, a comma-separated list of them, or an array of either. */
export type AddressInput = string | AddressObject | Array<string | AddressObject>;

/** Where content comes from: inline, a file, or a URL (`http:`, `https:`, `data:`; `file:` counts as a file). */
export type ContentInput =
  | string
  | Buffer
  | Readable
  | {
      /** A file path or `file:` URL, read while sending. */
      path: string;
    }
  | {
      /** An `http:`, `https:` or `data:` URL, fetched while sending. */
      href: string;
    };

/** A content body with its own type: `alternatives[]` entries. */
export interface AlternativeContent {
  /** The part's media type, e.g. `text/x-web-markdown`. */
  contentType?: string;
  /** The body, inline. */
  content?: string | Buffer | Readable;
  /** The body from a file (or a `file:` URL). */
  path?: string;
  /** The body from an `http:`, `https:` or `data:` URL. */
  href?: string;
  /** How a string `content` is encoded (`base64`, `hex`, `utf-8`, ...). */
  encoding?: BufferEncoding | 'base64' | 'hex';
  /** The transfer encoding to use instead of the one the composer would choose. */
  contentTransferEncoding?: 'quoted-printable' | 'base64' | '7bit' | '8bit';
}

/** A calendar invitation part (text/calendar; method=...). */
export interface IcalEvent {
  /** The iTIP method (`REQUEST`, `CANCEL`, ...), upper-cased. @defaultValue 'PUBLISH' */
  method?: string;
  /** The part's `name` parameter; `false` for none. */
  filename?: string | false;
  /** The iCalendar text, inline. */
  content?: string | Buffer | Readable;
  /** The iCalendar text from a file. */
  path?: string;
  /** The iCalendar text from an `http:`, `https:` or `data:` URL. */
  href?: string;
  /** How a string `content` is encoded. */
  encoding?: BufferEncoding;
}

/** One attachment, inline image or raw part. */
export interface Attachment {
  /** The name shown to the recipient (RFC 2231 when needed); `false` for none. Defaults to the file name of `path`. */
  filename?: string | false;
  /** The bytes, inline. */
  content?: string | Buffer | Readable;
  /** The bytes from a file (or a `file:` URL); refused under `disableFileAccess`. */
  path?: string;
  /** The bytes from an `http:`, `https:` or `data:` URL; http(s) refused under `disableUrlAccess`. */
  href?: string;
  /** How a string `content` is encoded (`base64`, `hex`, `utf-8`, ...). */
  encoding?: BufferEncoding;
  /** The media type; guessed from the file name when missing, else `application/octet-stream`. */
  contentType?: string;
  /** @defaultValue 'attachment', or 'inline' for a `cid` part */
  contentDisposition?: 'attachment' | 'inline';
  /** The transfer encoding; `false` writes the content as is. @defaultValue 'base64' */
  contentTransferEncoding?: 'quoted-printable' | 'base64' | '7bit' | '8bit' | false;
  /** Content-ID for inline images referenced as `cid:<cid>` from the HTML. */
  cid?: string;
  /** Extra headers of this part. */
  headers?: HeadersInput;
  /** A complete MIME part (headers and body) used as is. */
  raw?:
    | string
    | Buffer
    | Readable
    | {
        /** The part from a file, read while sending. */
        path: string;
      }
    | {
        /** The part from an `http:`, `https:` or `data:` URL, fetched while sending. */
        href: string;
      };
}

/** A header value already encoded by the caller: written as is after a CR/LF check. */
export interface PreparedHeaderValue {
  /** Marks the value as already encoded. */
  prepared: true;
  /** The value as it goes on the wire; CRLF only as a fold, no line over 998 octets. */
  value: string;
}

/** A header value: text (encoded as needed), several values for a repeated header, or a prepared value. */
export type HeaderValue = string | string[] | PreparedHeaderValue;

/** Extra headers: an object (a value may be an array for repeated headers) or a list of key/value pairs. */
export type HeadersInput =
  | Record<string, HeaderValue>
  | Array<{
      /** The header name. */
      key: string;
      /** The header value. */
      value: string | PreparedHeaderValue;
    }>;

/** A List-* header value: a URL, or a URL with a comment, or several. */
export type ListHeaderValue =
  | string
  | {
      /** A URL, a bare address (becomes `mailto:`) or a bare host (becomes `http://`). */
      url: string;
      /** A comment written after the URL (for `List-ID`, the phrase in front of the id). */
      comment?: string;
    }
  | Array<
      | string
      | {
          /** A URL, a bare address (becomes `mailto:`) or a bare host (becomes `http://`). */
          url: string;
          /** A comment written after the URL (for `List-ID`, the phrase in front of the id). */
          comment?: string;
        }
      | Array<
          | string
          | {
              /** A URL, a bare address (becomes `mailto:`) or a bare host (becomes `http://`). */
              url: string;
              /** A comment written after the URL (for `List-ID`, the phrase in front of the id). */
              comment?: string;
            }
        >
    >;

/** List-* headers: `{ unsubscribe: 'https://...', help: ..., id: { url, comment } }`. */
export type ListHeaders = Record<string, ListHeaderValue>;


/** The SMTP envelope; overrides the one derived from the headers. */
export interface EnvelopeInput {
  /** MAIL FROM; `false` sends the null sender `<>`. */
  from?: string | AddressObject | false;
  /** Recipients (RCPT TO). */
  to?: AddressInput;
  /** More recipients (RCPT TO). */
  cc?: AddressInput;
  /** More recipients (RCPT TO). */
  bcc?: AddressInput;
}

/** A message to send. Every field may also come from the transport's `defaults`. */
export interface MailMessage {
  /** The author (`From`); also MAIL FROM unless `sender` or `envelope.from` is given. */
  from?: string | AddressObject;
  /** The `Sender` header, and MAIL FROM unless `envelope.from` is given. */
  sender?: string | AddressObject;
  /** Recipients shown in `To`. */
  to?: AddressInput;
  /** Recipients shown in `Cc`. */
  cc?: AddressInput;
  /** Recipients in the envelope only: never written in the headers. */
  bcc?: AddressInput;
  /** The `Reply-To` header. */
  replyTo?: AddressInput;
  /** The message id this one answers (`In-Reply-To`); angle brackets added when missing. */
  inReplyTo?: string;
  /** The `References` ids: a list, or one string separated by spaces or commas. */
  references?: string | string[];
  /** The subject, RFC 2047-encoded when needed. */
  subject?: string;
  /** The plain-text body. */
  text?: ContentInput;
  /** The HTML body, the preferred alternative. */
  html?: ContentInput;
  /** Attachments; one with a `cid` goes next to the HTML as an inline part. */
  attachments?: Attachment[];
  /** More forms of the body, between `text` and `html` in `multipart/alternative`. */
  alternatives?: AlternativeContent[];
  /** A calendar invitation, as a `text/calendar` alternative. */
  icalEvent?: IcalEvent | string;
  /** Extra headers; one named like a generated header replaces it. */
  headers?: HeadersInput;
  /** List-* headers (`List-Unsubscribe`, `List-ID`, ...). */
  list?: ListHeaders;
  /** The SMTP envelope, when it differs from the one the headers give. */
  envelope?: EnvelopeInput;
  /** The `Message-ID`; generated when missing. */
  messageId?: string;
  /** The `Date` header, written in UTC. @defaultValue the time of sending */
  date?: Date | string;
  /** Writes `X-Priority`, `X-MSMail-Priority` and `Importance`. */
  priority?: 'high' | 'normal' | 'low';
  /** The transfer encoding for text parts that are not plain 7-bit. */
  textEncoding?: 'quoted-printable' | 'base64';
  /** Delivery status notifications to ask for, when the server offers DSN. */
  dsn?: DsnOptions;
  /** A complete RFC 5322 message sent as is; only the envelope fields are read besides it. */
  raw?: ContentInput;
}

/** Message fields applied under every message of a transport; `headers` are merged. */
export type MailDefaults = Partial<MailMessage>;
