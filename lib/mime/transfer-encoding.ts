/** Chooses a part's Content-Transfer-Encoding from its content and what the server takes (RFC 2045 §6). */
import { isAscii } from 'node:buffer';
import type { ContentSource } from './content-sources.js';
import { MAX_LINE_OCTETS } from '../core/limits.js';

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

/** The longest line in octets, CR and LF both ending a line; native searches, no loop over every byte. */
function longestLineOf(data: Buffer): number {
  let longest = 0;
  let start = 0;
  let nextCr = data.indexOf(0x0d);
  let nextLf = data.indexOf(0x0a);
  while (start < data.length) {
    if (nextCr !== -1 && nextCr < start) nextCr = data.indexOf(0x0d, start);
    if (nextLf !== -1 && nextLf < start) nextLf = data.indexOf(0x0a, start);
    const end = nextCr === -1 ? (nextLf === -1 ? data.length : nextLf) : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
    if (end - start > longest) longest = end - start;
    start = end + 1;
  }
  return longest;
}

/**
 * Whether text is plain 7bit (ASCII, no NUL, every line within the limit), found with native searches: the
 * common case for body text, which then needs no per-octet profile.
 */
function isPlain7bit(data: Buffer): boolean {
  return isAscii(data) && data.indexOf(0) === -1 && longestLineOf(data) <= MAX_LINE_OCTETS;
}

/** One linear pass over the content. */
export function profileText(data: Buffer): TextProfile {
  let isAscii = true;
  let hasNul = false;
  let longestLine = 0;
  let line = 0;
  let qpOctets = 0;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (byte === 0x0d || byte === 0x0a) {
      if (line > longestLine) longestLine = line;
      line = 0;
      qpOctets += 1;
      continue;
    }
    line++;
    if (byte >= 0x80) isAscii = false;
    if (byte === 0) hasNul = true;
    qpOctets += (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) || byte === 0x20 || byte === 0x09 ? 1 : 3;
  }
  if (line > longestLine) longestLine = line;
  return { isAscii, hasNul, longestLine, qpOctets };
}

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
export function chooseTransferEncoding(choice: EncodingChoice): TransferEncoding {
  if (!choice.isText) return 'base64';
  if (choice.source.kind !== 'buffer') return choice.preferred ?? 'quoted-printable';
  if (isPlain7bit(choice.source.data)) return '7bit';
  const profile = profileText(choice.source.data);
  const shortLines = profile.longestLine <= MAX_LINE_OCTETS && !profile.hasNul;
  if (shortLines && profile.isAscii) return '7bit';
  if (choice.preferred) return choice.preferred;
  if (shortLines && choice.eightBitMime) return '8bit';
  return profile.qpOctets <= Math.ceil(choice.source.data.length / 3) * 4 ? 'quoted-printable' : 'base64';
}
