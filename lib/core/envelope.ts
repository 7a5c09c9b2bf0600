/** Envelope addresses: validated, never normalised, and converted for the wire (IDN, SMTPUTF8). */
import { domainToASCII, domainToUnicode } from 'node:url';
import { SmtpError } from './errors.js';
import { MAX_RECIPIENTS } from './limits.js';

/** RFC 5321 §4.5.3.1.1 and §4.5.3.1.2. */
const MAX_LOCAL_PART_OCTETS = 64;
const MAX_DOMAIN_OCTETS = 255;

/** The SMTP envelope of a composed message: bare addresses, bcc included, never shown in headers. */
export interface Envelope {
  /** MAIL FROM: a bare address, or `''` for the null sender. */
  from: string;
  /** RCPT TO: every recipient, bcc included, each once. */
  to: string[];
}

/** Delivery status notification request (nodemailer's shape, RFC 3461). */
export interface DsnOptions {
  /** The envelope id (`ENVID`) quoted back in the notifications. */
  id?: string;
  /** What a notification returns of the message (`RET`). */
  return?: 'headers' | 'full';
  /** When to notify (`NOTIFY`), for every recipient. */
  notify?: 'never' | 'success' | 'failure' | 'delay' | Array<'never' | 'success' | 'failure' | 'delay'>;
  /** The original recipient (`ORCPT`). */
  recipient?: string;
}

/**
 * Controls (C0, DEL, C1), and the Unicode line and paragraph separators. Any of these in a string that
 * reaches a command line could end the line early on some server, so they are refused, not stripped.
 */
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** RFC 5322 atext plus any non-ASCII (RFC 6531 extends atext with UTF-8). */
const DOT_ATOM_LOCAL = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+(?:\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uffff]+)*$/;
/** A quoted local part; `<` and `>` are refused even inside quotes, since some servers end the path there. */
const QUOTED_LOCAL = /^"(?:[\u0020\u0021\u0023-\u003b\u003d\u003f-\u005b\u005d-\u007e\u0080-\uffff]|\\[\u0020-\u003b\u003d\u003f-\u007e])*"$/;
const ASCII_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** Dot-separated labels, each 1-63 letters, digits and inner hyphens (RFC 1035 §2.3.1), checked in one pass. */
const ASCII_DOMAIN = new RegExp(`^${ASCII_LABEL}(?:\\.${ASCII_LABEL})*$`);
const ADDRESS_LITERAL = /^\[(?:\d{1,3}(?:\.\d{1,3}){3}|IPv6:[0-9A-Fa-f:.]+)\]$/;
const NON_ASCII = /[^\u0000-\u007f]/;

/** One envelope address split into its parts. */
export interface EnvelopeAddress {
  localPart: string;
  /** The domain as given (Unicode allowed). */
  domain: string;
  /** The domain in ASCII (punycode for IDN), for servers without SMTPUTF8. */
  asciiDomain: string;
  /** The local part has non-ASCII characters, so only SMTPUTF8 can carry it. */
  needsSmtpUtf8: boolean;
}

function refuse(address: string, why: string): never {
  throw new SmtpError('EENVELOPE', `invalid envelope address ${JSON.stringify(address)}: ${why}`);
}

/**
 * Parses and validates an envelope address (`local@domain`, no brackets, no display name).
 * @throws SmtpError EENVELOPE when the address could inject a command or is not a valid mailbox.
 */
export function parseEnvelopeAddress(address: string): EnvelopeAddress {
  if (typeof address !== 'string') refuse(String(address), 'not a string');
  if (FORBIDDEN_CHARACTERS.test(address)) refuse(address, 'control or line-separator characters');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) refuse(address, 'expected local@domain');
  const localPart = address.slice(0, at);
  const domain = address.slice(at + 1);

  if (!DOT_ATOM_LOCAL.test(localPart) && !QUOTED_LOCAL.test(localPart)) {
    refuse(address, 'the local part has characters that need quoting (space, <, >, @, comma, parentheses)');
  }
  // A leading dash reads as an option to a sendmail-style command line further down the chain.
  if (localPart.startsWith('-')) refuse(address, 'the local part may not start with "-"');
  if (Buffer.byteLength(localPart) > MAX_LOCAL_PART_OCTETS) refuse(address, 'local part longer than 64 octets');

  const asciiDomain = toAsciiDomain(address, domain);
  return { localPart, domain, asciiDomain, needsSmtpUtf8: NON_ASCII.test(localPart) };
}

function toAsciiDomain(address: string, domain: string): string {
  if (ADDRESS_LITERAL.test(domain)) return domain;
  // UTS-46 mapping (soft hyphens dropped, fullwidth dots folded) exactly as WHATWG URL does it.
  const ascii = NON_ASCII.test(domain) ? domainToASCII(domain) : domain;
  if (!ascii || ascii.length > MAX_DOMAIN_OCTETS || !ASCII_DOMAIN.test(ascii)) refuse(address, 'invalid domain');
  return ascii;
}

/**
 * The address as written in MAIL FROM / RCPT TO for this server.
 * @throws SmtpError EENVELOPE for a non-ASCII local part when the server lacks SMTPUTF8 (RFC 6531).
 */
export function formatEnvelopeAddress(address: string, smtpUtf8: boolean): string {
  if (address === '') return '';
  const parsed = parseEnvelopeAddress(address);
  if (parsed.needsSmtpUtf8 && !smtpUtf8) {
    refuse(address, 'a non-ASCII local part needs a server that offers SMTPUTF8');
  }
  const domain = smtpUtf8 && parsed.asciiDomain !== parsed.domain ? domainToUnicode(parsed.asciiDomain) : parsed.asciiDomain;
  return `${parsed.localPart}@${domain}`;
}

/** Whether any address of the envelope needs SMTPUTF8 on the wire. */
export function envelopeNeedsSmtpUtf8(envelope: Envelope): boolean {
  return [envelope.from, ...envelope.to].some((address) => address !== '' && parseEnvelopeAddress(address).needsSmtpUtf8);
}

/**
 * Checks a whole envelope before anything is sent: every address valid, at least one recipient,
 * at most {@link MAX_RECIPIENTS}.
 * @param check.areAddressesChecked each address already passed parseEnvelopeAddress (the composer parses every
 *   address it takes): only the shape and the counts are checked
 * @throws SmtpError EENVELOPE
 */
export function validateEnvelope(envelope: Envelope, check: { areAddressesChecked?: boolean } = {}): void {
  if (!envelope || typeof envelope.from !== 'string' || !Array.isArray(envelope.to)) {
    throw new SmtpError('EENVELOPE', 'the envelope needs a sender (from) and a list of recipients (to)');
  }
  if (envelope.to.length === 0) throw new SmtpError('EENVELOPE', 'no recipients defined');
  if (envelope.to.length > MAX_RECIPIENTS) {
    throw new SmtpError('EENVELOPE', `too many recipients: ${envelope.to.length} (at most ${MAX_RECIPIENTS} a message)`);
  }
  if (check.areAddressesChecked) return;
  if (envelope.from !== '') parseEnvelopeAddress(envelope.from);
  for (const recipient of envelope.to) parseEnvelopeAddress(recipient);
}
