/** MailerDevStore: the messages a `memory://` transport kept, newest first, bounded, with live notifications. */
import { EventEmitter } from 'node:events';
import { SmtpError } from '../core/errors.js';
import type { Envelope } from '../core/envelope.js';
import { readMessage } from '../mime/read/read-message.js';
import type { ReadMessage } from '../mime/read/read-message.js';

/** How many messages a store keeps unless told otherwise. */
export const DEFAULT_DEV_STORE_MAX = 1000;

/** One message as a dev transport composed it, read back the way a mail client would. */
export interface CapturedMail extends ReadMessage {
  /** The store's own id for it (`'1'`, `'2'`, ...): unique in the store, safe in a URL, never reused. */
  id: string;
  /** The SMTP envelope (Bcc recipients included). */
  envelope: Envelope;
  /** With angle brackets; empty for a `raw` message without one. */
  messageId: string;
  /** When the transport kept it. */
  date: Date;
  /** Octets of the whole message. */
  size: number;
  /** The whole message, as it would follow DATA: the content of an `.eml` file. */
  raw: Buffer;
}

/** Events of a store: `message` after one is kept, `clear` after `clear()`. */
export interface MailerDevStoreEvents {
  /** A message was kept (newest). */
  message: [CapturedMail];
  /** Every message was forgotten. */
  clear: [];
}

/**
 * The messages of one or more `memory://` transports, in the process. Keeps the last `max` (oldest dropped
 * first). `on('message', ...)` hears each new message as it is kept, which is how a live inbox stays current;
 * listeners run synchronously inside `sendMail` and must not throw.
 *
 * @example
 * const transport = createMailTransport('memory://?max=50');
 * await transport.sendMail({ from: 'app@example.com', to: 'ann@example.com', subject: 'Hi', text: 'Hello' });
 * transport.store.list()[0].subject; // 'Hi'
 */
export class MailerDevStore extends EventEmitter<MailerDevStoreEvents> {
  /** How many messages are kept. */
  readonly max: number;
  /** Oldest first, as kept; `list()` gives the reverse. */
  private readonly mails: CapturedMail[] = [];
  private readonly byId = new Map<string, CapturedMail>();
  private lastId = 0;

  /** @throws SmtpError ECONFIG when `max` is not a positive integer. */
  constructor(options: { max?: number } = {}) {
    super();
    const max = options.max ?? DEFAULT_DEV_STORE_MAX;
    if (!Number.isInteger(max) || max < 1) throw new SmtpError('ECONFIG', 'invalid option max: expected a positive integer (memory://?max=50)');
    this.max = max;
  }

  /** How many messages the store holds now. */
  get size(): number {
    return this.mails.length;
  }

  /** Every message held, newest first. */
  list(): CapturedMail[] {
    return [...this.mails].reverse();
  }

  /** One message by its store id. */
  get(id: string): CapturedMail | undefined {
    return this.byId.get(id);
  }

  /** One message's bytes, the content of an `.eml` file. */
  raw(id: string): Buffer | undefined {
    return this.byId.get(id)?.raw;
  }

  /** Forgets every message, then emits `clear`. Ids are not reused afterwards. */
  clear(): void {
    this.mails.length = 0;
    this.byId.clear();
    this.emit('clear');
  }

  /**
   * Keeps a message given as bytes, e.g. one an SMTP server received, read back as the memory transport reads
   * its own; the Message-ID comes from its header. Emits `message`.
   */
  addRaw(raw: Buffer, envelope: Envelope): CapturedMail {
    const read = readMessage(raw);
    const messageId = read.headers['message-id']?.[0]?.trim() ?? '';
    return this.add({ ...read, envelope: { from: envelope.from, to: [...envelope.to] }, messageId, date: new Date(), size: raw.length, raw });
  }

  /** @internal Keeps a message (dropping the oldest past `max`), then emits `message`. Called by the memory transport. */
  add(mail: Omit<CapturedMail, 'id'>): CapturedMail {
    this.lastId += 1;
    const kept: CapturedMail = { ...mail, id: String(this.lastId) };
    this.mails.push(kept);
    this.byId.set(kept.id, kept);
    while (this.mails.length > this.max) this.byId.delete(this.mails.shift()!.id);
    this.emit('message', kept);
    return kept;
  }
}
