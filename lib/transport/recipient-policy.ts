/** Staging safety for every transport: `redirectTo` rewrites who gets a message, `allowRecipients` refuses the rest. */
import { SmtpError } from '../core/errors.js';
import { parseEnvelopeAddress } from '../core/envelope.js';
import type { Envelope } from '../core/envelope.js';
import { flattenAddresses, formatAddressList, parseAddresses } from '../mime/addresses.js';
import { prepareMessage } from '../mime/compose.js';
import type { AccessPolicy, ComposeEnvironment, PreparedMessage } from '../mime/compose.js';
import type { AddressInput, HeadersInput, MailDefaults, MailMessage } from '../mime/message.interface.js';

/** The two options as given: a list, or one string of comma-separated entries (the form a URL query gives). */
export interface RecipientPolicyOptions {
  /** Every message goes to these addresses instead of its own recipients; the originals are kept in `X-Original-*` headers. */
  redirectTo?: string | string[];
  /** Recipients a message may have: addresses, or `@domain` for a whole domain; any other recipient fails with EENVELOPE. */
  allowRecipients?: string | string[];
}

/** The policy after validation: bare addresses, and allow-list entries in lower case with ASCII domains. */
export interface RecipientPolicy {
  readonly redirectTo?: readonly string[];
  readonly allowRecipients?: readonly string[];
}

function invalid(option: string, why: string): never {
  throw new SmtpError('ECONFIG', `invalid option ${option}: ${why}`);
}

function entriesOf(option: string, value: string | string[]): string[] {
  if (typeof value !== 'string' && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
    invalid(option, 'expected an address, a comma-separated list, or an array of them');
  }
  const entries = [value].flat().flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  if (entries.length === 0) invalid(option, 'expected at least one address');
  return entries;
}

/** `ann@x.test` as `ann@x.test`, `Ann@Bücher.example` as `ann@xn--bcher-kva.example`: the form entries are compared in. */
function comparable(address: string): string {
  const parsed = parseEnvelopeAddress(address);
  return `${parsed.localPart}@${parsed.asciiDomain}`.toLowerCase();
}

function checkAddress(option: string, address: string): string {
  try {
    return comparable(address);
  } catch (err) {
    // A `+` in a URL query arrives as a space (form encoding): the usual cause of an address with a space.
    const hint = address.includes(' ') ? ' (in a URL, write + as %2B)' : '';
    return invalid(option, `${JSON.stringify(address)} is not a bare address (local@domain)${hint}: ${(err as Error).message}`);
  }
}

function allowEntry(entry: string): string {
  if (!entry.startsWith('@')) return checkAddress('allowRecipients', entry);
  // A domain is checked as the domain of an address would be.
  return '@' + checkAddress('allowRecipients', `postmaster${entry}`).slice('postmaster@'.length);
}

/** Whether the allow-list admits `address` (exact address, or its domain as `@domain`; case-insensitive). */
function isAllowed(allow: readonly string[], address: string): boolean {
  const key = comparable(address);
  return allow.includes(key) || allow.includes(key.slice(key.lastIndexOf('@')));
}

/**
 * Checks `redirectTo` and `allowRecipients` and returns them normalised; undefined when neither is set.
 * Redirect targets the allow-list would refuse are a configuration error, not a failure at every send.
 * @throws SmtpError ECONFIG naming the option and the entry at fault.
 */
export function resolveRecipientPolicy(options: RecipientPolicyOptions): RecipientPolicy | undefined {
  const redirectTo = options.redirectTo === undefined ? undefined : entriesOf('redirectTo', options.redirectTo);
  const allowRecipients = options.allowRecipients === undefined ? undefined : entriesOf('allowRecipients', options.allowRecipients).map(allowEntry);
  if (!redirectTo && !allowRecipients) return undefined;
  for (const address of redirectTo ?? []) checkAddress('redirectTo', address);
  const refused = allowRecipients ? (redirectTo ?? []).filter((address) => !isAllowed(allowRecipients, address)) : [];
  if (refused.length > 0) invalid('redirectTo', `${refused.join(', ')} is not admitted by allowRecipients`);
  return Object.freeze({
    ...(redirectTo && { redirectTo: Object.freeze(redirectTo) }),
    ...(allowRecipients && { allowRecipients: Object.freeze([...new Set(allowRecipients)]) }),
  });
}

