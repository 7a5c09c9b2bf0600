/** Checks the body of POST /mail by hand and turns it into a MailMessage; a 400 names the field at fault. */
import { BadRequestException } from '@nestjs/common';
import type { MailMessage } from '../../lib/index.js';

/** The JSON `POST /mail` accepts. */
export interface MailRequest {
  to: string | string[];
  subject: string;
  text?: string;
  html?: string;
  cc?: string | string[];
  bcc?: string | string[];
  replyTo?: string | string[];
}

const ADDRESS_FIELDS = ['to', 'cc', 'bcc', 'replyTo'] as const;
const TEXT_FIELDS = ['subject', 'text', 'html'] as const;
const KNOWN_FIELDS = new Set<string>([...ADDRESS_FIELDS, ...TEXT_FIELDS]);
/** A rough shape check (`local@domain`, optionally `Name <local@domain>`); the engine does the strict one. */
const ADDRESS = /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const MAX_SUBJECT_CHARS = 998;

/** A 400 in Nest's usual shape, plus the name of the field at fault. */
export function badRequest(field: string, message: string): BadRequestException {
  const text = message.startsWith(`${field}:`) ? message : `${field}: ${message}`;
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: text, field });
}

function checkAddresses(field: string, value: unknown, required: boolean): string[] | undefined {
  if (value === undefined && !required) return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((entry) => typeof entry !== 'string')) {
    throw badRequest(field, 'expected an address or an array of addresses');
  }
  const addresses = (list as string[]).map((entry) => entry.trim());
  const bad = addresses.find((address) => !ADDRESS.test(address));
  if (bad !== undefined) throw badRequest(field, `${JSON.stringify(bad)} is not an email address`);
  return addresses;
}

function checkText(field: string, value: unknown, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && !value.trim())) throw badRequest(field, 'expected a non-empty string');
  return value;
}

/**
 * Validates a `POST /mail` body.
 * @throws BadRequestException naming the first field at fault.
 */
export function parseMailRequest(body: unknown): MailMessage {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('body', 'expected a JSON object { to, subject, text?, html?, cc?, bcc?, replyTo? }');
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).find((key) => !KNOWN_FIELDS.has(key));
  if (unknown !== undefined) throw badRequest(unknown, 'unknown field');
  const message: MailMessage = { to: checkAddresses('to', input.to, true) };
  for (const field of ['cc', 'bcc', 'replyTo'] as const) {
    const addresses = checkAddresses(field, input[field], false);
    if (addresses) message[field] = addresses;
  }
  message.subject = checkText('subject', input.subject, true);
  if (message.subject!.length > MAX_SUBJECT_CHARS) throw badRequest('subject', `longer than ${MAX_SUBJECT_CHARS} characters`);
  const text = checkText('text', input.text, false);
  const html = checkText('html', input.html, false);
  if (text !== undefined) message.text = text;
  if (html !== undefined) message.html = html;
  return message;
}

/** The request field holding the value an engine error quotes, so that a 400 from the engine names it too. */
export function fieldQuotedIn(errorMessage: string, body: Record<string, unknown>): string {
  for (const field of ADDRESS_FIELDS) {
    const value = body[field];
    const entries = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
    if (entries.some((entry) => typeof entry === 'string' && entry.trim() && errorMessage.includes(entry.trim()))) return field;
  }
  return 'to';
}

/** The body of POST /mail/welcome. */
export interface WelcomeRequest {
  to: string[];
  name: string;
}

/**
 * Checks a welcome request: `to` and a `name` of at most 100 characters.
 * @throws BadRequestException naming the field at fault.
 */
export function parseWelcomeRequest(body: unknown): WelcomeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('body', 'expected a JSON object { to, name }');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).find((key) => key !== 'to' && key !== 'name');
  if (unknown !== undefined) throw badRequest(unknown, 'unknown field');
  const to = checkAddresses('to', input.to, true) as string[];
  const name = checkText('name', input.name, true) as string;
  if (name.length > 100) throw badRequest('name', 'at most 100 characters');
  return { to, name };
}
