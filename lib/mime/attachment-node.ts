/** One attachment (content, file, URL or raw part) as a MIME node with its type, name and disposition. */
import { SmtpError } from '../core/errors.js';
import type { AccessPolicy, ContentSource } from './content-sources.js';
import { resolveContent, resolveFields, suggestedName } from './content-sources.js';
import { applyCustomHeaders, parseCustomHeaders } from './headers/custom-headers.js';
import type { HeaderSpec } from './headers/header-spec.js';
import { formatWithParameters } from './headers/header-lines.js';
import { normalizeMessageId } from './ids.js';
import type { Attachment } from './message.interface.js';
import type { MimeNode } from './render-tree.js';
import { contentTypeFor } from './mime-types.js';
import { checkContentType, checkTransferEncoding } from './part-checks.js';

function filenameFor(attachment: Attachment, source: ContentSource, label: string): string | undefined {
  if (attachment.filename === false) return undefined;
  if (attachment.filename !== undefined && attachment.filename !== null) {
    if (typeof attachment.filename !== 'string') throw new SmtpError('EMESSAGE', `${label}: filename must be a string`);
    return attachment.filename;
  }
  return suggestedName(source);
}

function dispositionFor(attachment: Attachment, label: string): string {
  const value = attachment.contentDisposition ?? (attachment.cid ? 'inline' : 'attachment');
  if (value !== 'attachment' && value !== 'inline') {
    throw new SmtpError('EMESSAGE', `${label}: contentDisposition must be "attachment" or "inline"`);
  }
  return value;
}

/**
 * The node for `attachments[index]`. The type comes from `contentType`, else a data: URL's type, else
 * the file name (guessed from the name); names go out per RFC 2231 when they need it, in both
 * Content-Type `name` and Content-Disposition `filename`. Custom headers replace generated ones.
 * @throws SmtpError EMESSAGE, EFILEACCESS, EURLACCESS
 */
export function buildAttachment(attachment: Attachment, index: number, policy: AccessPolicy): MimeNode {
  if (typeof attachment !== 'object' || attachment === null) throw new SmtpError('EMESSAGE', `attachment #${index + 1} must be an object`);
  const label = typeof attachment.filename === 'string' ? `attachment ${JSON.stringify(attachment.filename)}` : `attachment #${index + 1}`;
  if (attachment.raw !== undefined && attachment.raw !== null) {
    return { kind: 'raw', source: resolveContent(attachment.raw, policy, label), label };
  }
  const source = resolveFields(attachment, policy, label) ?? { kind: 'buffer', data: Buffer.alloc(0) };
  const filename = filenameFor(attachment, source, label);
  const baseType = attachment.contentType
    ? checkContentType(attachment.contentType, label)
    : (source.kind === 'buffer' && source.contentType) || contentTypeFor(filename);
  const contentType = formatWithParameters(baseType, { name: filename });
  const generated: HeaderSpec[] = [
    { name: 'Content-Disposition', kind: 'raw', value: formatWithParameters(dispositionFor(attachment, label), { filename }) },
  ];
  if (attachment.cid) generated.push({ name: 'Content-ID', kind: 'raw', value: normalizeMessageId(String(attachment.cid), `${label} cid`) });
  const custom = parseCustomHeaders(attachment.headers);
  const customNames = new Set(custom.map((h) => h.name.toLowerCase()));
  const transferEncoding = checkTransferEncoding(attachment.contentTransferEncoding, label);
  return {
    kind: 'leaf', contentType, source, isText: false, label,
    headers: applyCustomHeaders(generated, custom),
    ...(transferEncoding === undefined ? {} : { transferEncoding }),
    omit: new Set([...customNames].filter((n) => n === 'content-type' || n === 'content-transfer-encoding')),
  };
}
