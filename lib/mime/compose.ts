/** Message + defaults to a prepared message (envelope, Message-ID) and a lazily composed RFC 5322 stream. */
import { Readable } from 'node:stream';
import { SmtpError } from '../core/errors.js';
import { flattenAddresses, parseAddresses } from './addresses.js';
import type { AccessPolicy, ContentSource } from './content-sources.js';
import { isReadable, resolveContent } from './content-sources.js';
import { mergeHeaderSpecs, parseCustomHeaders } from './headers/custom-headers.js';
import type { HeaderSpec } from './headers/header-spec.js';
import { renderHeaders } from './headers/header-spec.js';
import { normalizeMessageId, resolveEnvironment } from './ids.js';
import type { ComposeEnvironment, ResolvedEnvironment } from './ids.js';
import { buildMessageHeaders } from './headers/message-headers.js';
import type { MessageAddresses } from './headers/message-headers.js';
import { deriveEnvelope } from './message-envelope.js';
import type { MailDefaults, MailMessage } from './message.interface.js';
import type { DsnOptions, Envelope } from '../core/envelope.js';
import { inMemorySize, renderNode, renderNodeSync } from './render-tree.js';
import type { MimeNode } from './render-tree.js';
import { buildBodyTree } from './build-tree.js';
import { measureNode, type MessageMeasure } from './message-size.js';

export type { AccessPolicy } from './content-sources.js';
export type { ComposeEnvironment } from './ids.js';
export type { MessageMeasure } from './message-size.js';

/** What the server offers, which composition may use. Both default to false. */
export interface ComposeOptions {
  /** Headers may carry UTF-8 and Unicode domains (RFC 6531, RFC 6532). */
  smtputf8?: boolean;
  /** Text parts may go out as `8bit` (RFC 6152). */
  eightBitMime?: boolean;
}

/** A checked message, ready to be composed once the server's extensions are known. */
export interface PreparedMessage {
  /** Bare addresses, validated by validateEnvelope. */
  envelope: Envelope;
  /** With angle brackets; empty for a `raw` message whose id is unknown. */
  messageId: string;
  /** As given: the engine validates and encodes DSN parameters. */
  dsn?: DsnOptions;
  /**
   * The message bytes (CRLF line endings, not dot-stuffed). Lazy: nothing is opened or read until
   * the stream is read. A message with a Readable source can be composed once only.
   * @throws SmtpError ESTREAM when called again for a message whose stream sources were used.
   */
  compose(options?: ComposeOptions): Readable;
  /**
   * The same bytes as `compose`, rendered at once, when every content is held in memory and small (at most
   * {@link IN_MEMORY_RENDER_MAX_BYTES}); otherwise undefined, and `compose` is the way. It can be called again.
   * @throws SmtpError EMESSAGE where the stream would fail with it.
   */
  renderInMemory(options?: ComposeOptions): Buffer[] | undefined;
  /**
   * The exact size of `compose(options)` as the server counts it (line breaks as CRLF, before dot-stuffing),
   * and its header block, when every part's encoded length is known without reading a stream: strings,
   * Buffers and `data:` URLs (text encoded once to count it, base64 by arithmetic) and files by `stat` when
   * base64-encoded as they are (attachments). Undefined when a part is a Readable, an http(s) URL, or a file
   * whose encoded length depends on its content (text, quoted-printable, a raw part or raw message). Opens
   * nothing; file access was checked when the message was prepared. It can be called again.
   * @throws SmtpError EMESSAGE where the stream would fail with it.
   */
  measure(options?: ComposeOptions): Promise<MessageMeasure | undefined>;
  /**
   * Whether `compose()` may be called again and gives the same bytes without re-reading anything that
   * could differ: no source is a caller's Readable (one-shot) or an http(s) URL (fetched anew, and a
   * server may answer differently). Strings, Buffers, `data:` URLs and files qualify. DKIM signing composes
   * such a message twice (hash, then send) instead of spooling it.
   */
  isRecomposable: boolean;
}

