/** What an outbox job holds: the message composed at enqueue (raw bytes and envelope), bounded in size. */
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { SmtpError, toSmtpError } from '../core/errors.js';
import type { MailDefaults, MailMessage } from '../mime/message.interface.js';
import type { DsnOptions, Envelope } from '../core/envelope.js';
import type { ComposeOptions } from '../mime/compose.js';
import { prepareWithPolicy } from '../transport/recipient-policy.js';
import { applyTemplate, type SendableMessage } from '../transport/template-renderer.js';
import type { MailTransport } from '../transport/mail-transport.js';

/**
 * Composed for a server offering neither SMTPUTF8 nor 8BITMIME: the bytes are fixed before anyone knows which
 * server will take them, so they must suit every server (as the local transports compose).
 */
const STRICTEST: ComposeOptions = { smtputf8: false, eightBitMime: false };

/**
 * The job data (JSON). Version 2 holds a message of 7-bit bytes (what composing for the strictest server gives)
 * as text; any other message, such as a `raw` one with 8-bit bytes, as base64. Version 1 (base64 always) is what
 * earlier releases wrote; workers still read it. The Message-ID comes first, where it is cheapest to find.
 */
export type OutboxPayload = OutboxPayloadText | OutboxPayloadBase64;

/** What every payload version holds besides the bytes. */
interface PayloadFields {
  /** With angle brackets; empty for a `raw` message without a Message-ID. */
  messageId: string;
  envelope: Envelope;
  dsn?: DsnOptions;
  /** Length of the message, in bytes. */
  size: number;
}

/** A message of 7-bit bytes, kept as text: no base64 over bodies that are base64 or quoted-printable already. */
export interface OutboxPayloadText extends PayloadFields {
  /** Format version of this object. */
  v: 2;
  /** The message as it follows DATA (CRLF line ends, not dot-stuffed); every character below U+0080. */
  text: string;
}

/** Any message, as base64 (version 1). */
export interface OutboxPayloadBase64 extends PayloadFields {
  /** Format version of this object. */
  v: 1;
  /** The message as it follows DATA (CRLF line ends, not dot-stuffed), base64. */
  raw: string;
}

/** What composing needs of the mailer. */
export interface PayloadSource {
  transport: MailTransport;
  defaults?: MailDefaults;
  maxMessageBytes: number;
  /** Random bytes for Message-IDs and boundaries: one pool per outbox, not one refill per message. */
  randomBytes: (size: number) => Buffer;
}

function tooLarge(max: number): SmtpError {
  return new SmtpError('EMESSAGE', `the message is larger than the outbox limit of ${max} bytes (queue option maxMessageBytes); nothing was queued`);
}

/** A message rendered in memory as one Buffer, refused past `max` bytes. */
function boundedConcat(chunks: Buffer[], max: number): Buffer {
  const size = chunks.reduce((total, chunk) => total + chunk.length, 0);
  if (size > max) throw tooLarge(max);
  return Buffer.concat(chunks, size);
}

/** Reads a composed message to the end, refusing it past `max` bytes. */
async function readBounded(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) {
        stream.destroy();
        throw tooLarge(max);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    throw toSmtpError(err, 'ESTREAM');
  }
  return Buffer.concat(chunks, size);
}

/**
 * Renders the template (if any), checks the message as a send would (defaults, recipient policy, file and
 * URL access) and composes it to bytes, reading every attachment, file and stream into the payload.
 * @throws SmtpError ETEMPLATE / EENVELOPE / EMESSAGE / EFILEACCESS / EURLACCESS / ESTREAM, as a send would,
 *   and EMESSAGE past `maxMessageBytes`; nothing is queued then.
 */
export async function composePayload(request: SendableMessage, source: PayloadSource): Promise<OutboxPayload> {
  const { transport } = source;
  const { message } = await applyTemplate(request, transport.options.templates);
  const access = { disableFileAccess: transport.options.disableFileAccess, disableUrlAccess: transport.options.disableUrlAccess };
  let prepared;
  try {
    prepared = prepareWithPolicy(message, source.defaults, transport.options, access, { randomBytes: source.randomBytes });
  } catch (err) {
    throw toSmtpError(err, 'EMESSAGE');
  }
  // Content held in memory renders at once; files, URLs and streams are read through the composer's stream.
  const rendered = prepared.renderInMemory(STRICTEST);
  const raw = rendered ? boundedConcat(rendered, source.maxMessageBytes) : await readBounded(prepared.compose(STRICTEST), source.maxMessageBytes);
  const fields: PayloadFields = {
    messageId: prepared.messageId,
    envelope: { from: prepared.envelope.from, to: [...prepared.envelope.to] },
    ...(prepared.dsn && { dsn: prepared.dsn }),
    size: raw.length,
  };
  // Latin-1 maps each byte below 0x80 to the same character, so the text holds the exact bytes.
  return isAscii(raw) ? { v: 2, ...fields, text: raw.toString('latin1') } : { v: 1, ...fields, raw: raw.toString('base64') };
}

/**
 * The message a worker sends for a payload: the stored bytes and envelope as they are.
 * @throws SmtpError EMESSAGE for job data that is not an outbox payload (written by something else).
 */
export function payloadMessage(payload: unknown): MailMessage {
  const data = payload as (Partial<Omit<OutboxPayloadText, 'v'> & Omit<OutboxPayloadBase64, 'v'>> & { v?: unknown }) | null;
  const raw = data?.v === 2 && typeof data.text === 'string' ? Buffer.from(data.text, 'latin1')
    : data?.v === 1 && typeof data.raw === 'string' ? Buffer.from(data.raw, 'base64')
      : undefined;
  if (!data || !raw || !data.envelope || !Array.isArray(data.envelope.to)) {
    throw new SmtpError('EMESSAGE', 'the job holds no outbox message (unknown data format); it was not sent');
  }
  return {
    raw,
    // An empty MAIL FROM is the null sender (bounces and other DSNs).
    envelope: { from: data.envelope.from === '' ? false : data.envelope.from, to: data.envelope.to },
    ...(data.dsn && { dsn: data.dsn }),
  };
}
