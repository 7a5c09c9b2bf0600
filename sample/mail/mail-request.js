/** Checks the body of POST /mail by hand and turns it into a MailMessage; a 400 names the field at fault. */
import { BadRequestException } from '@nestjs/common';
const ADDRESS_FIELDS = ['to', 'cc', 'bcc', 'replyTo'];
const TEXT_FIELDS = ['subject', 'text', 'html'];
const KNOWN_FIELDS = new Set([...ADDRESS_FIELDS, ...TEXT_FIELDS]);
/** A rough shape check (`local@domain`, optionally `Name <local@domain>`); the engine does the strict one. */
const ADDRESS = /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const MAX_SUBJECT_CHARS = 998;
/** A 400 in Nest's usual shape, plus the name of the field at fault. */
export function badRequest(field, message) {
    const text = message.startsWith(`${field}:`) ? message : `${field}: ${message}`;
    return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: text, field });
}
function checkAddresses(field, value, required) {
    if (value === undefined && !required)
        return undefined;
    const list = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(list) || list.length === 0 || list.some((entry) => typeof entry !== 'string')) {
        throw badRequest(field, 'expected an address or an array of addresses');
    }
    const addresses = list.map((entry) => entry.trim());
    const bad = addresses.find((address) => !ADDRESS.test(address));
    if (bad !== undefined)
        throw badRequest(field, `${JSON.stringify(bad)} is not an email address`);
    return addresses;
}
function checkText(field, value, required) {
    if (value === undefined && !required)
        return undefined;
    if (typeof value !== 'string' || (required && !value.trim()))
        throw badRequest(field, 'expected a non-empty string');
    return value;
}
/**
 * Validates a `POST /mail` body.
 * @throws BadRequestException naming the first field at fault.
 */
export function parseMailRequest(body) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw badRequest('body', 'expected a JSON object { to, subject, text?, html?, cc?, bcc?, replyTo? }');
    }
    const input = body;
    const unknown = Object.keys(input).find((key) => !KNOWN_FIELDS.has(key));
    if (unknown !== undefined)
        throw badRequest(unknown, 'unknown field');
    const message = { to: checkAddresses('to', input.to, true) };
    for (const field of ['cc', 'bcc', 'replyTo']) {
        const addresses = checkAddresses(field, input[field], false);
        if (addresses)
            message[field] = addresses;
    }
    message.subject = checkText('subject', input.subject, true);
    if (message.subject.length > MAX_SUBJECT_CHARS)
        throw badRequest('subject', `longer than ${MAX_SUBJECT_CHARS} characters`);
    const text = checkText('text', input.text, false);
    const html = checkText('html', input.html, false);
    if (text !== undefined)
        message.text = text;
    if (html !== undefined)
        message.html = html;
    return message;
}
/** The request field holding the value an engine error quotes, so that a 400 from the engine names it too. */
export function fieldQuotedIn(errorMessage, body) {
    for (const field of ADDRESS_FIELDS) {
        const value = body[field];
        const entries = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [];
        if (entries.some((entry) => typeof entry === 'string' && entry.trim() && errorMessage.includes(entry.trim())))
            return field;
    }
    return 'to';
}
//# sourceMappingURL=mail-request.js.map