/** Test helper: reads a Readable (or bytes) to a Buffer and parses it with mailparser's simpleParser. */
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

/** Every byte of a stream, in order. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Parses a message (stream or bytes) the way a mail client would. */
export async function parseMail(input: Readable | Buffer | string): Promise<ParsedMail> {
  const bytes = typeof input === 'string' || Buffer.isBuffer(input) ? input : await readAll(input);
  return simpleParser(bytes, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, keepCidLinks: true });
}

/** Text as mailparser reports it: line breaks as `\n`. */
export function lf(text: string): string {
  return text.replace(/\r\n|\r/g, '\n');
}
