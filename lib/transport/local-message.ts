/** Compose, validate and read back a message with no server: what every local (in-process) transport shares. */
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { toSmtpError } from '../core/errors.js';
import type { Envelope } from '../core/envelope.js';
import type { ComposeEnvironment, ComposeOptions } from '../mime/compose.js';
import { createSignedBody } from '../mime/dkim/dkim-body.js';
import type { MailDefaults, MailMessage } from '../mime/message.interface.js';
import { readMessage } from '../mime/read/read-message.js';
import type { ReadMessage } from '../mime/read/read-message.js';
import type { ResolvedSmtpOptions } from './options.js';
import { prepareWithPolicy } from './recipient-policy.js';
import type { TemplateUse } from './template-renderer.js';

/**
 * Local transports compose for a server offering neither SMTPUTF8 nor 8BITMIME, the strictest case: a message
 * that passes here passes on any server, and bad input fails with the codes a real send would give.
 */
const STRICTEST: ComposeOptions = { smtputf8: false, eightBitMime: false };

/** A message composed in full and parsed back the way a mail client would. */
export interface ReadBackMessage {
  /** Every byte of the message, CRLF line endings, as it would follow DATA (not dot-stuffed). */
  raw: Buffer;
  read: ReadMessage;
}

/** A checked message for a local transport: its envelope and id now, its bytes on demand. */
export interface LocalMessage {
  envelope: Envelope;
  /** With angle brackets; empty for a `raw` message without one. */
  messageId: string;
  /** The template the message was rendered from, if any. */
  template?: TemplateUse;
  /**
   * The message bytes, DKIM-signed when the transport has `dkim`. Call once.
   * The stream fails with ESTREAM (or the composer's own code) when a content source fails.
   */
  compose(): Readable;
  /** `compose()` read to the end and parsed. Call instead of `compose()`, once. @throws SmtpError ESTREAM / EMESSAGE */
  readBack(): Promise<ReadBackMessage>;
}

/**
 * Checks a message as `SmtpTransport.sendMail` does before connecting (defaults merged, `redirectTo` and
 * `allowRecipients` applied, file and URL access policy, envelope), without composing it yet.
 * @throws SmtpError EENVELOPE / EMESSAGE / EFILEACCESS / EURLACCESS, as a real send would, before anything is written.
 */
export function prepareLocalMessage(
  message: MailMessage,
  defaults: MailDefaults | undefined,
  options: ResolvedSmtpOptions,
  environment?: ComposeEnvironment,
  template?: TemplateUse,
): LocalMessage {
  const access = { disableFileAccess: options.disableFileAccess, disableUrlAccess: options.disableUrlAccess };
  let prepared;
  try {
    prepared = prepareWithPolicy(message, defaults, options, access, environment);
  } catch (err) {
    throw toSmtpError(err, 'EMESSAGE');
  }
  const compose = (): Readable => (options.dkim?.length ? createSignedBody(prepared, STRICTEST, options.dkim) : prepared.compose(STRICTEST));
  return {
    envelope: prepared.envelope,
    messageId: prepared.messageId,
    ...(template && { template }),
    compose,
    readBack: async () => {
      const raw = await buffer(compose()).catch((err: unknown) => {
        throw toSmtpError(err, 'ESTREAM');
      });
      return { raw, read: readMessage(raw) };
    },
  };
}
