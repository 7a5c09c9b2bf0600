/** SIZE (RFC 1870) on the client side: the message's size when known before sending, checked against the server's limit. */
import { SmtpError, toSmtpError } from '../core/errors.js';
import type { BodyReader } from './body-reader.js';
import type { Capabilities } from './capabilities.js';

/** What the transaction asks of a message to learn its size before reading it. */
export interface SizedRequest {
  /** The exact body size in octets for this context (CRLF line ends, before dot-stuffing), or undefined when unknown. */
  measureBody?(context: { smtputf8: boolean; eightBitMime: boolean }): Promise<number | undefined>;
}

/**
 * The body's exact size before any of it is read, when the server offers SIZE: counted when it was given whole in
 * memory, else measured by the request; undefined for a body of unknown length (a stream, a URL), which goes
 * without SIZE. A size over the server's advertised limit fails here, before MAIL, with nothing sent: the server
 * would refuse it anyway, but only after the whole body had crossed the wire (Postfix and Exim check at MAIL only
 * the size they are told).
 * @throws SmtpError EMESSAGE (phase `mail`) over the limit, or as measuring failed (EMESSAGE where composing would).
 */
export async function knownBodySize(
  caps: Capabilities,
  request: SizedRequest,
  body: BodyReader,
  context: { smtputf8: boolean; eightBitMime: boolean },
): Promise<number | undefined> {
  // Without SIZE there is nothing to declare or check: a stat or a scan of the content would be wasted.
  if (caps.maxSize === undefined) return body.messageBytes;
  let size: number | undefined;
  try {
    size = body.messageBytes ?? (await request.measureBody?.(context));
  } catch (err) {
    const failure = toSmtpError(err, 'ESTREAM', { phase: 'mail' });
    throw failure.phase === undefined ? failure.with({ phase: 'mail' }) : failure;
  }
  checkSizeLimit(caps, size);
  return size;
}

/**
 * Refuses a message of known size over the server's advertised SIZE limit (RFC 1870 §4: such a message is
 * refused with 552); a server advertising `SIZE` without a limit, or `SIZE 0`, sets none.
 * @throws SmtpError EMESSAGE (phase `mail`, `delivery: 'not-sent'`).
 */
export function checkSizeLimit(caps: Capabilities, size: number | undefined): void {
  if (size === undefined || !caps.maxSize || size <= caps.maxSize) return;
  throw new SmtpError('EMESSAGE', `message of ${size} bytes exceeds the server's SIZE limit of ${caps.maxSize}; nothing was sent`, { phase: 'mail' });
}
