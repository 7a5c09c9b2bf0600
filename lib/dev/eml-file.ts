/** `.eml` files: their names, a check that the folder takes them, and a write that never leaves half a file. */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, createWriteStream, closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SmtpError } from '../core/errors.js';

/** Longest id part of a file name: file systems allow 255 bytes a name, and the date and suffixes need room. */
const MAX_ID_CHARS = 160;
/** Attempts at a free name when messages share a second and a Message-ID (a caller's fixed id sent twice). */
const MAX_NAME_ATTEMPTS = 100;

/**
 * The file name for a message: `20261207T063000Z-<id>.eml`, UTC, the Message-ID without brackets and with any
 * character outside `[A-Za-z0-9._@+-]` replaced by `_`, so that sorting by name sorts by time.
 */
export function emlFileName(date: Date, messageId: string): string {
  const stamp = date.toISOString().replace(/\.\d{3}/, '').replace(/[-:]/g, '');
  const id = messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@+-]/g, '_').slice(0, MAX_ID_CHARS);
  return `${stamp}-${id || `no-id-${randomBytes(6).toString('hex')}`}.eml`;
}

function refuseFolder(dir: string, why: string, cause?: unknown): never {
  throw new SmtpError('ECONFIG', `file:// folder ${JSON.stringify(dir)} ${why}`, { cause });
}

/**
 * Checks, once at creation, that `dir` is an absolute path to an existing folder the process can create files in.
 * Beyond the permission bits (which root passes regardless) it creates and removes an empty probe file, so a
 * read-only mount, or a folder such as /proc that takes no new files, fails here rather than at the first send.
 * @throws SmtpError ECONFIG saying what is wrong with the folder.
 */
export function checkWritableFolder(dir: string): void {
  if (typeof dir !== 'string' || !isAbsolute(dir)) refuseFolder(String(dir), 'is not an absolute path (file:///var/mail/out)');
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (err) {
    return refuseFolder(dir, `does not exist or cannot be read (${(err as NodeJS.ErrnoException).code}); create it first`, err);
  }
  if (!isFolder) refuseFolder(dir, 'is not a folder');
  const probe = join(dir, `.nestjs-smtp-probe-${randomBytes(6).toString('hex')}`);
  try {
    accessSync(dir, constants.W_OK);
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (err) {
    refuseFolder(dir, `is not writable (${(err as NodeJS.ErrnoException).code})`, err);
  }
}

/** Gives `temp` the name `name` in `dir` without replacing a file already there; returns the path it got. */
async function publish(temp: string, dir: string, name: string): Promise<string> {
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const target = join(dir, attempt === 0 ? name : name.replace(/\.eml$/, `-${attempt}.eml`));
    try {
      // link() fails on an existing name where rename() would silently replace it.
      await link(temp, target);
      await unlink(temp);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // A file system without hard links: rename, still atomic, after a name check that can race (dev use only).
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        await rename(temp, target);
        return target;
      }
      throw err;
    }
  }
  throw new Error(`no free file name for ${name} after ${MAX_NAME_ATTEMPTS} attempts`);
}

/**
 * Writes `source` to `dir/name` (or `name-1.eml`, ... when taken): first to a hidden temporary file, then
 * linked into place, so a reader never sees a partial message and a failure leaves nothing behind.
 * @throws SmtpError ESTREAM when the folder cannot be written (the file system's code in the message and `cause`),
 *   or the source's own SmtpError when the message content failed.
 */
export async function writeEmlFile(dir: string, name: string, source: Readable): Promise<{ path: string; size: number }> {
  const temp = join(dir, `.${randomBytes(8).toString('hex')}.eml.part`);
  try {
    const output = createWriteStream(temp, { flags: 'wx' });
    await pipeline(source, output);
    const path = await publish(temp, dir, name);
    return { path, size: output.bytesWritten };
  } catch (err) {
    source.destroy();
    await unlink(temp).catch(() => undefined);
    // The composer's own errors (a content source failed) keep their code and message.
    if (err instanceof SmtpError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new SmtpError('ESTREAM', `could not write ${name} to ${dir}${code ? ` (${code})` : ''}: ${(err as Error).message}`, { cause: err });
  }
}
