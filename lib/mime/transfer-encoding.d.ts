/** Chooses a part's Content-Transfer-Encoding from its content and what the server takes (RFC 2045 §6). */
import type { ContentSource } from './content-sources.js';
/** A Content-Transfer-Encoding the composer writes. */
export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';
/** What a scan of known text content found. */
export interface TextProfile {
    isAscii: boolean;
    hasNul: boolean;
    longestLine: number;
    /** Octets of quoted-printable output, ignoring soft breaks. */
    qpOctets: number;
}
/** One linear pass over the content. */
export declare function profileText(data: Buffer): TextProfile;
/** How one leaf should be encoded, given its kind and what the session allows. */
export interface EncodingChoice {
    source: ContentSource;
    /** Body text (line breaks are normalised); attachments are bytes and stay byte-exact. */
    isText: boolean;
    /** The message's `textEncoding`, for text whose content is not plain 7bit. */
    preferred?: 'quoted-printable' | 'base64';
    eightBitMime: boolean;
}
/**
 * Text known in full: `7bit` when it is ASCII with short lines; `8bit` when the server offers
 * 8BITMIME and lines are short; else `textEncoding` or whichever of QP and base64 is smaller.
 * Text from a stream, file or URL cannot be scanned first, so it is QP (or `textEncoding`).
 * Attachments are base64, the only encoding that keeps any byte sequence exact.
 */
export declare function chooseTransferEncoding(choice: EncodingChoice): TransferEncoding;
