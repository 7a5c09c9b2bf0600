import { simpleParser } from 'mailparser';
/** Every byte of a stream, in order. */
export async function readAll(stream) {
    const chunks = [];
    for await (const chunk of stream)
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks);
}
/** Parses a message (stream or bytes) the way a mail client would. */
export async function parseMail(input) {
    const bytes = typeof input === 'string' || Buffer.isBuffer(input) ? input : await readAll(input);
    return simpleParser(bytes, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
}
/** Text as mailparser reports it: line breaks as `\n`. */
export function lf(text) {
    return text.replace(/\r\n|\r/g, '\n');
}
//# sourceMappingURL=parse-mail.js.map