/** Traces each connection the transport opens on the connect channel, and its close on the close channel. */
import type { SmtpConnection } from '../../smtp/connection.js';
import type { ResolvedSmtpOptions } from '../options.js';
import { closeChannel, connectChannel, type SmtpConnectEvent } from './channels.js';
import { serverTarget } from './send-trace.js';
import { tracePromise, type PayloadDescriber } from './trace-promise.js';

const describeConnect: PayloadDescriber<SmtpConnectEvent, SmtpConnection> = {
  result(payload, connection) {
    payload.tls = connection.secure;
    payload.startTls = connection.secure && !payload.secure;
    // The same payload announces the close, so that a subscriber can pair it with this opening.
    if (connection.phase === 'closed') closeChannel.publish(payload);
    else connection.once('close', () => closeChannel.publish(payload));
  },
};

/**
 * Opens a connection, traced on the connect channel when anyone subscribes; otherwise opens it as it is.
 * @param pooled whether the connection may serve several messages (false for `verify()`)
 */
export function traceConnect(options: ResolvedSmtpOptions, pooled: boolean, open: () => Promise<SmtpConnection>): Promise<SmtpConnection> {
  if (!connectChannel.hasSubscribers) return open();
  const payload: SmtpConnectEvent = { ...serverTarget(options), pooled, proxied: options.proxy !== undefined };
  return tracePromise(connectChannel, payload, open, describeConnect);
}
