/** FileTransport (`file:///folder`): writes each composed message to the folder as an `.eml` file. */
import type { MailDefaults } from '../mime/message.interface.js';
import type { LocalMessage } from '../transport/local-message.js';
import { LocalTransport, type LocalDelivery } from '../transport/local-transport.js';
import { resolveOptions } from '../transport/options.js';
import { sharedDevOptions, type FileTransportOptions } from './dev-options.js';
import { checkWritableFolder, emlFileName, writeEmlFile } from './eml-file.js';

/**
 * A transport that writes each message, composed and checked as for a real send, to `dir` as
 * `20261207T063000Z-<message-id>.eml`, which any mail client opens. Files appear whole or not at all.
 */
export class FileTransport extends LocalTransport {
  /** The folder messages are written to. */
  readonly dir: string;

  /** @throws SmtpError ECONFIG when `dir` is not an absolute path to an existing, writable folder, or for a bad option. */
  constructor(options: FileTransportOptions, defaults?: MailDefaults) {
    super(resolveOptions(sharedDevOptions(options)), defaults);
    checkWritableFolder(options.dir);
    this.dir = options.dir;
  }

  /** @throws SmtpError ESTREAM when the folder can no longer be written (nothing is left behind). */
  protected async deliver(message: LocalMessage): Promise<LocalDelivery> {
    const { path, size } = await writeEmlFile(this.dir, emlFileName(new Date(), message.messageId), message.compose());
    this.log.info(`message ${message.messageId || '(no Message-ID)'} written to ${path}`);
    return { response: `250 2.0.0 Written to ${path}`, messageSize: size };
  }

  /** The folder still exists and takes new files. @throws SmtpError ECONFIG as at creation. */
  protected override async probe(): Promise<void> {
    checkWritableFolder(this.dir);
  }
}
