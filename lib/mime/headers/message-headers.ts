/** The top-level headers of a composed message (RFC 5322 §3.6), checked when the message is prepared. */
import { domainToASCII } from 'node:url';
import { SmtpError } from '../../core/errors.js';
import type { Mailbox, ParsedAddress } from '../addresses.js';
import { applyCustomHeaders } from './custom-headers.js';
import type { HeaderSpec } from './header-spec.js';
import { createMessageId, formatDate, normalizeMessageId, normalizeMessageIdList } from '../ids.js';
import type { ResolvedEnvironment } from '../ids.js';
import { listHeaders } from './list-headers.js';
import type { MailMessage } from '../message.interface.js';

/** The parsed address fields of a message. */
export interface MessageAddresses {
  from?: Mailbox;
  sender?: Mailbox;
  to: ParsedAddress[];
  cc: ParsedAddress[];
  replyTo: ParsedAddress[];
}

/** Headers with the Message-ID they carry. */
export interface MessageHeaders {
  headers: HeaderSpec[];
  messageId: string;
}

/** Labels of ASCII letters, digits and hyphens, the last starting with a letter (so never read as an IPv4 number). */
const PLAIN_DOMAIN = /^(?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*$/;

/** X-Priority, X-MSMail-Priority and Importance, the trio mail clients read. */
const PRIORITY: Record<string, [string, string, string]> = {
  high: ['1 (Highest)', 'High', 'High'],
  normal: ['3 (Normal)', 'Normal', 'Normal'],
  low: ['5 (Lowest)', 'Low', 'Low'],
};

function dateValue(date: MailMessage['date'], env: ResolvedEnvironment): string {
  if (date === undefined || date === null) return formatDate(env.now());
  const parsed = date instanceof Date ? date : new Date(String(date));
  if (Number.isNaN(parsed.getTime())) throw new SmtpError('EMESSAGE', `invalid date ${JSON.stringify(String(date))}`);
  return formatDate(parsed);
}

function priorityHeaders(priority: MailMessage['priority']): HeaderSpec[] {
  if (priority === undefined || priority === null) return [];
  const values = PRIORITY[String(priority).toLowerCase()];
  if (!values) throw new SmtpError('EMESSAGE', `invalid priority ${JSON.stringify(priority)}: use high, normal or low`);
  return [
    { name: 'X-Priority', kind: 'raw', value: values[0] },
    { name: 'X-MSMail-Priority', kind: 'raw', value: values[1] },
    { name: 'Importance', kind: 'raw', value: values[2] },
  ];
}

/** The domain for a generated Message-ID: the From (or envelope sender) domain in ASCII. */
function idDomain(addresses: MessageAddresses, envelopeFrom: string): string {
  const address = addresses.from?.address || envelopeFrom;
  const domain = address ? address.slice(address.lastIndexOf('@') + 1) : '';
  // A plain letters-digits-hyphens domain maps to itself in lower case; anything else takes the full (and costly)
  // UTS-46 mapping, which may also find it invalid ('').
  const ascii = PLAIN_DOMAIN.test(domain) && !/xn--/i.test(domain) ? domain.toLowerCase() : domainToASCII(domain);
  return ascii || domain || 'localhost';
}

function addressHeader(name: string, value: ParsedAddress[]): HeaderSpec[] {
  return value.length > 0 ? [{ name, kind: 'addresses', value }] : [];
}

function idHeaders(message: MailMessage): HeaderSpec[] {
  const out: HeaderSpec[] = [];
  if (message.inReplyTo !== undefined && message.inReplyTo !== null && message.inReplyTo !== '') {
    out.push({ name: 'In-Reply-To', kind: 'raw', value: normalizeMessageIdList(message.inReplyTo, 'inReplyTo').join(' ') });
  }
  if (message.references !== undefined && message.references !== null) {
    const ids = normalizeMessageIdList(message.references, 'references');
    if (ids.length > 0) out.push({ name: 'References', kind: 'raw', value: ids.join(' ') });
  }
  return out;
}

/** A Message-ID set through `headers` counts as the message's id, so it is checked like `messageId`. */
function customMessageId(custom: HeaderSpec[]): string | undefined {
  const spec = custom.find((h) => h.name.toLowerCase() === 'message-id');
  if (!spec || (spec.kind !== 'text' && spec.kind !== 'prepared')) return undefined;
  return normalizeMessageId(spec.value.trim(), 'Message-ID header');
}

/**
 * The message's header list, in the usual order, with custom headers applied over generated ones.
 * Bcc is never a header. MIME-Version is always present (RFC 2045 §4).
 * @throws SmtpError EMESSAGE for invalid ids, dates, priority or list values.
 */
export function buildMessageHeaders(
  message: MailMessage,
  addresses: MessageAddresses,
  custom: HeaderSpec[],
  envelopeFrom: string,
  env: ResolvedEnvironment,
): MessageHeaders {
  const fromCustom = customMessageId(custom);
  const messageId = fromCustom ?? (message.messageId ? normalizeMessageId(message.messageId, 'messageId') : createMessageId(env, idDomain(addresses, envelopeFrom)));
  const generated: HeaderSpec[] = [
    ...addressHeader('From', addresses.from ? [addresses.from] : []),
    ...addressHeader('Sender', addresses.sender ? [addresses.sender] : []),
    ...addressHeader('To', addresses.to),
    ...addressHeader('Cc', addresses.cc),
    ...addressHeader('Reply-To', addresses.replyTo),
    ...(message.subject === undefined || message.subject === null ? [] : [{ name: 'Subject', kind: 'text' as const, value: String(message.subject) }]),
    { name: 'Date', kind: 'raw', value: dateValue(message.date, env) },
    { name: 'Message-ID', kind: 'raw', value: messageId },
    ...idHeaders(message),
    ...priorityHeaders(message.priority),
    ...listHeaders(message.list),
  ];
  const customised = fromCustom
    ? custom.map((h): HeaderSpec => (h.name.toLowerCase() === 'message-id' ? { name: h.name, kind: 'raw', value: fromCustom } : h))
    : custom;
  const headers = applyCustomHeaders(generated, customised);
  if (!headers.some((h) => h.name.toLowerCase() === 'mime-version')) headers.push({ name: 'MIME-Version', kind: 'raw', value: '1.0' });
  return { headers, messageId };
}
