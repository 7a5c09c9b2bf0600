/** Test helper: reads a Readable (or bytes) to a Buffer and parses it with mailparser's simpleParser. */
import type { Readable } from 'node:stream';
import type { ParsedMail } from 'mailparser';
/** Every byte of a stream, in order. */
export declare function readAll(stream: Readable): Promise<Buffer>;
/** Parses a message (stream or bytes) the way a mail client would. */
export declare function parseMail(input: Readable | Buffer | string): Promise<ParsedMail>;
/** Text as mailparser reports it: line breaks as `\n`. */
export declare function lf(text: string): string;