/** A field of the message over the defaults, as the composer merges them (an undefined field takes the default's). */
function merged<K extends keyof MailMessage>(message: MailMessage, defaults: MailDefaults | undefined, key: K): MailMessage[K] {
  return message[key] !== undefined ? message[key] : defaults?.[key];
}

/** The message's headers with `extra` added, in the form they were given (a list, or an object). */
function withHeaders(headers: HeadersInput | undefined, extra: Array<{ key: string; value: string }>): HeadersInput {
  if (Array.isArray(headers)) return [...headers, ...extra];
  return { ...(headers ?? {}), ...Object.fromEntries(extra.map(({ key, value }) => [key, value])) };
}

/**
 * The message as it goes out under `redirectTo`: the envelope goes to the redirect targets only, To becomes them,
 * Cc and Bcc are emptied, and the original To, Cc and Bcc are kept in `X-Original-To`, `X-Original-Cc` and
 * `X-Original-Bcc`. Bcc appears in a header here on purpose: the message reaches the redirect targets only, who
 * are the people meant to see where it would have gone. A `raw` message keeps its bytes; only its envelope changes.
 */
function redirect(message: MailMessage, defaults: MailDefaults | undefined, targets: readonly string[]): MailMessage {
  const to = [...targets];
  // An explicit envelope keeps its sender; its recipients go the way of the others.
  const envelope = { from: merged(message, defaults, 'envelope')?.from, to };
  const raw = merged(message, defaults, 'raw');
  if (raw !== undefined && raw !== null) return { ...message, envelope };
  const originals: Array<{ key: string; value: string }> = [];
  for (const [field, key] of [['to', 'X-Original-To'], ['cc', 'X-Original-Cc'], ['bcc', 'X-Original-Bcc']] as const) {
    const list = parseAddresses(merged(message, defaults, field) as AddressInput | undefined, field);
    // Unicode kept as is: the value is unstructured text, which the composer encodes as the server needs.
    if (flattenAddresses(list).length > 0) originals.push({ key, value: formatAddressList(list, true) });
  }
  return { ...message, envelope, to, cc: [], bcc: [], headers: withHeaders(message.headers, originals) };
}

function refuseRecipients(envelope: Envelope, allow: readonly string[]): void {
  const refused = envelope.to.filter((address) => !isAllowed(allow, address));
  if (refused.length === 0) return;
  throw new SmtpError('EENVELOPE', `recipient ${refused.join(', ')} not admitted by allowRecipients (${allow.join(', ')}); nothing was sent`, {
    rejected: refused,
  });
}

/**
 * Checks a message for sending with the transport's recipient policy applied: the redirect first (so the
 * composer builds the redirected headers), then the allow-list on the final envelope. Everything is refused
 * before a connection opens or anything is written.
 * @throws SmtpError as `prepareMessage`, and EENVELOPE (with `rejected`) for a recipient the allow-list refuses.
 */
export function prepareWithPolicy(
  message: MailMessage,
  defaults: MailDefaults | undefined,
  policy: RecipientPolicy | undefined,
  access?: AccessPolicy,
  environment?: ComposeEnvironment,
): PreparedMessage {
  if (!policy?.redirectTo) return checkAllowed(prepareMessage(message, defaults, access, environment), policy);
  // The message as written passes every check of a real send first, so that a mistake such as a message with
  // no recipient stays an error under redirectTo instead of reaching the redirect targets. Nothing is read here.
  prepareMessage(message, defaults, access, environment);
  return checkAllowed(prepareMessage(redirect(message, defaults, policy.redirectTo), defaults, access, environment), policy);
}

function checkAllowed(prepared: PreparedMessage, policy: RecipientPolicy | undefined): PreparedMessage {
  if (policy?.allowRecipients) refuseRecipients(prepared.envelope, policy.allowRecipients);
  return prepared;
}
