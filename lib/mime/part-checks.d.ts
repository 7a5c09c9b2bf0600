import type { TransferEncoding } from './transfer-encoding.js';
/**
 * A caller's Content-Type value, checked so it cannot break the header.
 * @throws SmtpError EMESSAGE
 */
export declare function checkContentType(value: unknown, what: string): string;
/**
 * A caller's transfer encoding, or undefined to choose one.
 * @throws SmtpError EMESSAGE for an unknown value.
 */
export declare function checkTransferEncoding(value: unknown, what: string): TransferEncoding | false | undefined;
