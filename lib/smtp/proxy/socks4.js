import { ipv4ToBytes } from './ip-bytes.js';
import { proxyError, quoteAnswer } from './proxy-errors.js';
const SOCKS4_VERSION = 0x04;
const CMD_CONNECT = 0x01;
const REPLY_LENGTH_BYTES = 8;
const REQUEST_GRANTED = 0x5a;
const REPLY_MEANINGS = {
    0x5b: 'request rejected or failed',
    0x5c: 'request rejected: the proxy cannot reach identd on this client',
    0x5d: 'request rejected: identd does not confirm the user id',
};
/**
 * Asks a SOCKS4 proxy for a connection. `address` is either an IPv4 literal (SOCKS4, or SOCKS4a with
 * an IP target) or a host name, which SOCKS4a sends after the user id with the IP set to 0.0.0.1 so
 * the proxy resolves it.
 *
 * @throws SmtpError `EPROXY` when the proxy refuses (the reply code's meaning is quoted) or answers garbage.
 */
export async function socks4Handshake(socket, reader, proxy, target) {
    const port = Buffer.alloc(2);
    port.writeUInt16BE(target.port);
    const parts = [
        Buffer.from([SOCKS4_VERSION, CMD_CONNECT]),
        port,
        target.isName ? Buffer.from([0, 0, 0, 1]) : ipv4ToBytes(target.address),
        Buffer.from(`${proxy.user ?? ''}\0`),
    ];
    if (target.isName)
        parts.push(Buffer.from(`${target.address}\0`));
    socket.write(Buffer.concat(parts));
    const reply = await reader.readExactly(REPLY_LENGTH_BYTES);
    // The reply's version byte is 0 per the protocol note; some servers echo 4.
    if (reply[0] !== 0x00 && reply[0] !== SOCKS4_VERSION) {
        throw proxyError(proxy, `answered with something other than a SOCKS4 reply: "${quoteAnswer(reply)}"`);
    }
    const code = reply[1] ?? 0;
    if (code === REQUEST_GRANTED)
        return;
    const meaning = REPLY_MEANINGS[code];
    if (meaning === undefined)
        throw proxyError(proxy, `answered with an unknown SOCKS4 reply code 0x${code.toString(16)}`);
    throw proxyError(proxy, `refused the connection to ${target.address}:${target.port}: ${meaning} (0x${code.toString(16)})`);
}
//# sourceMappingURL=socks4.js.map