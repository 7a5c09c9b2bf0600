/** Address inputs to mailboxes, and mailboxes to header text (RFC 5322 §3.4, RFC 2047 §5, RFC 6532). */
import { domainToASCII, domainToUnicode } from 'node:url';
import { SmtpError } from '../core/errors.js';
import { parseEnvelopeAddress } from '../core/envelope.js';
import { MAX_RECIPIENTS } from '../core/limits.js';
import type { AddressInput, AddressObject } from './message.interface.js';
import { parseAddressList } from './address-parser.js';
import type { Mailbox, ParsedAddress } from './address-parser.js';
import { encodeWords } from './headers/encoded-words.js';

export type { Mailbox, MailboxGroup, ParsedAddress } from './address-parser.js';

/** A plain `local@domain` with nothing to parse: the common case, taken without the full parser. */
const BARE_ADDRESS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9.-]+$/;

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === 'object' && value !== null && typeof (value as AddressObject).address === 'string';
}

/**
 * Every accepted form (`'Name <a@b.c>'`, `{ name, address }`, comma lists, arrays of these) as a
 * list of mailboxes and groups. Addresses are checked with the envelope rules, so an address that
 * could not be sent (control characters, unquoted spaces, `<>`) fails here, before anything connects.
 * @throws SmtpError EENVELOPE
 */
export function parseAddresses(input: AddressInput | undefined | null, field: string): ParsedAddress[] {
  if (input === undefined || input === null || input === '') return [];
  const items = Array.isArray(input) ? input : [input];
  const out: ParsedAddress[] = [];
  for (const item of items) {
    if (typeof item === 'string' && BARE_ADDRESS.test(item)) {
      out.push({ name: '', address: item });
    } else if (typeof item === 'string') {
      for (const parsed of parseAddressList(item)) out.push(parsed);
    } else if (isAddressObject(item)) {
      const name = item.name === undefined || item.name === null ? '' : String(item.name);
      out.push({ name, address: item.address });
    } else {
      throw new SmtpError('EENVELOPE', `invalid ${field} address: expected a string or { name, address }`);
    }
  }
  const mailboxes = flattenAddresses(out);
  // Refuse an oversized list before checking each address, so a huge list fails fast (docs/reliability.md B30).
  if (mailboxes.length > MAX_RECIPIENTS && new Set(mailboxes.map((m) => m.address)).size > MAX_RECIPIENTS) {
    throw new SmtpError('EENVELOPE', `too many addresses in ${field}: at most ${MAX_RECIPIENTS} recipients a message`);
  }
  for (const mailbox of mailboxes) checkAddress(mailbox.address, field);
  return out;
}

function checkAddress(address: string, field: string): void {
  try {
    parseEnvelopeAddress(address);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SmtpError('EENVELOPE', `${field}: ${why}`, { cause: err });
  }
}

/** The mailboxes of a list, groups opened up, in order. */
export function flattenAddresses(list: ParsedAddress[]): Mailbox[] {
  const out: Mailbox[] = [];
  for (const item of list) {
    if ('group' in item) for (const member of item.group) out.push(member);
    else out.push(item);
  }
  return out;
}

/** RFC 5322 §3.2.3 atext plus space (and UTF-8, RFC 6532 §3.2): a display name made of these needs no quoting. */
const PLAIN_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ \u0080-\uffff]+$/;
const NON_ASCII = /[^\u0000-\u007f]/;
const UNSAFE = /[\u0000-\u001f\u007f\u2028\u2029]/;

/**
 * A display name as a phrase: bare when it is atext, a quoted string (with `"` and `\` escaped,
 * RFC 5322 §3.2.4) when it is other printable text, RFC 2047 encoded words when it has line breaks,
 * controls, `=?`, or non-ASCII without SMTPUTF8.
 */
export function formatPhrase(name: string, smtpUtf8: boolean): string {
  const mustEncode = UNSAFE.test(name) || name.includes('=?') || /[^ ]{200,}/.test(name) || (!smtpUtf8 && NON_ASCII.test(name));
  if (mustEncode) return encodeWords(name).join(' ');
  if (PLAIN_PHRASE.test(name) && !name.startsWith(' ') && !name.endsWith(' ') && !name.includes('  ')) return name;
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * An address for a header. IDN domains go through UTS-46 (`node:url` domainToASCII, as the envelope
 * does, so soft hyphens and fullwidth dots fold the same way) and are written in punycode, or, when
 * the message goes out with SMTPUTF8 (RFC 6532), in Unicode.
 * @throws SmtpError EMESSAGE for a non-ASCII local part without SMTPUTF8: no encoding exists for it.
 */
export function formatHeaderAddress(address: string, smtpUtf8: boolean): string {
  if (!NON_ASCII.test(address)) return address;
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const ascii = NON_ASCII.test(domain) ? domainToASCII(domain) || domain : domain;
  if (smtpUtf8) return `${local}@${ascii === domain ? domain : domainToUnicode(ascii) || domain}`;
  if (NON_ASCII.test(local)) {
    throw new SmtpError('EMESSAGE', `the address ${JSON.stringify(address)} has a non-ASCII local part, which needs a server that offers SMTPUTF8`);
  }
  return `${local}@${ascii}`;
}

/** One mailbox as header text: `Name <a@b.c>` or `a@b.c`. */
export function formatMailbox(mailbox: Mailbox, smtpUtf8: boolean): string {
  const address = formatHeaderAddress(mailbox.address, smtpUtf8);
  return mailbox.name ? `${formatPhrase(mailbox.name, smtpUtf8)} <${address}>` : address;
}

/** An address list as a header value, groups kept (`Team: a@b.c, d@e.f;`). */
export function formatAddressList(list: ParsedAddress[], smtpUtf8: boolean): string {
  return list
    .map((item) =>
      'group' in item
        ? `${formatPhrase(item.name || 'undisclosed-recipients', smtpUtf8)}: ${item.group.map((m) => formatMailbox(m, smtpUtf8)).join(', ')};`
        : formatMailbox(item, smtpUtf8),
    )
    .join(', ');
}