/** Messages whose content in memory is at most this large may be rendered at once, without streams. */
export const IN_MEMORY_RENDER_MAX_BYTES = 256 * 1024;

/** The renderer for a tree held in memory and small enough; undefined for any other tree. */
function inMemoryRenderer(root: MimeNode, prefix: (options: ComposeOptions) => string, omit?: Set<string>): ((options?: ComposeOptions) => Buffer[]) | undefined {
  const size = inMemorySize(root);
  if (size === undefined || size > IN_MEMORY_RENDER_MAX_BYTES) return undefined;
  return (options = {}) => {
    const render = { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime };
    return renderNodeSync(root, render, prefix(options), omit);
  };
}

/**
 * A Readable over content held in memory, rendered on its first read and pushed at once: the same bytes and
 * failures as the composer's stream (a header this server cannot take fails the stream), without an async
 * generator and a read per chunk.
 */
function inMemoryStream(render: () => Buffer[]): Readable {
  let isRendered = false;
  return new Readable({
    read() {
      if (isRendered) return;
      isRendered = true;
      let chunks: Buffer[];
      try {
        chunks = render();
      } catch (err) {
        this.destroy(err as Error);
        return;
      }
      for (const chunk of chunks) this.push(chunk);
      this.push(null);
    },
  });
}

/** Message fields over defaults; `headers` are merged, the message's names winning. */
function mergeDefaults(message: MailMessage, defaults: MailDefaults | undefined): { merged: MailMessage; custom: HeaderSpec[] } {
  if (typeof message !== 'object' || message === null) throw new SmtpError('EMESSAGE', 'the message must be an object');
  const merged: MailMessage = { ...(defaults ?? {}) };
  for (const key of Object.keys(message)) {
    const value = (message as Record<string, unknown>)[key];
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  const fromDefaults = parseCustomHeaders(defaults?.headers);
  const fromMessage = parseCustomHeaders(message.headers);
  const custom = fromDefaults.length === 0 ? fromMessage : mergeHeaderSpecs(fromDefaults, fromMessage);
  return { merged, custom };
}

function firstMailbox(input: MailMessage['from'], field: string): MessageAddresses['from'] {
  return flattenAddresses(parseAddresses(input, field))[0];
}

/** The caller's streams among the message's contents, which can be read once only. */
function streamSources(message: MailMessage): Readable[] {
  const values: unknown[] = [message.raw, message.text, message.html];
  for (const item of [...(message.attachments ?? []), ...(message.alternatives ?? [])]) values.push(item?.content, (item as { raw?: unknown })?.raw);
  if (typeof message.icalEvent === 'object' && message.icalEvent !== null) values.push(message.icalEvent.content);
  return values.filter((value): value is Readable => isReadable(value));
}

/** Whether any content of the message is a caller's stream, which can be read once only. */
function hasStreamSource(message: MailMessage): boolean {
  return streamSources(message).length > 0;
}

/** Whether a location (`path` or `href`) is fetched over the network: read again, it may differ. */
function isUrlLocation(value: unknown): boolean {
  return typeof value === 'string' && /^https?:/i.test(value);
}

/** Whether a content value (or attachment-like object) points at an http(s) URL. */
function hasUrlSource(message: MailMessage): boolean {
  const values: unknown[] = [message.raw, message.text, message.html, message.icalEvent, ...(message.attachments ?? []), ...(message.alternatives ?? [])];
  return values.some((value) => {
    if (typeof value !== 'object' || value === null || isReadable(value) || Buffer.isBuffer(value)) return false;
    const fields = value as { path?: unknown; href?: unknown; content?: unknown };
    if (fields.content !== undefined && fields.content !== null) return false;
    return isUrlLocation(fields.path) || isUrlLocation(fields.href);
  });
}

/** See {@link PreparedMessage.isRecomposable}. */
function isRecomposable(message: MailMessage): boolean {
  return !hasStreamSource(message) && !hasUrlSource(message);
}

/**
 * A Readable over the composer's generator, as `Readable.from` but destroyable at once: `Readable.from` waits
 * for the generator to return, which never happens while it awaits a stalled source. `onAbort` runs when the
 * stream is destroyed before its end, so that what the generator waits on can be released.
 */
function streamFrom(chunks: AsyncGenerator<Buffer>, onAbort: () => void): Readable {
  let isReading = false;
  /** The generator finished normally: nothing is left to release. */
  let isDone = false;
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (isReading) return;
      isReading = true;
      chunks.next().then(
        (result) => {
          isReading = false;
          if (result.done) {
            isDone = true;
            this.push(null);
          } else {
            this.push(result.value);
          }
        },
        (err: unknown) => {
          isReading = false;
          // Not done: the caller's other streams are released too.
          this.destroy(err as Error);
        },
      );
    },
    destroy(err, callback) {
      if (!isDone) onAbort();
      chunks.return(undefined).catch(() => undefined);
      callback(err);
    },
  });
}

