import { proxyError, quoteAnswer } from './proxy-errors.js';
import { formatAuthority } from './proxy-url.js';
/** The most the proxy's response head may take; a proxy is not allowed to make us buffer more. */
export const MAX_CONNECT_RESPONSE_HEAD_BYTES = 16 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: [^\r\n]*)?$/;
/** The length of a response head (through its empty line, CRLF or bare LF), or -1 while incomplete. */
export function findHeadEnd(buffered) {
    const crlf = buffered.indexOf('\r\n\r\n');
    const lf = buffered.indexOf('\n\n');
    const ends = [crlf >= 0 ? crlf + 4 : Infinity, lf >= 0 ? lf + 2 : Infinity];
    const end = Math.min(...ends);
    return end === Infinity ? -1 : end;
}
function buildRequest(proxy, target) {
    const authority = formatAuthority(target.host, target.port);
    const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.user !== undefined || proxy.pass !== undefined) {
        const credentials = Buffer.from(`${proxy.user ?? ''}:${proxy.pass ?? ''}`).toString('base64');
        lines.push(`Proxy-Authorization: Basic ${credentials}`);
    }
    return `${lines.join('\r\n')}\r\n\r\n`;
}
/**
 * Asks the proxy for a tunnel to `target` and waits for a 2xx answer. Interim 1xx heads are skipped.
 *
 * @throws SmtpError `EPROXY` for a non-2xx status (the status line is quoted), an answer that is not
 *   HTTP, or a head over 16 KiB.
 */
export async function httpConnectHandshake(socket, reader, proxy, target) {
    socket.write(buildRequest(proxy, target));
    let budget = MAX_CONNECT_RESPONSE_HEAD_BYTES;
    for (;;) {
        const head = await reader.read(findHeadEnd, budget);
        budget -= head.length;
        const statusLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
        const match = STATUS_LINE.exec(statusLine);
        if (!match)
            throw proxyError(proxy, `answered CONNECT with something other than HTTP: "${quoteAnswer(head)}"`);
        const status = Number(match[1]);
        if (status >= 100 && status < 200)
            continue;
        if (status >= 200 && status < 300)
            return;
        const hint = status === 407 ? (proxy.user === undefined ? ' (add user:pass@ to the proxy URL)' : ' (check the proxy user and password)') : '';
        throw proxyError(proxy, `refused CONNECT to ${formatAuthority(target.host, target.port)}: ${quoteAnswer(Buffer.from(statusLine, 'latin1'))}${hint}`);
    }
}
//# sourceMappingURL=http-connect.js.map