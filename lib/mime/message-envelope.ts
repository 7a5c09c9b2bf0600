/** The SMTP envelope of a message: from `envelope` where given, else from the address headers. */
import { SmtpError } from '../core/errors.js';
import { validateEnvelope } from '../core/envelope.js';
import { flattenAddresses, parseAddresses } from './addresses.js';
import type { ParsedAddress } from './addresses.js';
import type { AddressObject, MailMessage } from './message.interface.js';
import type { Envelope } from '../core/envelope.js';

/** The address lists a message's envelope is derived from. */
export interface EnvelopeSources {
  from?: string;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  bcc: ParsedAddress[];
}

function firstAddress(list: ParsedAddress[]): string | undefined {
  return flattenAddresses(list)[0]?.address;
}

/** Bare addresses in order, each once (a repeated recipient would get the message twice). */
function uniqueAddresses(lists: ParsedAddress[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const list of lists) {
    for (const { address } of flattenAddresses(list)) {
      if (!seen.has(address)) {
        seen.add(address);
        out.push(address);
      }
    }
  }
  return out;
}

/**
 * The envelope: `envelope.from` (false for the null sender `<>`), else Sender, else From; recipients
 * from `envelope.to/cc/bcc` when the envelope names any, else To, Cc and Bcc; each address once.
 * @throws SmtpError EENVELOPE for a bad address, no recipients, or more than 100,000 recipients.
 */
export function deriveEnvelope(message: MailMessage, headers: EnvelopeSources): Envelope {
  const given = message.envelope;
  if (given !== undefined && given !== null && typeof given !== 'object') {
    throw new SmtpError('EENVELOPE', 'envelope must be an object { from, to, cc, bcc }');
  }
  let from: string;
  if (given && given.from === false) from = '';
  else if (given && given.from !== undefined && given.from !== null && given.from !== '') {
    from = firstAddress(parseAddresses(given.from as string | AddressObject, 'envelope.from')) ?? '';
  } else from = headers.from ?? '';

  const hasRecipients = given && [given.to, given.cc, given.bcc].some((v) => v !== undefined && v !== null && v !== '');
  const lists = hasRecipients
    ? [parseAddresses(given.to, 'envelope.to'), parseAddresses(given.cc, 'envelope.cc'), parseAddresses(given.bcc, 'envelope.bcc')]
    : [headers.to, headers.cc, headers.bcc];
  const envelope: Envelope = { from, to: uniqueAddresses(lists) };
  // Every address here came through parseAddresses, which checked each one with the envelope rules.
  validateEnvelope(envelope, { areAddressesChecked: true });
  return envelope;
}