function streamOnce(message: MailMessage, make: (options: ComposeOptions) => AsyncGenerator<Buffer>): (options?: ComposeOptions) => Readable {
  const once = hasStreamSource(message);
  let used = false;
  return (options = {}) => {
    if (once && used) throw new SmtpError('ESTREAM', 'this message reads from a stream and can be composed only once');
    used = true;
    // Given up before its end (a failed send), the caller's streams are released too, even one that stalls.
    return streamFrom(make(options), () => {
      for (const source of streamSources(message)) source.destroy();
    });
  };
}

/** How far into a raw message to look for its Message-ID header. */
const RAW_HEADER_SCAN_BYTES = 64 * 1024;

/** The Message-ID of a raw message held in memory, or '' (a stream cannot be looked into first). */
function rawMessageId(source: ContentSource): string {
  if (source.kind !== 'buffer') return '';
  const head = source.data.subarray(0, RAW_HEADER_SCAN_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const match = /^message-id:[ \t]*(?:\r?\n[ \t]+)?(<[\u0021-\u003b\u003d\u003f-\u007e]+>)/im.exec(end < 0 ? head : head.slice(0, end));
  return match?.[1] ?? '';
}

function prepareRaw(message: MailMessage, policy: AccessPolicy): PreparedMessage {
  const source = resolveContent(message.raw!, policy, 'raw message');
  const addresses = {
    from: firstMailbox(message.sender ?? message.from, 'from'),
    to: parseAddresses(message.to, 'to'), cc: parseAddresses(message.cc, 'cc'), bcc: parseAddresses(message.bcc, 'bcc'),
  };
  const envelope = deriveEnvelope(message, { from: addresses.from?.address, to: addresses.to, cc: addresses.cc, bcc: addresses.bcc });
  const node: MimeNode = { kind: 'raw', source, label: 'raw message' };
  const messageId = message.messageId ? normalizeMessageId(message.messageId, 'messageId') : rawMessageId(source);
  const renderInMemory = inMemoryRenderer(node, () => '');
  return {
    envelope, messageId, ...(message.dsn ? { dsn: message.dsn } : {}), isRecomposable: isRecomposable(message),
    compose: renderInMemory
      ? (options = {}) => inMemoryStream(() => renderInMemory(options))
      : streamOnce(message, (options) => renderNode(node, { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime })),
    renderInMemory: renderInMemory ?? (() => undefined),
    measure: (options = {}) => measureNode(node, { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime }),
  };
}

/**
 * Checks a message and everything it refers to, without opening anything: addresses, envelope,
 * header names and values, ids, content sources and access policy. The stream is produced later by
 * `compose`, after EHLO, so it can use SMTPUTF8 and 8BITMIME when the server offers them.
 * @throws SmtpError EENVELOPE (addresses, recipients), EMESSAGE (headers, ids, fields),
 *   EFILEACCESS / EURLACCESS (a file or URL source the policy forbids).
 * @example
 * const prepared = prepareMessage({ from: 'a@example.com', to: 'b@example.com', text: 'hi' });
 * prepared.compose({ smtputf8: true }).pipe(socket);
 */
export function prepareMessage(message: MailMessage, defaults?: MailDefaults, policy: AccessPolicy = {}, environment?: ComposeEnvironment): PreparedMessage {
  const env: ResolvedEnvironment = resolveEnvironment(environment);
  const { merged, custom } = mergeDefaults(message, defaults);
  if (merged.raw !== undefined && merged.raw !== null) return prepareRaw(merged, policy);

  const addresses: MessageAddresses = {
    from: firstMailbox(merged.from, 'from'),
    sender: firstMailbox(merged.sender, 'sender'),
    to: parseAddresses(merged.to, 'to'),
    cc: parseAddresses(merged.cc, 'cc'),
    replyTo: parseAddresses(merged.replyTo, 'replyTo'),
  };
  const bcc = parseAddresses(merged.bcc, 'bcc');
  const envelope = deriveEnvelope(merged, {
    from: (addresses.sender ?? addresses.from)?.address, to: addresses.to, cc: addresses.cc, bcc,
  });
  const { headers, messageId } = buildMessageHeaders(merged, addresses, custom, envelope.from, env);
  const root = buildBodyTree(merged, { policy, env });
  const omit = new Set(headers.map((h) => h.name.toLowerCase()).filter((n) => n === 'content-type' || n === 'content-transfer-encoding'));

  const renderInMemory = inMemoryRenderer(root, (options) => renderHeaders(headers, !!options.smtputf8), omit);
  return {
    envelope, messageId, ...(merged.dsn ? { dsn: merged.dsn } : {}), isRecomposable: isRecomposable(merged),
    compose: renderInMemory
      ? (options = {}) => inMemoryStream(() => renderInMemory(options))
      : streamOnce(merged, (options) => {
        const render = { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime };
        return renderWithHeaders(root, headers, render, omit);
      }),
    renderInMemory: renderInMemory ?? (() => undefined),
    measure: async (options = {}) => {
      const render = { smtputf8: !!options.smtputf8, eightBitMime: !!options.eightBitMime };
      return measureNode(root, render, renderHeaders(headers, render.smtputf8), omit);
    },
  };
}

async function* renderWithHeaders(root: MimeNode, headers: HeaderSpec[], render: { smtputf8: boolean; eightBitMime: boolean }, omit: Set<string>): AsyncGenerator<Buffer> {
  // Rendered here, inside the stream, so a header that cannot be written for this server
  // (a non-ASCII local part without SMTPUTF8) fails the stream with EMESSAGE rather than the caller.
  yield* renderNode(root, render, renderHeaders(headers, render.smtputf8), omit);
}

/**
 * Composes a message into RFC 5322 bytes, for `.eml` files, previews and tests. Assumes neither
 * SMTPUTF8 nor 8BITMIME unless told.
 * @throws SmtpError `EENVELOPE`, `EMESSAGE`, `EFILEACCESS` or `EURLACCESS` for a message that cannot be sent as
 * given, before any source is read; the stream fails with `ESTREAM` when a source fails.
 * @example
 * const { stream } = composeMessage({ from: 'a@example.com', to: 'b@example.com', subject: 'Hi', text: 'Hello' });
 * stream.pipe(createWriteStream('hello.eml'));
 */
export function composeMessage(
  message: MailMessage,
  defaults?: MailDefaults,
  options: ComposeOptions & AccessPolicy & ComposeEnvironment = {},
): {
  /** The SMTP envelope the message would be sent with. */
  envelope: Envelope;
  /** The `Message-ID`, angle brackets included. */
  messageId: string;
  /** The RFC 5322 bytes, produced as they are read. */
  stream: Readable;
} {
  const prepared = prepareMessage(message, defaults, options, options);
  return { envelope: prepared.envelope, messageId: prepared.messageId, stream: prepared.compose(options) };
}
