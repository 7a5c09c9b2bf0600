/** Traces each sendMail on the send channel: what is known of the message and how it ended, never who or what. */
import type { Envelope } from '../../core/envelope.js';
import type { SentMessageInfo } from '../mail-transport.js';
import type { ResolvedSmtpOptions } from '../options.js';
import { sendChannel, type SmtpSendEvent, type SmtpServerTarget } from './channels.js';
import { tracePromise, type PayloadDescriber } from './trace-promise.js';

/** The transport's server, as the payloads name it. */
export function serverTarget(options: ResolvedSmtpOptions): SmtpServerTarget {
  return { transport: 'smtp', host: options.host, port: options.port, secure: options.secure, pooled: options.pool };
}

const describeSend: PayloadDescriber<SmtpSendEvent, SentMessageInfo> = {
  result(payload, info) {
    payload.size = info.messageSize;
    payload.accepted = info.accepted.length;
    payload.rejected = info.rejected.length;
    const responseCode = Number.parseInt(info.response.slice(0, 3), 10);
    if (Number.isInteger(responseCode)) payload.responseCode = responseCode;
  },
  failure(payload, err) {
    payload.delivery = err.delivery;
  },
};

/**
 * Runs one send, traced on the send channel when anyone subscribes; otherwise runs it as it is, without
 * building a payload. `send` gets the payload to fill in as the message is prepared and sent.
 */
export function traceSend(options: ResolvedSmtpOptions, send: (payload?: SmtpSendEvent) => Promise<SentMessageInfo>): Promise<SentMessageInfo> {
  if (!sendChannel.hasSubscribers) return send();
  const payload: SmtpSendEvent = serverTarget(options);
  return tracePromise(sendChannel, payload, () => send(payload), describeSend);
}

/** Records what a prepared message may tell: its Message-ID, how many recipients, and their domains. */
export function describeMessage(payload: SmtpSendEvent, messageId: string, envelope: Envelope): void {
  payload.messageId = messageId;
  payload.recipientCount = envelope.to.length;
  payload.recipientDomains = uniqueDomains(envelope.to);
  payload.attempts = 0;
}

/** Records one transaction tried for the message, and whether it sends the content with BDAT. */
export function describeAttempt(payload: SmtpSendEvent, usesBdat: boolean): void {
  payload.attempts = (payload.attempts ?? 0) + 1;
  payload.bdat = usesBdat;
}

/** The domain of each address (after its last `@`), lower-cased, each once; the local parts are dropped. */
function uniqueDomains(addresses: readonly string[]): string[] {
  const domains = new Set<string>();
  for (const address of addresses) domains.add(address.slice(address.lastIndexOf('@') + 1).toLowerCase());
  return [...domains];
}
